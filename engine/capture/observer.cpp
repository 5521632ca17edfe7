#include "capture/observer.h"

#include <algorithm>

#include "trace_text.h"

namespace tcplab {
namespace {

constexpr uint32_t kIp[2] = {0x0A000001, 0x0A000002};  // the trace's stand-in addresses for A and B
constexpr int kMaxCatchUp = 64;
// The most bytes the observers take as sent but not captured (a gap, or a crafted sequence jump).
constexpr uint32_t kMaxGap = 4u << 20;

bool pure_syn(const Segment& s) { return s.has(kSYN) && !s.has(kACK); }
bool synchronized(State s) { return s != State::Closed && s != State::Listen && s != State::SynSent; }

struct Emitted {
    Segment seg;
    std::vector<Rule> rules;  // what fired in the event that sent it
};

class Analysis;

// One side's observer: the engine's Endpoint and the Env it runs in.
class Side final : public Env {
public:
    Side(Analysis& a, int side) : a_(a), side_(side) {}
    Analysis& a_;
    int side_;
    Endpoint ep;
    bool exists = false;      // an endpoint was created (an OPEN was inferred)
    bool refuses = false;     // no listener: arriving segments get the closed port's RST
    Seq isn = 0;
    Seq app_end = 0;          // the end of the bytes the application has handed to SEND
    uint8_t wscale = 0;       // its window scale shift, when both SYNs carried the option
    std::vector<Emitted> emitted;
    std::vector<Rule> rules;  // fired during the current event
    Micros tw_deadline = kNever;

    Micros now() const override;
    Seq choose_isn(const Endpoint&) override {
        app_end = isn + 1;  // the application's bytes start after the SYN
        return isn;
    }
    void output(const Endpoint&, Segment seg, bool) override { emitted.push_back({std::move(seg), rules}); }
    void timer_changed(const Endpoint& e, TimerKind kind) override;
    bool tracing() const override { return true; }
    void trace_state(const Endpoint& e, State from, State to, Rule rule) override;
    void trace_rule(const Endpoint& e, Rule rule) override;
    void on_established(Endpoint&) override {}
    void on_data(Endpoint&) override {}
    void on_closed(Endpoint&, SocketError) override {}
    void on_back_to_listen(Endpoint&) override {}

    void create(const Profile& p, const CaptureConnection& c) {
        ep = Endpoint(side_, p);
        Tcb& t = ep.tcb_for_setup();
        t.local_ip = kIp[side_];
        t.remote_ip = kIp[1 - side_];
        t.local_port = side_ == 0 ? c.a_port : c.b_port;
        t.remote_port = side_ == 0 ? c.b_port : c.a_port;
        exists = true;
    }
    State state() const { return exists ? ep.state() : State::Closed; }
};

class Analysis {
public:
    Analysis(const CaptureConnection& c, const Profile& p, ObservedConnection& out)
        : c_(c), profile_(p), out_(out), sides_{Side(*this, 0), Side(*this, 1)} {}

    const CaptureConnection& c_;
    Profile profile_;
    ObservedConnection& out_;
    Side sides_[2];
    Micros now_ = 0;
    bool quiet_ = false;  // setting up a connection the capture joined late: no trace entries

    Micros rel(int64_t ns) const { return (ns - out_.start_ns) / 1000; }

    TraceEntry& add(TraceKind kind, int host, int conn) {
        out_.trace.emplace_back();
        TraceEntry& t = out_.trace.back();
        t.index = out_.trace.size() - 1;
        t.time = now_;
        t.kind = kind;
        t.host = host;
        t.conn = conn;
        return t;
    }

    const std::string& name(int side) const { return out_.config.hosts[side].name; }

    void call(int side, const char* what, const std::string& text, std::vector<TraceParam> params = {}) {
        if (quiet_) return;
        TraceEntry& t = add(TraceKind::UserCall, side, side);
        t.key = std::string("call.") + what;
        params.push_back({"inferred", "true"});
        t.params = std::move(params);
        t.text = name(side) + ": " + text;
    }

