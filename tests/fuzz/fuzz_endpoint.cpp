// libFuzzer target: one Endpoint is brought into one of the 11 states by a scripted peer, then
// fed arbitrary segments (random flags, seq, ack, lengths, options), user calls and timer
// expirations. Besides ASan/UBSan it checks invariants after every step and aborts on a breach:
//   - every state change is an edge of the RFC diagram or a documented reset/timeout exit;
//   - SND.UNA <= SND.NXT, and SND.UNA / RCV.NXT never move backwards (mod 2^32) while the
//     connection is synchronized;
//   - no segment other than a RST reaches beyond SND.NXT;
//   - no timer is set in the past;
//   - the setup path (open, SYN,ACK, CLOSE, FIN ... as in the RFC diagram) reaches its state.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "diagram.h"
#include "profile.h"
#include "tcp_endpoint.h"

using namespace tcplab;

namespace {

[[noreturn]] void breach(const char* what, const Endpoint& ep) {
    std::fprintf(stderr, "invariant broken: %s (state %s, snd_una %u snd_nxt %u rcv_nxt %u)\n", what,
                 state_name(ep.state()), ep.tcb().snd_una, ep.tcb().snd_nxt, ep.tcb().rcv_nxt);
    std::abort();
}

class FuzzEnv final : public Env {
public:
    Micros t = 0;
    Seq isn = 0;
    std::vector<Segment> sent;
    Micros now() const override { return t; }
    Seq choose_isn(const Endpoint&) override { return isn; }
    void output(const Endpoint&, Segment seg, bool) override { sent.push_back(std::move(seg)); }
    void timer_changed(const Endpoint& ep, TimerKind kind) override {
        Micros d = ep.timer_deadline(kind);
        if (d != kNever && d < t) breach("timer set in the past", ep);
    }
    bool tracing() const override { return true; }
    void trace_state(const Endpoint& ep, State from, State to, Rule rule) override {
        if (!classify_transition(from, to, rule)) {
            std::fprintf(stderr, "%s -> %s by rule %s\n", state_name(from), state_name(to), rule_info(rule).key);
            breach("state change is not on the RFC diagram", ep);
        }
    }
    void trace_rule(const Endpoint&, Rule) override {}
    void on_established(Endpoint&) override {}
    void on_data(Endpoint&) override {}
    void on_closed(Endpoint&, SocketError) override {}
    void on_back_to_listen(Endpoint&) override {}
};

constexpr uint16_t kLocalPort = 80, kRemotePort = 40000;

Segment make(uint16_t flags, Seq seq, Seq ack, size_t len = 0, uint16_t win = 65535) {
    Segment s;
    s.src_port = kRemotePort;
    s.dst_port = kLocalPort;
    s.flags = flags;
    s.seq = seq;
    s.ack = ack;
    s.window = win;
    s.payload.assign(len, 'p');
    return s;
}

bool synchronized(State s) {
    return s != State::Closed && s != State::Listen && s != State::SynSent;
}

// Tracks the invariants across steps.
struct Watch {
    bool valid = false;
    Seq snd_una = 0, rcv_nxt = 0;
    void check(const Endpoint& ep, FuzzEnv& env) {
        const Tcb& t = ep.tcb();
        for (const Segment& s : env.sent)
            if (!s.has(kRST) && synchronized(ep.state()) && seq_gt(s.seq + s.seg_len(), t.snd_nxt))
                breach("a segment reaches beyond SND.NXT", ep);
        env.sent.clear();
        if (!synchronized(ep.state())) {
            valid = false;
            return;
        }
        if (seq_gt(t.snd_una, t.snd_nxt)) breach("SND.UNA > SND.NXT", ep);
        if (valid && seq_lt(t.snd_una, snd_una)) breach("SND.UNA moved backwards", ep);
        if (valid && seq_lt(t.rcv_nxt, rcv_nxt)) breach("RCV.NXT moved backwards", ep);
        valid = true;
        snd_una = t.snd_una;
        rcv_nxt = t.rcv_nxt;
    }
};

void fire_next_timer(Endpoint& ep, FuzzEnv& env) {
    Micros best = kNever;
    int kind = -1;
    for (int k = 0; k < kTimerCount; ++k) {
        Micros d = ep.timer_deadline(static_cast<TimerKind>(k));
        if (d < best) best = d, kind = k;
    }
    if (kind < 0) return;
    env.t = std::max(env.t, best);
    ep.timeout(env, static_cast<TimerKind>(kind));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    static const char* const kProfiles[] = {"rfc9293", "rfc793", "linux", "freebsd"};
    const State target = static_cast<State>(in.ConsumeIntegralInRange<int>(0, kStateCount - 1));
    Profile profile = *profile_by_name(kProfiles[in.ConsumeIntegralInRange<int>(0, 3)]);
    FuzzEnv env;
    env.isn = in.ConsumeIntegral<uint32_t>();
    const Seq peer = in.ConsumeIntegral<uint32_t>();
    const Seq L = env.isn;
    // At most one segment of data (the default MSS is 536), so the setup below is deterministic.
    const size_t pre_data = in.ConsumeIntegralInRange<size_t>(0, 500);

    Endpoint ep(0, profile);
    Tcb& tcb = ep.tcb_for_setup();
    tcb.local_ip = 0x0a000001;
    tcb.local_port = kLocalPort;
    tcb.remote_ip = 0x0a000002;
    tcb.remote_port = kRemotePort;

    // Bring the endpoint into the target state along the RFC diagram.
    std::vector<uint8_t> bytes(pre_data, 'a');
    auto establish = [&]() {
        ep.open_active(env);
        ep.segment_arrives(env, make(kSYN | kACK, peer, L + 1));
        if (!bytes.empty()) ep.send(env, bytes);
    };
    const Seq fin_acked = L + 2 + static_cast<Seq>(pre_data);  // ACK of all data and our FIN
    switch (target) {
        case State::Closed: break;
        case State::Listen: ep.open_passive(env); break;
        case State::SynSent: ep.open_active(env); break;
        case State::SynRcvd:
            ep.open_passive(env);
            ep.segment_arrives(env, make(kSYN, peer, 0));
            break;
        case State::Established: establish(); break;
        case State::FinWait1: establish(); ep.close(env); break;
        case State::FinWait2:
            establish();
            ep.close(env);
            ep.segment_arrives(env, make(kACK, peer + 1, fin_acked));
            break;
        case State::CloseWait:
            establish();
            ep.segment_arrives(env, make(kFIN | kACK, peer + 1, L + 1));
            break;
        case State::Closing:
            establish();
            ep.close(env);
            ep.segment_arrives(env, make(kFIN | kACK, peer + 1, L + 1));
            break;
        case State::LastAck:
            establish();
            ep.segment_arrives(env, make(kFIN | kACK, peer + 1, L + 1));
            ep.close(env);
            break;
        case State::TimeWait:
            establish();
            ep.close(env);
            ep.segment_arrives(env, make(kACK, peer + 1, fin_acked));
            ep.segment_arrives(env, make(kFIN | kACK, peer + 1, fin_acked));
            break;
    }
    if (ep.state() != target) {
        std::fprintf(stderr, "setup for %s ended in %s\n", state_name(target), state_name(ep.state()));
        breach("the RFC diagram path did not reach its state", ep);
    }
    Watch watch;
    watch.check(ep, env);

    std::vector<uint8_t> sink;
    while (in.remaining_bytes() > 0) {
        const Tcb& t = ep.tcb();
        switch (in.ConsumeIntegralInRange<int>(0, 11)) {
            default: {  // a segment
                uint16_t flags = in.ConsumeIntegral<uint8_t>();
                Seq seq = in.ConsumeBool() ? t.rcv_nxt + static_cast<Seq>(in.ConsumeIntegralInRange<int32_t>(-70000, 70000))
                                           : in.ConsumeIntegral<uint32_t>();
                Seq ack = in.ConsumeBool() ? t.snd_una + static_cast<Seq>(in.ConsumeIntegralInRange<int32_t>(-70000, 70000))
                                           : in.ConsumeIntegral<uint32_t>();
                size_t len = in.ConsumeBool() ? in.ConsumeIntegralInRange<size_t>(0, 3000) : 0;
                Segment s = make(flags, seq, ack, len, in.ConsumeIntegral<uint16_t>());
                s.urgent = in.ConsumeIntegral<uint16_t>();
                if (in.ConsumeBool()) s.options.mss = in.ConsumeIntegral<uint16_t>();
                if (in.ConsumeBool()) s.options.window_scale = in.ConsumeIntegral<uint8_t>();
                if (in.ConsumeBool()) s.options.timestamps = Timestamps{in.ConsumeIntegral<uint32_t>(), in.ConsumeIntegral<uint32_t>()};
                s.options.sack_permitted = in.ConsumeBool();
                ep.segment_arrives(env, s);
                break;
            }
            case 6: {
                std::vector<uint8_t> d(in.ConsumeIntegralInRange<size_t>(0, 5000), 'u');
                ep.send(env, d, in.ConsumeBool());
                break;
            }
            case 7: ep.receive(env, sink, in.ConsumeIntegralInRange<size_t>(0, 70000)); break;
            case 8: ep.close(env, in.ConsumeBool()); break;
            case 9: ep.abort(env); break;
            case 10: fire_next_timer(ep, env); break;
            case 11: env.t += in.ConsumeIntegralInRange<Micros>(0, sec(200)); break;
        }
        watch.check(ep, env);
    }
    // Let every timer run out: a connection must not keep timers forever.
    for (int i = 0; i < 200; ++i) {
        fire_next_timer(ep, env);
        watch.check(ep, env);
    }
    return 0;
}
