// The packetdrill runner: the Env of the local endpoints, a minimal socket layer and the event loop.
//
// Event loop: each script event has a time. Before an inbound segment, a call or an assertion the
// clock advances to that time, firing the endpoints' timers; any segment the local stack sent
// meanwhile that no `>` line took is unexpected (as in packetdrill). A `>` line takes the next
// sent segment, advancing the clock up to its latest time plus the tolerance.
#include "pkt_runner.h"

#include <deque>
#include <map>
#include <memory>
#include <optional>

#include "../tcp_endpoint.h"
#include "pkt_sysctl.h"

namespace tcplab::pkt {

std::string PktRunResult::summary(const std::string& file) const {
    std::string counts = std::to_string(events_run) + " events, " + std::to_string(checks) + " checks";
    if (skipped > 0) counts += ", " + std::to_string(skipped) + " skipped";
    switch (outcome) {
        case Outcome::Pass: return file + ": PASS (" + counts + ")";
        case Outcome::Skip: return file + ": SKIP (every check skipped: " + counts + ")";
        case Outcome::Fail: return file + ":" + std::to_string(line) + ": FAIL: " + message;
        case Outcome::Error:
            return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ERROR: " + message;
    }
    return file;
}

namespace {

struct Stop {
    PktRunResult::Outcome outcome;
    int line;
    int column;
    std::string message;
};

std::string time_string(Micros t) {
    char buf[32];
    snprintf(buf, sizeof buf, "%s%lld.%06lld", t < 0 ? "-" : "", static_cast<long long>((t < 0 ? -t : t) / 1000000),
             static_cast<long long>((t < 0 ? -t : t) % 1000000));
    return buf;
}

int errno_of(SocketError e) {
    if (e == SocketError::None) return 0;
    return errno_value(error_name(e)).value_or(22);
}

std::string errno_name_of(int v) {
    static const char* const names[] = {"EAGAIN", "EINVAL", "EPIPE", "EADDRINUSE", "ECONNABORTED", "ECONNRESET", "EISCONN",
                                        "ENOTCONN", "ETIMEDOUT", "ECONNREFUSED", "EALREADY", "EINPROGRESS", "EBADF",
                                        "EOPNOTSUPP"};
    for (const char* n : names)
        if (errno_value(n) == v) return n;
    return std::to_string(v);
}

constexpr Micros kMaxTime = sec(1000000000);  // keeps every sum of script times far from overflow
constexpr int kOSetfl = 2048;  // O_NONBLOCK
constexpr int kORdwr = 2;

class Runner final : public Env {
public:
    Runner(const PktScript& script, const PktRunOptions& opt) : script_(script), opt_(opt), profile_(opt.profile) {}

    PktRunResult run();

    // --- Env ---------------------------------------------------------------------------------
    Micros now() const override { return now_; }
    Seq choose_isn(const Endpoint&) override { return opt_.local_isn + 64000u * isn_count_++; }
    void output(const Endpoint& ep, Segment seg, bool retransmission) override {
        if (seg.has(kSYN)) local_isn_ = seg.seq, local_isn_known_ = true;
        std::optional<std::pair<uint16_t, uint16_t>> udp;
        if (const auto& u = conns_[static_cast<size_t>(ep.id())]->udp) udp = std::make_pair(u->second, u->first);
        out_.push_back({now_, seg, udp});
        TraceEntry e = seg_entry(TraceKind::SegmentSent, retransmission ? "segment.retransmit" : "segment.sent", 0, ep.id(), seg);
        e.arrival = now_;  // the scripted remote side takes it at once
        e.retransmission = retransmission;
        if (retransmission) e.text += " (retransmission)";
        push(std::move(e));
        note("    sent " + actual_string(seg) + (retransmission ? " (retransmission)" : ""));
    }
    void timer_changed(const Endpoint& ep, TimerKind kind) override {
        Micros d = ep.timer_deadline(kind);
        TraceEntry e = entry(d == kNever ? TraceKind::TimerCancelled : TraceKind::TimerSet, ep.id());
        e.timer = kind;
        e.deadline = d;
        e.key = std::string("timer.") + timer_name(kind);
        e.params = {{"timer", timer_name(kind)}, {"deadline", std::to_string(d)}};
        e.text = std::string(timer_name(kind)) + (d == kNever ? " timer stopped" : " timer set for " + time_string(d));
        push(std::move(e));
    }
    bool tracing() const override { return true; }
    void trace_state(const Endpoint& ep, State from, State to, Rule rule) override {
        TraceEntry e = entry(TraceKind::StateChange, ep.id());
        e.from = from;
        e.to = to;
        e.rule = rule;
        e.key = std::string("rule.") + rule_info(rule).key;
        const Tcb& tcb = ep.tcb();
        e.params = {{"from", state_name(from)}, {"to", state_name(to)}, {"section", rule_info(rule).section},
                    {"iss", std::to_string(tcb.iss)}, {"irs", std::to_string(tcb.irs)},
                    {"snd_una", std::to_string(tcb.snd_una)}, {"snd_nxt", std::to_string(tcb.snd_nxt)},
                    {"rcv_nxt", std::to_string(tcb.rcv_nxt)}};
        e.text = std::string(state_name(from)) + " -> " + state_name(to) + " (" + rule_info(rule).en + ")";
        note("    conn " + std::to_string(ep.id()) + ": " + e.text);
        push(std::move(e));
    }
    void trace_rule(const Endpoint& ep, Rule rule) override {
        TraceEntry e = entry(TraceKind::RuleFired, ep.id());
        e.rule = rule;
        e.from = e.to = ep.state();
        e.key = std::string("rule.") + rule_info(rule).key;
        e.params = {{"state", state_name(ep.state())}, {"section", rule_info(rule).section}};
        e.text = rule_info(rule).en;
        note("    conn " + std::to_string(ep.id()) + ": " + e.text);
        push(std::move(e));
    }
    void on_established(Endpoint& ep) override {
        Conn& c = *conns_[ep.id()];
        if (c.listener >= 0 && !c.queued && !c.accepted) {
            c.queued = true;
            accept_queue_[c.listener].push_back(ep.id());
        }
    }
    void on_data(Endpoint&) override {}
    void on_closed(Endpoint& ep, SocketError why) override {
        Conn& c = *conns_[ep.id()];
        c.close_error = why;
        if (why != SocketError::None) c.so_error = why;
        unqueue(ep.id());
    }
    void on_back_to_listen(Endpoint& ep) override {
        conns_[ep.id()]->dead = true;
        unqueue(ep.id());
    }

private:
    struct Conn {
        Endpoint ep;
        bool is_listener = false;
        int listener = -1;          // the listening conn this child came from
        bool queued = false, accepted = false, dead = false;
        SocketError so_error = SocketError::None;  // pending error reported by read/write/SO_ERROR
        SocketError close_error = SocketError::None;
        // The UDP encapsulation the connection was made with, as (remote, local) port; none = the
        // script's default. FreeBSD keeps the remote UDP port in the connection (t_port): a
        // segment from another port does not belong to it.
        std::optional<std::pair<uint16_t, uint16_t>> udp;
    };
    struct Sock {
        int conn = -1;              // -1: socket() only
        bool nonblocking = false;
        bool linger0 = false;
        bool bound = false;
        bool shut_wr = false;
        bool connect_reported = false;  // a nonblocking connect's result was collected
        Micros keepinit = 0;        // setsockopt(TCP_KEEPINIT): the connection's connect_timeout, 0 = the profile's
        bool nodelay = false;       // setsockopt(TCP_NODELAY) before the connection exists
    };
    struct Sent {
        Micros time;
        Segment seg;
        std::optional<std::pair<uint16_t, uint16_t>> udp;  // `/udp(sport > dport)` it leaves in
    };
    struct Pending {
        const PktEvent* ev = nullptr;
        int fd = -1;
        Micros start = 0, end = 0;
    };
    struct Result {
        int64_t ret = 0;
        int err = 0;
    };