    void state_changed(int side, const Endpoint& e, State from, State to, Rule rule) {
        out_.states[side].push_back({out_.start_ns + now_ * 1000, to});
        if (to == State::TimeWait) {
            out_.time_wait_start_ns[side] = out_.start_ns + now_ * 1000;
            out_.time_wait_end_ns[side] = out_.time_wait_start_ns[side] + profile_.time_wait_duration() * 1000;
        }
        if (quiet_) return;
        TraceEntry& t = add(TraceKind::StateChange, side, side);
        const RuleInfo& ri = rule_info(rule);
        t.key = std::string("rule.") + ri.key;
        t.from = from;
        t.to = to;
        t.rule = rule;
        const Tcb& tcb = e.tcb();
        t.params = {{"from", state_name(from)}, {"to", state_name(to)}, {"section", ri.section},
                    {"iss", std::to_string(tcb.iss)}, {"irs", std::to_string(tcb.irs)},
                    {"snd_una", std::to_string(tcb.snd_una)}, {"snd_nxt", std::to_string(tcb.snd_nxt)},
                    {"rcv_nxt", std::to_string(tcb.rcv_nxt)}, {"inferred", "true"}};
        t.text = name(side) + ": " + state_name(from) + " -> " + state_name(to) + " (" + ri.en + ")";
    }

    void rule_fired(int side, State state, Rule rule) {
        if (quiet_) return;
        TraceEntry& t = add(TraceKind::RuleFired, side, side);
        const RuleInfo& ri = rule_info(rule);
        t.key = std::string("rule.") + ri.key;
        t.from = t.to = state;
        t.rule = rule;
        t.params = {{"state", state_name(state)}, {"section", ri.section}, {"inferred", "true"}};
        t.text = name(side) + ": " + ri.en;
    }

    void timer(int side, TimerKind kind, Micros deadline, TraceKind k) {
        if (quiet_) return;
        TraceEntry& t = add(k, side, side);
        t.key = std::string("timer.") + timer_name(kind);
        t.timer = kind;
        t.deadline = deadline;
        t.params = {{"timer", timer_name(kind)}, {"deadline", time_text(deadline)}};
        t.text = name(side) + ": " + timer_name(kind) + " timer " +
                 (k == TraceKind::TimerFired ? "expired" : "set, expires at " + time_text(deadline) + " (profile " +
                                                                profile_.name + ")");
    }

    Segment as_arriving(const CapturedSegment& cs, int sender) const {
        Segment s = cs.seg;
        s.payload.assign(cs.payload_len, 0);
        if (!s.has(kSYN)) s.window = static_cast<uint16_t>(std::min<uint64_t>(65535, uint64_t(s.window) << sides_[sender].wscale));
        return s;
    }