    // --- helpers -----------------------------------------------------------------------------
    TraceEntry entry(TraceKind k, int conn) {
        TraceEntry e;
        e.time = now_;
        e.kind = k;
        e.host = 0;
        e.conn = conn;
        return e;
    }
    // A segment entry with the narration params the simulator gives (src, dst, flags, seq ...).
    // Host 0 is the local stack, host 1 the scripted remote side.
    TraceEntry seg_entry(TraceKind k, const char* key, int from, int conn, const Segment& seg) {
        TraceEntry e = entry(k, conn);
        e.host = from;
        e.peer_host = 1 - from;
        e.key = key;
        e.packet_id = ++packet_ids_;
        e.packet = from == 0 ? Packet{kPktLocalIp, kPktRemoteIp, seg} : Packet{kPktRemoteIp, kPktLocalIp, seg};
        e.params = {{"src", from == 0 ? "local" : "remote"}, {"dst", from == 0 ? "remote" : "local"},
                    {"flags", flags_string(seg.flags)}, {"seq", std::to_string(seg.seq)}, {"ack", std::to_string(seg.ack)},
                    {"len", std::to_string(seg.payload.size())}, {"win", std::to_string(seg.window)}};
        e.text = std::string(from == 0 ? "local -> remote: " : "remote -> local: ") + segment_summary(seg);
        return e;
    }
    void push(TraceEntry e) {
        e.index = result_.trace.size();
        result_.trace.push_back(std::move(e));
    }
    void note(const std::string& s) {
        if (opt_.verbose) result_.log.push_back(time_string(now_) + " " + s);
    }
    [[noreturn]] void fail(const PktEvent& ev, const std::string& msg) {
        throw Stop{PktRunResult::Outcome::Fail, ev.line, ev.column, msg};
    }
    [[noreturn]] void error(const PktEvent& ev, const std::string& msg) {
        throw Stop{PktRunResult::Outcome::Error, ev.line, ev.column, msg};
    }
    void skip(const PktEvent& ev, const std::string& what) {
        ++result_.skipped;
        result_.warnings.push_back(std::to_string(ev.line) + ": warning: skipped " + what);
    }
    void unqueue(int id) {
        Conn& c = *conns_[id];
        if (!c.queued || c.listener < 0) return;
        auto& q = accept_queue_[c.listener];
        for (auto it = q.begin(); it != q.end(); ++it)
            if (*it == id) {
                q.erase(it);
                break;
            }
        c.queued = false;
    }
    Seq rel_local(Seq s) const { return local_isn_known_ ? s - local_isn_ : s; }
    // Outbound sequence numbers in the script's terms. A RST with sequence number 0 is the
    // reset form for a segment without ACK (RFC 9293 3.10.7.1 / RFC 793 3.4 Reset Generation,
    // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>): its 0 is absolute, not relative to our ISN.
    Seq rel_out(const Segment& s) const { return s.has(kRST) && s.seq == 0 ? 0 : rel_local(s.seq); }
    Seq abs_local(Seq s) const { return local_isn_known_ ? s + local_isn_ : s; }

    // A segment the local stack sent, in the script's notation (local numbers relative).
    std::string actual_string(const Segment& s) const {
        PacketSpec p;
        p.flags = s.flags;
        p.start = rel_out(s);
        p.len = static_cast<uint32_t>(s.payload.size());
        p.end = p.start + p.len;
        if (s.has(kACK)) p.ack = s.ack;
        p.window = s.window;
        p.has_options = s.options != TcpOptions{};
        p.options = s.options;
        return packet_spec_string(p);
    }

    int new_conn(bool listener, const Profile* p = nullptr) {
        auto c = std::make_unique<Conn>();
        int id = static_cast<int>(conns_.size());
        c->ep = Endpoint(id, p ? *p : profile_);
        c->is_listener = listener;
        Tcb& t = c->ep.tcb_for_setup();
        t.local_ip = kPktLocalIp;
        conns_.push_back(std::move(c));
        return id;
    }
    int new_fd() {
        int fd = 3;
        while (socks_.count(fd)) ++fd;
        return fd;
    }
    // The connection `%{ assert tcpi_state }%` looks at: the newest non-listening one, else the
    // newest listener.
    std::optional<State> current_state() const {
        for (auto it = conns_.rbegin(); it != conns_.rend(); ++it)
            if (!(*it)->is_listener) return (*it)->ep.state();
        for (auto it = conns_.rbegin(); it != conns_.rend(); ++it) return (*it)->ep.state();
        return std::nullopt;
    }

    // --- time --------------------------------------------------------------------------------
    // Fires every timer due at or before `t` (stopping early when `until_output` and a segment
    // was sent), then sets the clock to `t` (kNever: only until no timer is pending).
    void advance_to(Micros t, const PktEvent& ev, bool until_output = false) {
        for (;;) {
            Micros best = kNever;
            int best_conn = -1;
            TimerKind best_kind = TimerKind::Retransmission;
            for (auto& c : conns_) {
                if (c->dead) continue;
                for (int k = 0; k < kTimerCount; ++k) {
                    Micros d = c->ep.timer_deadline(static_cast<TimerKind>(k));
                    if (d < best) best = d, best_conn = c->ep.id(), best_kind = static_cast<TimerKind>(k);
                }
            }
            if (best == kNever || best > t) break;
            if (++timer_events_ > opt_.max_timer_events)
                error(ev, "more than " + std::to_string(opt_.max_timer_events) + " timer expirations: a timer keeps firing");
            now_ = std::max(now_, best);
            TraceEntry e = entry(TraceKind::TimerFired, best_conn);
            e.timer = best_kind;
            e.key = std::string("timer.") + timer_name(best_kind);
            e.text = std::string(timer_name(best_kind)) + " timer fired";
            push(std::move(e));
            note("  timer " + std::string(timer_name(best_kind)) + " fires on conn " + std::to_string(best_conn));
            conns_[best_conn]->ep.timeout(*this, best_kind);
            poll_pending();
            if (until_output && !out_.empty()) return;
        }
        if (t != kNever) now_ = std::max(now_, t);
    }

    void check_unexpected(const PktEvent& ev) {
        if (out_.empty()) return;
        const Sent& s = out_.front();
        fail(ev, "unexpected outbound segment at " + time_string(s.time) + ": " + actual_string(s.seg) +
                     " (before the event at this line: " + ev.text + ")");
    }

    std::string blocking_hint() const {
        if (!pending_ || pending_->ev->time.blocking_end >= 0) return "";
        return "; the socket is blocking: a call that should not block needs fcntl(fd, F_SETFL, O_RDWR|O_NONBLOCK)";
    }
    void check_overdue(const PktEvent& ev) {
        if (pending_ && now_ > pending_->end + script_.tolerance)
            fail(*pending_->ev, pending_->ev->call.name + "() was expected to return by " + time_string(pending_->end) +
                                    " but is still blocked at " + time_string(now_) + " (at line " + std::to_string(ev.line) + ")" + blocking_hint());
    }

    // --- events ------------------------------------------------------------------------------
    void inbound(const PktEvent& ev);
    void shell(const PktEvent& ev);
    void outbound(const PktEvent& ev, Micros lo, Micros hi);
    void syscall(const PktEvent& ev, Micros t);
    std::optional<Result> attempt(const PktEvent& ev, int fd, bool first);
    void finish_call(const PktEvent& ev, const Result& r, Micros expected_end);
    void poll_pending();

    int64_t int_arg(const PktEvent& ev, size_t i, const char* what) {
        const auto& args = ev.call.args;
        if (i >= args.size()) error(ev, ev.call.name + "() needs " + what + " as argument " + std::to_string(i + 1));
        const Expr& a = args[i];
        if (a.kind != Expr::Kind::Int) error(ev, ev.call.name + "(): argument " + std::to_string(i + 1) + " (" + what + ") must be a number");
        return a.number;
    }
    std::string ident_arg(const PktEvent& ev, size_t i) {
        const auto& args = ev.call.args;
        if (i >= args.size()) return "";
        return args[i].kind == Expr::Kind::Ident ? args[i].name : "";
    }
    Sock* sock(int fd) {
        auto it = socks_.find(fd);
        return it == socks_.end() ? nullptr : &it->second;
    }