    void run();
    void setup();
    void fire_time_wait(Micros until);
    void send_event(size_t i);
    void arrive_event(size_t i);
    void fill_gap(size_t i);
    void synthetic_handshake(Seq a_iss, Seq b_iss, std::optional<uint16_t> a_mss, std::optional<uint16_t> b_mss);
};

Micros Side::now() const { return a_.now_; }

void Side::timer_changed(const Endpoint& e, TimerKind kind) {
    if (kind != TimerKind::TimeWait) return;
    const Micros d = e.timer_deadline(kind);
    if (d == tw_deadline) return;
    tw_deadline = d;
    if (d != kNever) {
        a_.out_.time_wait_end_ns[side_] = a_.out_.start_ns + d * 1000;
        a_.timer(side_, kind, d, TraceKind::TimerSet);
    }
}

void Side::trace_state(const Endpoint& e, State from, State to, Rule rule) {
    rules.push_back(rule);
    a_.state_changed(side_, e, from, to, rule);
}

void Side::trace_rule(const Endpoint& e, Rule rule) {
    rules.push_back(rule);
    a_.rule_fired(side_, e.state(), rule);
}

// Two shadows that were ESTABLISHED before the capture began: their handshake is run here, with no
// trace, so that their TCBs hold the numbers the capture continues from.
void Analysis::synthetic_handshake(Seq a_iss, Seq b_iss, std::optional<uint16_t> a_mss, std::optional<uint16_t> b_mss) {
    quiet_ = true;
    Side& A = sides_[0];
    Side& B = sides_[1];
    A.create(profile_, c_);
    B.create(profile_, c_);
    A.isn = a_iss;
    B.isn = b_iss;
    B.ep.open_passive(B);
    A.ep.open_active(A);
    Segment syn;
    syn.src_port = c_.a_port;
    syn.dst_port = c_.b_port;
    syn.seq = a_iss;
    syn.flags = kSYN;
    syn.window = 65535;
    syn.options.mss = a_mss ? a_mss : std::optional<uint16_t>(65495);
    B.ep.segment_arrives(B, syn);
    Segment synack = syn;
    std::swap(synack.src_port, synack.dst_port);
    synack.seq = b_iss;
    synack.ack = a_iss + 1;
    synack.flags = kSYN | kACK;
    synack.options.mss = b_mss ? b_mss : std::optional<uint16_t>(65495);
    A.ep.segment_arrives(A, synack);
    Segment ack = syn;
    ack.seq = a_iss + 1;
    ack.ack = b_iss + 1;
    ack.flags = kACK;
    ack.options = {};
    B.ep.segment_arrives(B, ack);
    A.app_end = a_iss + 1;
    B.app_end = b_iss + 1;
    A.emitted.clear();
    B.emitted.clear();
    quiet_ = false;
}

void Analysis::setup() {
    const auto& segs = c_.segments;
    const CapturedSegment* first_a = nullptr;
    const CapturedSegment* first_b = nullptr;
    const CapturedSegment* syn_a = nullptr;
    const CapturedSegment* syn_b = nullptr;
    for (const auto& s : segs) {
        const bool a = c_.from_a(s);
        (a ? first_a : first_b) = (a ? first_a : first_b) ? (a ? first_a : first_b) : &s;
        if (s.seg.has(kSYN)) (a ? syn_a : syn_b) = (a ? syn_a : syn_b) ? (a ? syn_a : syn_b) : &s;
    }
    // RFC 7323 2.2: windows are scaled only when both SYNs carry the option.
    if (syn_a && syn_b && syn_a->seg.options.window_scale && syn_b->seg.options.window_scale) {
        sides_[0].wscale = std::min<uint8_t>(14, *syn_a->seg.options.window_scale);
        sides_[1].wscale = std::min<uint8_t>(14, *syn_b->seg.options.window_scale);
    }
    const CapturedSegment& first = segs.front();
    for (int side = 0; side < 2; ++side) out_.states[side].push_back({first.time_ns, State::Closed});

    if (pure_syn(first.seg) && c_.from_a(first)) {
        // A opens when its SYN is sent. B: a SYN,ACK says it listened, an RST that no one did.
        if (first_b && first_b->seg.has(kSYN | kACK)) {
            Side& B = sides_[1];
            B.create(profile_, c_);
            B.isn = first_b->seg.seq;
            call(1, "listen", "listen() (inferred: B answered the SYN with SYN,ACK; the capture cannot show when it began)",
                 {{"port", std::to_string(c_.b_port)}});
            B.ep.open_passive(B);
        } else if (first_b && first_b->seg.has(kRST)) {
            sides_[1].refuses = true;
        } else if (!first_b) {
            out_.uncertain.push_back("B never answered: its state is unknown (no host, a firewall, or the SYN was lost "
                                     "before it got there)");
        }
        return;
    }
    if (first.seg.has(kSYN | kACK) && !c_.from_a(first)) {
        // The capture starts after A's SYN: both sides are set up to where the SYN,ACK is sent.
        out_.uncertain.push_back("the capture starts after A's SYN: A's SYN_SENT and B's LISTEN are inferred");
        quiet_ = true;
        Side& A = sides_[0];
        Side& B = sides_[1];
        A.create(profile_, c_);
        B.create(profile_, c_);
        A.isn = first.seg.ack - 1;
        B.isn = first.seg.seq;
        B.ep.open_passive(B);
        A.ep.open_active(A);
        A.app_end = A.isn + 1;
        Segment syn;
        syn.src_port = c_.a_port;
        syn.dst_port = c_.b_port;
        syn.seq = A.isn;
        syn.flags = kSYN;
        syn.window = 65535;
        syn.options.mss = 65495;
        B.ep.segment_arrives(B, syn);
        A.emitted.clear();
        quiet_ = false;
        out_.states[0].back().state = A.state();
        out_.states[1].back().state = B.state();
        return;
    }
    // Mid-connection: each side's next sequence number is its first segment's, or the peer's ACK.
    auto next_of = [&](const CapturedSegment* own, const CapturedSegment* peer_first) -> std::optional<Seq> {
        if (own) return own->seg.seq;
        if (peer_first && peer_first->seg.has(kACK)) return peer_first->seg.ack;
        return std::nullopt;
    };
    const auto a_next = next_of(first_a, first_b);
    const auto b_next = next_of(first_b, first_a);
    out_.uncertain.push_back("the capture starts mid-connection: both sides are taken as ESTABLISHED at its first "
                             "segment");
    if (!a_next || !b_next) out_.uncertain.push_back("one side's sequence numbers never appear: its numbers are guessed");
    synthetic_handshake(a_next.value_or(1) - 1, b_next.value_or(1) - 1, std::nullopt, std::nullopt);
    out_.states[0].back().state = sides_[0].state();
    out_.states[1].back().state = sides_[1].state();
}

void Analysis::fire_time_wait(Micros until) {
    for (Side& s : sides_) {
        if (!s.exists || s.ep.state() != State::TimeWait || s.tw_deadline > until) continue;
        now_ = s.tw_deadline;
        s.rules.clear();
        timer(s.side_, TimerKind::TimeWait, s.tw_deadline, TraceKind::TimerFired);
        s.ep.timeout(s, TimerKind::TimeWait);
        s.tw_deadline = kNever;
    }
}

bool same_segment(const Segment& emitted, const Segment& captured) {
    constexpr uint16_t kCtl = kSYN | kFIN | kRST | kACK;
    if ((emitted.flags & kCtl) != (captured.flags & kCtl) || emitted.seq != captured.seq) return false;
    return !captured.has(kACK) || emitted.ack == captured.ack;
}

std::string rules_text(const std::vector<Rule>& rules) {
    std::string out;
    for (Rule r : rules) {
        const RuleInfo& ri = rule_info(r);
        const bool rfc9293 = ri.section[0] >= '0' && ri.section[0] <= '9';
        out += (out.empty() ? "" : "; ") + std::string(ri.en) + " (" + (rfc9293 ? "RFC 9293 " : "") + ri.section + ")";
    }
    return out;
}

// Segment i acknowledges bytes (or a FIN) of the peer that its sender's observer never received:
// the capture missed them. Both observers are given what must have happened: the peer's
// application sent them, and they arrived. Marked as uncertain.
void Analysis::fill_gap(size_t i) {
    const CapturedSegment& cs = c_.segments[i];
    const int side = c_.from_a(cs) ? 0 : 1;
    Side& Y = sides_[side];       // acknowledges
    Side& X = sides_[1 - side];   // sent what the capture missed
    if (!cs.seg.has(kACK) || !Y.exists || !X.exists || !synchronized(Y.ep.state()) || !synchronized(X.ep.state()))
        return;
    const Seq rcv_nxt = Y.ep.tcb().rcv_nxt;
    if (!seq_gt(cs.seg.ack, rcv_nxt) || uint32_t(cs.seg.ack - rcv_nxt) > kMaxGap) return;
    const uint32_t missing = cs.seg.ack - rcv_nxt;
    // A FIN when nothing X sends later carries data past it; else bytes.
    bool fin = !X.ep.tcb().fin_queued && !X.ep.tcb().fin_sent;
    for (size_t k = i + 1; k < c_.segments.size() && fin; ++k)
        if (c_.from_a(c_.segments[k]) == (side == 1) && c_.segments[k].payload_len > 0) fin = false;
    const uint32_t data = fin ? missing - 1 : missing;
    const std::string who = name(1 - side);
    out_.uncertain.push_back("packet " + std::to_string(cs.number) + " acknowledges " +
                             (data ? std::to_string(data) + " bytes" : std::string()) + (data && fin ? " and " : "") +
                             (fin ? "a FIN" : "") + " of " + who + " that the capture missed: taken as sent and received");
    out_.uncertain_spans.push_back({i > 0 ? c_.segments[i - 1].time_ns : cs.time_ns, cs.time_ns});
    Segment gap;
    gap.src_port = side == 0 ? c_.b_port : c_.a_port;
    gap.dst_port = side == 0 ? c_.a_port : c_.b_port;
    gap.seq = rcv_nxt;
    gap.ack = Y.ep.tcb().snd_nxt;
    gap.flags = kACK | (fin ? kFIN : 0);
    gap.window = 65535;
    gap.payload.assign(data, 0);
    if (seq_gt(rcv_nxt + data, X.app_end)) {
        const uint32_t n = rcv_nxt + data - X.app_end;
        call(1 - side, "send", "send(" + std::to_string(n) + " bytes) (inferred: the capture missed them)",
             {{"bytes", std::to_string(n)}});
        std::vector<uint8_t> bytes(n, 0);
        X.ep.send(X, bytes);
        X.app_end += n;
    }
    if (fin) {
        call(1 - side, "shutdown", "close() or shutdown() (inferred: the capture missed its FIN)");
        X.ep.close(X, false);
    }
    X.emitted.clear();
    Y.rules.clear();
    Y.ep.segment_arrives(Y, gap);
    std::vector<uint8_t> sink;
    while (Y.ep.receive(Y, sink, SIZE_MAX) > 0) sink.clear();
    Y.emitted.clear();
}

// A side sent captured segment i: what its application did, and which rule made the stack send it.
void Analysis::send_event(size_t i) {
    fill_gap(i);
    const CapturedSegment& cs = c_.segments[i];
    const int side = c_.from_a(cs) ? 0 : 1;
    Side& X = sides_[side];
    SegmentExplanation& ex = out_.segments[i];
    const Segment& s = cs.seg;
    auto match = [&]() -> bool {
        for (size_t k = 0; k < X.emitted.size(); ++k) {
            if (!same_segment(X.emitted[k].seg, s)) continue;
            if (!X.emitted[k].rules.empty()) ex.why.push_back(rules_text(X.emitted[k].rules));
            X.emitted.erase(X.emitted.begin(), X.emitted.begin() + static_cast<long>(k) + 1);
            return true;
        }
        return false;
    };
    X.rules.clear();
    bool explained = match();
    if (!explained) {
        const uint32_t len = cs.payload_len;
        if (pure_syn(s) && X.state() == State::Closed) {
            X.create(profile_, c_);
            X.isn = s.seq;
            X.app_end = s.seq + 1;
            call(side, "connect", "connect() (inferred from its SYN)",
                 {{"remote", name(1 - side)}, {"port", std::to_string(side == 0 ? c_.b_port : c_.a_port)}});
            X.ep.open_active(X);
            ex.why.push_back("the application called connect()");
        } else if (s.has(kRST)) {
            if (X.exists && X.state() != State::Closed && X.state() != State::Listen) {
                call(side, "abort", "abort() (inferred from its RST: SO_LINGER 0, or close() with unread data)");
                X.ep.abort(X);
                ex.why.push_back("the application aborted the connection (SO_LINGER 0), or closed it with unread data "
                                 "(RFC 9293 3.10.5, RFC 2525 2.17)");
            } else {
                ex.why.push_back("an RST the engine would not send here");
            }
        } else if (X.exists && X.state() != State::Listen) {
            const uint32_t ahead = s.seq + len - X.app_end;
            if (len > 0 && seq_gt(s.seq + len, X.app_end) && ahead > kMaxGap) {
                out_.uncertain.push_back("packet " + std::to_string(cs.number) + " jumps " + std::to_string(ahead) +
                                         " bytes past what " + name(side) + " sent before: not followed");
            } else if (len > 0 && seq_gt(s.seq + len, X.app_end)) {
                const uint32_t n = ahead;
                std::vector<uint8_t> bytes(n, 0);
                call(side, "send", "send(" + std::to_string(n) + " bytes) (inferred from its data)",
                     {{"bytes", std::to_string(n)}});
                X.ep.send(X, bytes);
                X.app_end += n;
                ex.why.push_back("the application sent " + std::to_string(n) + " bytes");
            }
            if (s.has(kFIN) && !X.ep.tcb().fin_queued && !X.ep.tcb().fin_sent) {
                call(side, "shutdown", "close() or shutdown() (inferred from its FIN)");
                X.ep.close(X, false);
                ex.why.push_back("the application closed its side (close or shutdown)");
            }
        }
        explained = match();
    }
    if (!explained && ex.why.empty()) {
        if (out_.segments[i].seq.has(SeqNote::Retransmission) || out_.segments[i].seq.has(SeqNote::FastRetransmission))
            ex.why.push_back("retransmitted: not acknowledged in time (RFC 9293 3.8.1, RFC 6298)");
        else if (out_.segments[i].seq.has(SeqNote::KeepAlive))
            ex.why.push_back("keep-alive: the connection was idle (RFC 9293 3.8.4)");
        else if (out_.segments[i].seq.has(SeqNote::WindowUpdate))
            ex.why.push_back("the application read data and the window opened (RFC 9293 3.8.6.2.2)");
        else if (s.flags == kACK && cs.payload_len == 0)
            ex.why.push_back("acknowledges what arrived (a delayed or extra ACK)");
    }

    if (ex.seq.transmission >= 2 && X.exists) {
        // RFC 6298 5.5: each retransmission doubles the RTO; a SYN starts from the initial RTO.
        Micros rto = s.has(kSYN) ? profile_.initial_rto : std::max(X.ep.tcb().rto, profile_.min_rto);
        for (int k = 2; k < ex.seq.transmission && rto < profile_.max_rto; ++k) rto *= 2;
        ex.expected_rto_us = std::min(rto, profile_.max_rto);
    }
    TraceEntry& t = add(TraceKind::SegmentSent, side, side);
    t.key = ex.seq.has(SeqNote::Retransmission) ? "segment.retransmit" : "segment.sent";
    t.packet_id = cs.number;
    t.peer_host = 1 - side;
    t.packet.src_ip = kIp[side];
    t.packet.dst_ip = kIp[1 - side];
    t.packet.seg = s;
    t.packet.seg.payload.assign(cs.payload_len, 0);
    t.retransmission = ex.seq.has(SeqNote::Retransmission);
    t.params = {{"src", name(side)}, {"dst", name(1 - side)}, {"flags", flags_string(s.flags)},
                {"seq", std::to_string(s.seq)}, {"ack", std::to_string(s.ack)},
                {"len", std::to_string(cs.payload_len)}, {"win", std::to_string(s.window)},
                {"capture_packet", std::to_string(cs.number)}};
    std::string notes;
    for (SeqNote n : ex.seq.notes) notes += (notes.empty() ? "" : ",") + std::string(seq_note_key(n));
    if (!notes.empty()) t.params.push_back({"analysis", notes});
    t.text = name(side) + " -> " + name(1 - side) + ": " + segment_summary(t.packet.seg) + " (packet " +
             std::to_string(cs.number) + ")";
    ex.sender_state = X.state();
    out_.trace.back().arrival = -2;  // filled in when it arrives
}

// Captured segment i reached the other side.
void Analysis::arrive_event(size_t i) {
    const CapturedSegment& cs = c_.segments[i];
    const int sender = c_.from_a(cs) ? 0 : 1;
    Side& X = sides_[1 - sender];
    X.rules.clear();
    X.emitted.clear();
    for (auto it = out_.trace.rbegin(); it != out_.trace.rend(); ++it)
        if (it->kind == TraceKind::SegmentSent && it->packet_id == cs.number && it->arrival == -2) {
            it->arrival = now_;
            break;
        }
    TraceEntry& t = add(TraceKind::SegmentDelivered, 1 - sender, 1 - sender);
    t.key = "segment.delivered";
    t.packet_id = cs.number;
    t.peer_host = sender;
    t.packet.src_ip = kIp[sender];
    t.packet.dst_ip = kIp[1 - sender];
    t.packet.seg = cs.seg;
    t.packet.seg.payload.assign(cs.payload_len, 0);
    t.params = {{"src", name(sender)}, {"dst", name(1 - sender)}, {"flags", flags_string(cs.seg.flags)},
                {"seq", std::to_string(cs.seg.seq)}, {"ack", std::to_string(cs.seg.ack)},
                {"len", std::to_string(cs.payload_len)}, {"win", std::to_string(cs.seg.window)}};
    t.text = name(sender) + " -> " + name(1 - sender) + ": " + segment_summary(t.packet.seg) + " arrives";

    const Segment seg = as_arriving(cs, sender);
    if (!X.exists || X.state() == State::Closed) {
        Segment reply;
        if (X.refuses || X.exists) {
            if (Endpoint::reset_for_closed(seg, reply)) {
                X.rules.push_back(Rule::ClosedPortReset);
                rule_fired(X.side_, State::Closed, Rule::ClosedPortReset);
                X.emitted.push_back({reply, X.rules});
            }
        }
        out_.segments[i].receiver_state = X.state();
        return;
    }
    // The real window may be wider than the engine's 64 KB: ACKs the observer's SND.NXT has not
    // reached yet are given in steps, so its SEND catches up with what the capture shows was sent.
    if (seg.has(kACK) && synchronized(X.ep.state())) {
        for (int k = 0; k < kMaxCatchUp && seq_gt(seg.ack, X.ep.tcb().snd_nxt) &&
                        seq_lt(X.ep.tcb().snd_nxt, X.app_end + (X.ep.tcb().fin_queued ? 1 : 0));
             ++k) {
            const Seq before = X.ep.tcb().snd_nxt;
            Segment step;
            step.src_port = seg.src_port;
            step.dst_port = seg.dst_port;
            step.seq = X.ep.tcb().rcv_nxt;
            step.ack = before;
            step.flags = kACK;
            step.window = 65535;
            quiet_ = true;
            X.ep.segment_arrives(X, step);
            quiet_ = false;
            if (X.ep.tcb().snd_nxt == before) break;
        }
        X.emitted.clear();
        X.rules.clear();
    }
    X.ep.segment_arrives(X, seg);
    // The application is taken to read at once: what it leaves unread is not in the capture.
    std::vector<uint8_t> sink;
    const bool q = quiet_;
    quiet_ = true;
    while (X.ep.receive(X, sink, SIZE_MAX) > 0) sink.clear();
    quiet_ = q;
    out_.segments[i].receiver_state = X.state();
}

void Analysis::run() {
    const auto& segs = c_.segments;
    out_.start_ns = segs.front().time_ns;
    out_.segments.resize(segs.size());
    const auto seq = analyze_sequence(c_);
    for (size_t i = 0; i < segs.size(); ++i) out_.segments[i].seq = seq[i];
    setup();

    struct Event {
        int64_t t;
        size_t index;
        bool arrive;
    };
    std::vector<Event> events;
    events.reserve(segs.size() * 2);
    const int64_t d = out_.one_way_ns;
    for (size_t i = 0; i < segs.size(); ++i) {
        const int sender = c_.from_a(segs[i]) ? 0 : 1;
        const int64_t t = segs[i].time_ns;
        int64_t sent = t, arrived = t;
        if (out_.vantage == Vantage::A) (sender == 0 ? arrived : sent) = sender == 0 ? t + d : t - d;
        if (out_.vantage == Vantage::B) (sender == 1 ? arrived : sent) = sender == 1 ? t + d : t - d;
        if (out_.vantage == Vantage::Senders) arrived = t + d;
        events.push_back({sent, i, false});
        events.push_back({arrived, i, true});
    }
    std::stable_sort(events.begin(), events.end(), [](const Event& x, const Event& y) {
        if (x.t != y.t) return x.t < y.t;
        if (x.index != y.index) return x.index < y.index;
        return !x.arrive && y.arrive;
    });
    const int64_t base = std::min(out_.start_ns, events.front().t);
    out_.start_ns = base;
    for (const Event& e : events) {
        fire_time_wait(rel(e.t));
        now_ = rel(e.t);
        if (e.arrive) arrive_event(e.index);
        else send_event(e.index);
    }
    // The next connection's SYN reaches this one first. In TIME-WAIT the profile's rule decides
    // whether it ends this connection early (RFC 9293 3.6.1 MAY-2, RFC 6191).
    if (c_.successor_syn) {
        const CapturedSegment& syn = *c_.successor_syn;
        const int receiver = c_.from_a(syn) ? 1 : 0;
        Side& X = sides_[receiver];
        int64_t t = syn.time_ns;
        if (out_.vantage == Vantage::Senders || (out_.vantage == Vantage::A && receiver == 1) ||
            (out_.vantage == Vantage::B && receiver == 0))
            t += out_.one_way_ns;
        fire_time_wait(rel(t));
        if (X.exists && X.ep.state() == State::TimeWait) {
            now_ = rel(t);
            X.rules.clear();
            X.ep.segment_arrives(X, as_arriving(syn, 1 - receiver));
            (void)X.ep.take_reopening_syn();  // the next connection's own analysis has it
        }
    }
}

}  // namespace

const char* vantage_name(Vantage v) {
    switch (v) {
        case Vantage::Auto: return "auto";
        case Vantage::Middle: return "middle";
        case Vantage::A: return "a";
        case Vantage::B: return "b";
        case Vantage::Senders: return "senders";
    }
    return "?";
}

State ObservedConnection::state_at(int side, int64_t time_ns) const {
    State s = states[side].empty() ? State::Closed : states[side].front().state;
    for (const StateAtTime& st : states[side]) {
        if (st.time_ns > time_ns) break;
        s = st.state;
    }
    return s;
}

ObservedConnection observe_connection(const CaptureConnection& c, const Profile& profile, Vantage vantage) {
    ObservedConnection out;
    out.config.profile = profile;
    out.config.hosts = {HostConfig{"A", kIp[0], std::nullopt, std::nullopt, c.a_text()},
                        HostConfig{"B", kIp[1], std::nullopt, std::nullopt, c.b_text()}};
    if (c.segments.empty()) return out;

    // Where was the capture taken? On one host both sides see the same times; elsewhere the
    // handshake shows it: near A, SYN -> SYN,ACK takes a round trip and SYN,ACK -> ACK none.
    int64_t t_syn = -1, t_synack = -1, t_ack = -1;
    for (const auto& s : c.segments) {
        if (t_syn < 0 && c.from_a(s) && pure_syn(s.seg)) t_syn = s.time_ns;
        else if (t_syn >= 0 && t_synack < 0 && !c.from_a(s) && s.seg.has(kSYN | kACK)) t_synack = s.time_ns;
        else if (t_synack >= 0 && t_ack < 0 && c.from_a(s) && s.seg.has(kACK)) t_ack = s.time_ns;
    }
    if (vantage == Vantage::Auto) {
        vantage = Vantage::Middle;
        const bool one_host = c.a_addr == c.b_addr || (c.a_addr.loopback() && c.b_addr.loopback());
        if (!one_host && t_ack >= 0) vantage = (t_synack - t_syn) >= (t_ack - t_synack) ? Vantage::A : Vantage::B;
    }
    out.vantage = vantage;
    if (vantage == Vantage::A && t_synack >= 0) out.one_way_ns = (t_synack - t_syn) / 2;
    if (vantage == Vantage::B && t_ack >= 0) out.one_way_ns = (t_ack - t_synack) / 2;
    if (vantage == Vantage::Senders && t_synack >= 0) out.one_way_ns = t_synack - t_syn;

    Profile p = profile;
    // The observers must follow the capture, not pace it: no congestion window or Nagle holding
    // back what the capture shows was sent, and a buffer that never closes the window.
    p.congestion_control = false;
    p.nagle = 0;
    p.nodelay = true;
    p.receive_buffer = 1u << 30;
    p.rst_on_close_with_unread_data = false;
    p.rst_on_data_after_close = false;
    p.user_timeout = 0;
    Analysis a(c, p, out);
    a.run();
    return out;
}

}  // namespace tcplab