    const PktScript& script_;
    const PktRunOptions& opt_;
    Profile profile_;  // the options' profile as the script's sysctl lines changed it (new connections use it)
    PktRunResult result_;
    Micros now_ = 0;
    uint32_t isn_count_ = 0;
    Seq local_isn_ = 0;
    bool local_isn_known_ = false;
    uint64_t timer_events_ = 0;
    uint64_t packet_ids_ = 0;
    std::vector<std::unique_ptr<Conn>> conns_;
    std::map<int, std::deque<int>> accept_queue_;  // listener conn -> established children
    std::map<int, Sock> socks_;
    std::deque<Sent> out_;
    std::optional<Pending> pending_;
};

// --- `<` -------------------------------------------------------------------------------------

void Runner::inbound(const PktEvent& ev) {
    const PacketSpec& p = ev.packet;
    Segment seg;
    seg.flags = p.flags;
    seg.seq = p.start;
    // An ack number on a segment without ACK is sent as written (packetdrill maps only real ACKs).
    seg.ack = p.ack ? (p.flags & kACK ? abs_local(*p.ack) : *p.ack) : 0;
    seg.window = static_cast<uint16_t>(p.window.value_or(65535));
    seg.urgent = p.urgent.value_or(0);
    seg.options = p.options;
    seg.payload.assign(p.len, 'x');

    // Demultiplex: the newest live connection with the same UDP encapsulation, else a listener,
    // else no connection (RST).
    Conn* target = nullptr;
    for (auto it = conns_.rbegin(); it != conns_.rend() && !target; ++it) {
        Conn& c = **it;
        if (!c.dead && !c.is_listener && c.ep.state() != State::Closed && c.ep.state() != State::Listen && c.udp == p.udp)
            target = &c;
    }
    Conn* listener = nullptr;
    for (auto it = conns_.rbegin(); it != conns_.rend() && !target && !listener; ++it)
        if ((*it)->is_listener && (*it)->ep.state() == State::Listen) listener = it->get();

    note("  < " + packet_spec_string(p));
    Segment reply;
    bool closed_port = false;
    int conn = -1;
    if (target) {
        seg.src_port = target->ep.tcb().remote_port;
        seg.dst_port = target->ep.tcb().local_port;
        conn = target->ep.id();
    } else {
        seg.src_port = kPktEphemeralPort;
        seg.dst_port = kPktServerPort;
        if (listener) conn = listener->ep.id();
    }
    TraceEntry in = seg_entry(TraceKind::SegmentInjected, "segment.injected", 1, conn, seg);
    in.line = ev.line;
    in.arrival = now_;
    push(in);
    in.kind = TraceKind::SegmentDelivered;
    in.key = "segment.delivered";
    in.host = 0;
    in.peer_host = 1;
    push(std::move(in));

    if (target) {
        target->ep.segment_arrives(*this, seg);
        // A SYN that reopened from TIME-WAIT (freebsd tcp_twcheck) goes on to the listener.
        if (target->ep.take_reopening_syn()) {
            for (auto it = conns_.rbegin(); it != conns_.rend() && !listener; ++it)
                if ((*it)->is_listener && (*it)->ep.state() == State::Listen) listener = it->get();
            seg.src_port = kPktEphemeralPort;
            seg.dst_port = kPktServerPort;
        }
    }
    if (listener) {
        if (seg.has(kSYN) && !(seg.flags & (kACK | kRST))) {
            // RFC 9293 3.10.7.2: a new connection takes the SYN; the listener stays in LISTEN.
            int parent = listener->ep.id();
            const Profile inherited = listener->ep.profile();  // TCP_NODELAY is inherited (FreeBSD syncache_socket, Linux's cloned sock)
            int id = new_conn(false, &inherited);
            Conn& c = *conns_[id];
            c.listener = parent;
            c.udp = p.udp;
            Tcb& t = c.ep.tcb_for_setup();
            t.local_port = kPktServerPort;
            t.remote_ip = kPktRemoteIp;
            t.remote_port = kPktEphemeralPort;
            trace_rule(conns_[parent]->ep, Rule::ListenerSpawnChild);
            c.ep.open_passive(*this);
            c.ep.segment_arrives(*this, seg);
        } else {
            listener->ep.segment_arrives(*this, seg);
        }
    } else if (!target) {
        closed_port = Endpoint::reset_for_closed(seg, reply);
    }
    if (closed_port) {
        reply.src_port = seg.dst_port;
        reply.dst_port = seg.src_port;
        note(p.udp ? "    no connection with this UDP encapsulation: RST (RFC 9293 3.10.7.1)" : "    no connection: RST (RFC 9293 3.10.7.1)");
        std::optional<std::pair<uint16_t, uint16_t>> udp;
        if (p.udp) udp = std::make_pair(p.udp->second, p.udp->first);
        out_.push_back({now_, reply, udp});
        TraceEntry r = seg_entry(TraceKind::SegmentSent, "segment.sent", 0, -1, reply);
        r.arrival = now_;
        r.rule = Rule::ClosedPortReset;
        r.text += " (no connection: " + std::string(rule_info(Rule::ClosedPortReset).en) + ")";
        push(std::move(r));
    }
    poll_pending();
}

// --- `shell commands` --------------------------------------------------------------------------

void Runner::shell(const PktEvent& ev) {
    const ShellCommand& sc = ev.shell;
    switch (sc.kind) {
        case ShellCommand::Kind::StateCount: {
            // sockstat lists sockets: a socket whose connection is closed (or never opened) shows
            // as CLOSED; a connection the kernel still holds (TIME_WAIT after close) shows too.
            int n = 0;
            if (sc.state == State::Closed) {
                for (const auto& [fd, sk] : socks_)
                    if (sk.conn < 0 || conns_[sk.conn]->ep.state() == State::Closed) ++n;
            } else {
                for (const auto& c : conns_)
                    if (!c->dead && c->ep.state() == sc.state) ++n;
            }
            ++result_.checks;
            if (n != sc.count)
                fail(ev, std::to_string(n) + " connection" + (n == 1 ? "" : "s") + " in " + state_name(sc.state) + ", expected " +
                             std::to_string(sc.count) + " (" + ev.text + ")");
            note("  " + std::to_string(n) + " in " + state_name(sc.state) + " ok");
            break;
        }
        case ShellCommand::Kind::DropState:
            for (auto& c : conns_)
                if (!c->dead && c->ep.state() == sc.state) c->ep.abort(*this);
            break;
        case ShellCommand::Kind::Sysctl: {
            auto r = apply_sysctl(profile_, sc.name, sc.value);
            if (!r) skip(ev, "sysctl " + sc.name + "=" + sc.value + " (not modelled by tcplab)");
            else if (!r->empty()) error(ev, *r);
            else note("  sysctl " + sc.name + "=" + sc.value + " applied to the profile");
            break;
        }
        case ShellCommand::Kind::Other: skip(ev, ev.skip_reason); break;
    }
}

// --- `>` -------------------------------------------------------------------------------------

void Runner::outbound(const PktEvent& ev, Micros lo, Micros hi) {
    const Micros tol = script_.tolerance;
    const Micros latest = hi == kNever ? kNever : hi + tol;
    if (out_.empty()) advance_to(latest, ev, true);
    const PacketSpec& p = ev.packet;
    std::string want = "> " + packet_spec_string(p);
    if (out_.empty()) {
        if (latest != kNever) now_ = std::max(now_, latest);
        fail(ev, "expected " + want + " at " + time_string(lo) + ", but the local stack sent nothing by " +
                     (latest == kNever ? std::string("the end (no timer pending)") : time_string(latest)));
    }
    Sent s = out_.front();
    out_.pop_front();
    std::string got = actual_string(s.seg) +
                      (s.udp ? "/udp(" + std::to_string(s.udp->first) + " > " + std::to_string(s.udp->second) + ")" : "") +
                      " at " + time_string(s.time);
    auto mismatch = [&](const std::string& what) {
        fail(ev, what + ": expected " + want + " at " + time_string(lo) + (hi != lo && hi != kNever ? "~" + time_string(hi) : "") +
                     ", got " + got);
    };
    uint16_t mask = opt_.strict ? 0xffff : static_cast<uint16_t>(~kPSH);
    if ((s.seg.flags & mask) != (p.flags & mask)) mismatch("flags differ");
    if (!p.any_seq && (p.absolute_seq ? s.seg.seq : rel_out(s.seg)) != p.start) mismatch("seq differs");
    if (s.seg.payload.size() != p.len) mismatch("length differs");
    if (p.ack && s.seg.ack != *p.ack) mismatch("ack differs");
    if (p.udp != s.udp) mismatch("UDP encapsulation differs");
    if (opt_.strict && p.window && s.seg.window != *p.window) mismatch("window differs");
    if (opt_.strict && p.has_options && s.seg.options != p.options) mismatch("options differ");
    if (s.time < lo - tol || (latest != kNever && s.time > latest))
        mismatch("sent at the wrong time (tolerance " + std::to_string(tol) + " us)");
    ++result_.checks;
    now_ = std::max(now_, s.time);
    note("  > matched " + actual_string(s.seg));
}

// --- system calls ----------------------------------------------------------------------------

void Runner::syscall(const PktEvent& ev, Micros t) {
    const std::string& name = ev.call.name;
    static const char* const kModelled[] = {"socket", "bind", "listen", "accept", "connect", "write", "send",
                                            "read", "recv", "shutdown", "close", "setsockopt", "getsockopt", "fcntl"};
    bool modelled = false;
    for (const char* m : kModelled) modelled = modelled || name == m;
    if (!modelled) {
        skip(ev, "system call " + name + "() (not modelled by tcplab)");
        return;
    }
    if (name == "setsockopt" || name == "getsockopt") {
        std::string opt = ident_arg(ev, 2);
        bool ours = (name == "setsockopt" && (opt == "SO_LINGER" || opt == "TCP_KEEPINIT" || opt == "TCP_NODELAY")) ||
                    (name == "getsockopt" && opt == "SO_ERROR");
        if (!ours) {
            skip(ev, name + "(" + (opt.empty() ? "?" : opt) + ") (option not modelled by tcplab)");
            return;
        }
    }
    int fd = name == "socket" ? -1 : static_cast<int>(int_arg(ev, 0, "the file descriptor"));
    note("  " + ev.text);
    auto r = attempt(ev, fd, true);
    Micros end = t;
    if (ev.time.blocking_end >= 0) end = ev.time.blocking_end_relative ? t + ev.time.blocking_end : ev.time.blocking_end;
    if (r) {
        finish_call(ev, *r, end);
        return;
    }
    if (pending_) error(ev, "a second blocking call while line " + std::to_string(pending_->ev->line) + " is still blocked");
    pending_ = Pending{&ev, fd, t, end};
    note("    blocks");
}

void Runner::finish_call(const PktEvent& ev, const Result& r, Micros expected_end) {
    const Micros tol = script_.tolerance;
    auto show = [](int64_t ret, int err) {
        return std::to_string(ret) + (err ? " " + errno_name_of(err) : std::string());
    };
    TraceEntry e = entry(TraceKind::UserCall, -1);
    e.key = "call." + ev.call.name;
    e.line = ev.line;
    e.params = {{"call", ev.call.name}, {"result", show(r.ret, r.err)}};
    e.text = "local: " + ev.text + " -> " + show(r.ret, r.err);
    push(std::move(e));
    int want_err = ev.call.expected_errno.empty() ? 0 : *errno_value(ev.call.expected_errno);
    static const char* const kTcpCalls[] = {"connect", "accept", "read", "recv", "write", "send", "shutdown", "getsockopt"};
    for (const char* n : kTcpCalls)
        if (ev.call.name == n) ++result_.checks;  // calls whose result depends on the TCP
    if (ev.call.expected_any) {
    } else if (r.ret != ev.call.expected || (r.ret == -1 && r.err != want_err && !ev.call.expected_errno.empty()))
        fail(ev, ev.call.name + "() returned " + show(r.ret, r.err) + ", expected " + show(ev.call.expected, want_err));
    if (now_ < expected_end - tol || now_ > expected_end + tol)
        fail(ev, ev.call.name + "() returned at " + time_string(now_) + ", expected at " + time_string(expected_end) +
                     " (tolerance " + std::to_string(tol) + " us)");
    note("    = " + show(r.ret, r.err));
}

void Runner::poll_pending() {
    if (!pending_) return;
    auto r = attempt(*pending_->ev, pending_->fd, false);
    if (!r) return;
    Pending p = *pending_;
    pending_.reset();
    finish_call(*p.ev, *r, p.end);
}

// One try of a call: a result, or nullopt when a blocking socket has to wait.
std::optional<Runner::Result> Runner::attempt(const PktEvent& ev, int fd, bool first) {
    const std::string& name = ev.call.name;
    auto err = [](int e) { return Result{-1, e}; };
    auto ebadf = [&]() { return err(*errno_value("EBADF")); };

    if (name == "socket") {
        std::string type = ident_arg(ev, 1);
        if (!type.empty() && type != "SOCK_STREAM") error(ev, "only SOCK_STREAM sockets are modelled, not " + type);
        int nfd = new_fd();
        socks_[nfd] = Sock{};
        return Result{nfd, 0};
    }
    Sock* s = sock(fd);
    if (!s) return ebadf();
    Conn* c = s->conn >= 0 ? conns_[s->conn].get() : nullptr;

    if (name == "bind") {
        s->bound = true;
        return Result{0, 0};
    }
    if (name == "fcntl") {
        std::string cmd = ident_arg(ev, 1);
        if (cmd == "F_GETFL") return Result{kORdwr | (s->nonblocking ? kOSetfl : 0), 0};
        if (cmd != "F_SETFL") error(ev, "fcntl(): only F_SETFL and F_GETFL are modelled");
        if (ev.call.args.size() < 3) error(ev, "fcntl(F_SETFL) needs the flags");
        const Expr& f = ev.call.args[2];
        bool nb = false;
        auto scan = [&](const Expr& x) {
            if (x.kind == Expr::Kind::Ident && x.name == "O_NONBLOCK") nb = true;
            if (x.kind == Expr::Kind::Int && (x.number & kOSetfl)) nb = true;
        };
        scan(f);
        for (const Expr& x : f.items) scan(x);
        s->nonblocking = nb;
        return Result{0, 0};
    }
    if (name == "setsockopt" && ident_arg(ev, 2) == "TCP_KEEPINIT") {  // FreeBSD: seconds, before connect()
        const auto& args = ev.call.args;
        if (args.size() < 4 || args[3].kind != Expr::Kind::List || args[3].items.size() != 1 ||
            args[3].items[0].kind != Expr::Kind::Int || args[3].items[0].number <= 0)
            error(ev, "setsockopt(TCP_KEEPINIT) needs [seconds], a positive number");
        s->keepinit = sec(args[3].items[0].number);
        return Result{0, 0};
    }
    if (name == "setsockopt" && ident_arg(ev, 2) == "TCP_NODELAY") {  // RFC 9293 3.7.4 MUST-17: Nagle off
        const auto& args = ev.call.args;
        if (args.size() < 4 || args[3].kind != Expr::Kind::List || args[3].items.size() != 1 ||
            args[3].items[0].kind != Expr::Kind::Int)
            error(ev, "setsockopt(TCP_NODELAY) needs [0] or [1]");
        s->nodelay = args[3].items[0].number != 0;
        if (c) c->ep.set_nodelay(*this, s->nodelay);
        return Result{0, 0};
    }
    if (name == "setsockopt") {  // SO_LINGER
        if (ev.call.args.size() < 4 || ev.call.args[3].kind != Expr::Kind::Struct)
            error(ev, "setsockopt(SO_LINGER) needs {onoff=N, linger=N}");
        const Expr& v = ev.call.args[3];
        const Expr* on = v.field({"onoff", "l_onoff"});
        const Expr* secs = v.field({"linger", "l_linger"});
        if (!on || !secs || on->kind != Expr::Kind::Int || secs->kind != Expr::Kind::Int)
            error(ev, "setsockopt(SO_LINGER) needs {onoff=N, linger=N} with numbers");
        if (on->number && secs->number) error(ev, "SO_LINGER with a non-zero time is not modelled (only {onoff=1, linger=0})");
        s->linger0 = on->number != 0 && secs->number == 0;
        return Result{0, 0};
    }
    if (name == "getsockopt") {  // SO_ERROR
        SocketError e = c ? c->so_error : SocketError::None;
        if (c) c->so_error = SocketError::None;
        int got = errno_of(e);
        if (ev.call.args.size() >= 4 && ev.call.args[3].kind == Expr::Kind::List && !ev.call.args[3].items.empty()) {
            const Expr& w = ev.call.args[3].items[0];
            int want = 0;
            if (w.kind == Expr::Kind::Int) want = static_cast<int>(w.number);
            else if (w.kind == Expr::Kind::Ident && errno_value(w.name)) want = *errno_value(w.name);
            else if (w.kind != Expr::Kind::Ellipsis) error(ev, "getsockopt(SO_ERROR): expected [errno] value");
            if (w.kind != Expr::Kind::Ellipsis && want != got)
                fail(ev, "SO_ERROR is " + (got ? errno_name_of(got) : std::string("0")) + ", expected " +
                             (want ? errno_name_of(want) : std::string("0")));
        }
        return Result{0, 0};
    }
    if (name == "listen") {
        if (c) return err(*errno_value("EINVAL"));
        Profile p = profile_;
        p.nodelay = p.nodelay || s->nodelay;
        int id = new_conn(true, &p);
        s->conn = id;
        Conn& l = *conns_[id];
        l.ep.tcb_for_setup().local_port = kPktServerPort;
        SocketError e = l.ep.open_passive(*this);
        if (e != SocketError::None) return err(errno_of(e));
        accept_queue_[id];
        return Result{0, 0};
    }
    if (name == "accept") {
        if (!c || !c->is_listener) return err(*errno_value("EINVAL"));
        auto& q = accept_queue_[s->conn];
        if (q.empty()) {
            if (s->nonblocking) return err(*errno_value("EAGAIN"));
            return std::nullopt;
        }
        int child = q.front();
        q.pop_front();
        conns_[child]->queued = false;
        conns_[child]->accepted = true;
        int nfd = new_fd();
        socks_[nfd] = Sock{child};
        return Result{nfd, 0};
    }
    if (name == "connect") {
        if (first) {
            if (c && c->is_listener) return err(*errno_value("EISCONN"));
            if (c) {
                State st = c->ep.state();
                if (st == State::SynSent || st == State::SynRcvd) return err(*errno_value("EALREADY"));
                if (st == State::Closed && s->nonblocking && !s->connect_reported) {
                    s->connect_reported = true;
                    SocketError e = c->so_error;
                    c->so_error = SocketError::None;
                    return err(errno_of(e));
                }
                return err(*errno_value("EISCONN"));
            }
            Profile p = profile_;
            if (s->keepinit > 0) p.connect_timeout = s->keepinit;
            p.nodelay = p.nodelay || s->nodelay;
            int id = new_conn(false, &p);
            s->conn = id;
            c = conns_[id].get();
            Tcb& t = c->ep.tcb_for_setup();
            t.local_port = s->bound ? kPktServerPort : kPktEphemeralPort;
            t.remote_ip = kPktRemoteIp;
            t.remote_port = kPktServerPort;
            SocketError e = c->ep.open_active(*this);
            if (e != SocketError::None) return err(errno_of(e));
            if (s->nonblocking) return err(*errno_value("EINPROGRESS"));
        }
        State st = c->ep.state();
        if (st == State::SynSent || st == State::SynRcvd) return std::nullopt;
        if (st == State::Closed) {
            SocketError e = c->so_error != SocketError::None ? c->so_error : c->close_error;
            c->so_error = SocketError::None;
            return err(errno_of(e == SocketError::None ? SocketError::ConnRefused : e));
        }
        return Result{0, 0};
    }
    if (name == "write" || name == "send") {
        int64_t n = int_arg(ev, 2, "the byte count");
        if (!c || c->is_listener) return err(*errno_value("EPIPE"));
        if (c->so_error != SocketError::None) {
            SocketError e = c->so_error;
            c->so_error = SocketError::None;
            return err(errno_of(e));
        }
        if (s->shut_wr || c->ep.state() == State::Closed) return err(*errno_value("EPIPE"));
        std::vector<uint8_t> data(static_cast<size_t>(n), 'd');
        SocketError e = c->ep.send(*this, data);
        if (e != SocketError::None) return err(errno_of(e));
        return Result{n, 0};
    }
    if (name == "read" || name == "recv") {
        int64_t n = int_arg(ev, 2, "the byte count");
        if (!c || c->is_listener) return err(*errno_value("ENOTCONN"));
        if (!c->ep.receive_buffer().empty()) {
            std::vector<uint8_t> out;
            size_t got = c->ep.receive(*this, out, static_cast<size_t>(n));
            return Result{static_cast<int64_t>(got), 0};
        }
        if (c->ep.peer_closed()) return Result{0, 0};
        if (c->so_error != SocketError::None) {
            SocketError e = c->so_error;
            c->so_error = SocketError::None;
            return err(errno_of(e));
        }
        if (c->ep.state() == State::Closed) return Result{0, 0};
        if (s->nonblocking) return err(*errno_value("EAGAIN"));
        return std::nullopt;
    }
    if (name == "shutdown") {
        std::string how = ident_arg(ev, 1);
        if (how.empty() && ev.call.args.size() > 1 && ev.call.args[1].kind == Expr::Kind::Int)
            how = ev.call.args[1].number == 0 ? "SHUT_RD" : ev.call.args[1].number == 1 ? "SHUT_WR" : "SHUT_RDWR";
        if (how != "SHUT_RD" && how != "SHUT_WR" && how != "SHUT_RDWR") error(ev, "shutdown(): expected SHUT_RD, SHUT_WR or SHUT_RDWR");
        if (!c || c->is_listener) return err(*errno_value("ENOTCONN"));
        if (how == "SHUT_RD") return Result{0, 0};
        if (!s->shut_wr) {
            s->shut_wr = true;
            SocketError e = c->ep.close(*this, false);  // the application may still read
            if (e != SocketError::None) return err(errno_of(e));
        }
        return Result{0, 0};
    }
    if (name == "close") {
        const Sock closed = *s;
        socks_.erase(fd);
        if (!c) return Result{0, 0};
        if (c->is_listener) {
            // Connections that were never accepted go with the listener (reset, as Linux does).
            int lid = c->ep.id();
            for (auto& other : conns_)
                if (other->listener == lid && !other->accepted && !other->dead && other->ep.state() != State::Closed &&
                    !other->ep.drop_embryonic(*this))
                    other->ep.abort(*this);
            accept_queue_[lid].clear();
            c->ep.close(*this);
            return Result{0, 0};
        }
        State st = c->ep.state();
        if (st == State::Closed) return Result{0, 0};
        if (closed.linger0) {
            trace_rule(c->ep, Rule::Linger0Abort);
            c->ep.abort(*this);
        } else if (profile_.rst_on_close_with_unread_data && !c->ep.receive_buffer().empty()) {
            trace_rule(c->ep, Rule::CloseWithUnreadData);
            c->ep.abort(*this);
        } else {
            c->ep.close(*this, true);  // after shutdown(SHUT_WR) this only records the full close
        }
        return Result{0, 0};
    }
    error(ev, "system call " + name + "() is not modelled");
}

PktRunResult Runner::run() {
    Micros base = 0;
    try {
        for (const auto& [line, text] : script_.skipped_flags) {
            ++result_.skipped;
            result_.warnings.push_back(std::to_string(line) + ": warning: skipped flag " + text + " (no effect in tcplab)");
        }
        for (const PktEvent& ev : script_.events) {
            const TimeSpec& ts = ev.time;
            Micros t = ts.kind == TimeSpec::Kind::Absolute ? ts.start
                     : ts.kind == TimeSpec::Kind::Relative ? base + ts.start
                                                           : now_;
            Micros hi = ts.range_end < 0 ? t : (ts.kind == TimeSpec::Kind::Relative ? base + ts.range_end : ts.range_end);
            if (ts.kind == TimeSpec::Kind::Any) hi = kNever;
            if (t > kMaxTime || (hi != kNever && hi > kMaxTime))
                error(ev, "time " + time_string(std::max(t, hi)) + " is beyond the longest script tcplab runs (" + time_string(kMaxTime) + ")");
            if (ts.kind == TimeSpec::Kind::Absolute && t < base)
                error(ev, "absolute time " + time_string(t) + " is before the previous event (" + time_string(base) + ")");
            ++result_.events_run;
            if (ev.kind == PktEvent::Kind::Packet && !ev.packet.inbound) {
                outbound(ev, ts.kind == TimeSpec::Kind::Any ? now_ : t, hi);
                if (!ev.skip_reason.empty()) skip(ev, ev.skip_reason);
                base = ts.kind == TimeSpec::Kind::Any ? now_ : t;
                check_overdue(ev);
                continue;
            }
            advance_to(t, ev);
            check_overdue(ev);
            // packetdrill reads what the stack sent only while a `>` line runs; --strict also fails
            // on a segment no `>` line took before the next event.
            if (opt_.strict) check_unexpected(ev);
            switch (ev.kind) {
                case PktEvent::Kind::Packet:
                    inbound(ev);
                    if (!ev.skip_reason.empty()) skip(ev, ev.skip_reason);
                    break;
                case PktEvent::Kind::Syscall: syscall(ev, t); break;
                case PktEvent::Kind::Assert: {
                    std::optional<State> st = current_state();
                    State actual = st.value_or(State::Closed);
                    for (State want : ev.assert_states)
                        if (actual != want)
                            fail(ev, std::string("tcpi_state is ") + state_name(actual) + ", expected " + state_name(want));
                    ++result_.checks;
                    note("  assert state " + std::string(state_name(actual)) + " ok");
                    if (!ev.skip_reason.empty()) skip(ev, ev.skip_reason);
                    break;
                }
                case PktEvent::Kind::Shell: shell(ev); break;
                case PktEvent::Kind::Skipped: skip(ev, ev.skip_reason); break;
            }
            base = t;
        }
        if (!script_.events.empty()) {
            if (pending_)
                fail(*pending_->ev, pending_->ev->call.name + "() was still blocked at the end of the script (expected to return at " +
                                        time_string(pending_->end) + ")" + blocking_hint());
            if (opt_.strict && !out_.empty())
                fail(script_.events.back(), "unexpected outbound segment at " + time_string(out_.front().time) + ": " +
                                                actual_string(out_.front().seg) + " (no '>' line is left for it)");
        }
        if (result_.checks == 0 && result_.skipped > 0) result_.outcome = PktRunResult::Outcome::Skip;
    } catch (const Stop& s) {
        result_.outcome = s.outcome;
        result_.line = s.line;
        result_.column = s.column;
        result_.message = s.message;
    }
    return std::move(result_);
}

}  // namespace

PktRunResult run_pkt_script(const PktScript& script, const PktRunOptions& options) {
    Runner r(script, options);
    return r.run();
}

}  // namespace tcplab::pkt
