// Test harness for one Endpoint: a FakeEnv that records everything the endpoint does, and helpers
// that bring a connection into any of the 11 states with known sequence numbers.
//
//   client side: ISS = 1000, IRS = 5000 (local port 40000, remote port 80)
//   server side: ISS = 5000, IRS = 1000 (local port 80, remote port 40000)
//
// After setup() the logs are cleared, so a test sees only what its own event caused.
#pragma once
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "profile.h"
#include "tcp_endpoint.h"

namespace tcplab::test {

struct Sent {
    Segment seg;
    bool retransmission = false;
    Micros at = 0;
};

struct StateChange {
    State from;
    State to;
    Rule rule;
};

class FakeEnv : public Env {
public:
    Micros t = 0;
    Seq isn = 1000;

    std::vector<Sent> out;
    std::vector<StateChange> states;
    std::vector<Rule> rules;  // trace_rule calls (no state change)
    std::vector<std::pair<TimerKind, Micros>> timer_log;
    int established = 0;
    int data = 0;
    int back_to_listen = 0;
    std::vector<SocketError> closed;

    Micros now() const override { return t; }
    Seq choose_isn(const Endpoint&) override { return isn; }
    void output(const Endpoint&, Segment seg, bool retransmission) override {
        out.push_back({std::move(seg), retransmission, t});
    }
    void timer_changed(const Endpoint& ep, TimerKind kind) override {
        timer_log.emplace_back(kind, ep.timer_deadline(kind));
    }
    bool tracing() const override { return true; }
    void trace_state(const Endpoint&, State from, State to, Rule rule) override { states.push_back({from, to, rule}); }
    void trace_rule(const Endpoint&, Rule rule) override { rules.push_back(rule); }
    void on_established(Endpoint&) override { ++established; }
    void on_data(Endpoint&) override { ++data; }
    void on_closed(Endpoint&, SocketError why) override { closed.push_back(why); }
    void on_back_to_listen(Endpoint&) override { ++back_to_listen; }

    void clear() {
        out.clear();
        states.clear();
        rules.clear();
        timer_log.clear();
        established = data = back_to_listen = 0;
        closed.clear();
    }
    bool fired(Rule r) const {
        for (Rule x : rules)
            if (x == r) return true;
        for (const auto& s : states)
            if (s.rule == r) return true;
        return false;
    }
};

inline Profile profile(const std::string& name) {
    auto p = profile_by_name(name);
    REQUIRE(p);
    return *p;
}

inline std::vector<uint8_t> bytes(const std::string& s) { return std::vector<uint8_t>(s.begin(), s.end()); }
inline std::vector<uint8_t> bytes(size_t n, uint8_t fill = 'x') { return std::vector<uint8_t>(n, fill); }

// One endpoint and its environment. `rcv` builds a segment as the peer would send it.
struct Conn {
    FakeEnv env;
    Endpoint ep;
    bool client = true;

    explicit Conn(const Profile& p = Profile{}, bool is_client = true) : ep(1, p), client(is_client) {
        Tcb& t = ep.tcb_for_setup();
        t.local_ip = is_client ? 0x0A000001 : 0x0A000002;
        t.remote_ip = is_client ? 0x0A000002 : 0;
        t.local_port = is_client ? 40000 : 80;
        t.remote_port = is_client ? 80 : 0;
        env.isn = is_client ? 1000 : 5000;
    }

    const Tcb& tcb() const { return ep.tcb(); }
    State state() const { return ep.state(); }

    Segment make(uint16_t flags, Seq seq, Seq ack, const std::vector<uint8_t>& payload = {}, uint16_t window = 65535) const {
        Segment s;
        s.src_port = client ? 80 : 40000;
        s.dst_port = client ? 40000 : 80;
        s.seq = seq;
        s.ack = ack;
        s.flags = flags;
        s.window = window;
        s.payload = payload;
        return s;
    }
    void rcv(uint16_t flags, Seq seq, Seq ack, const std::vector<uint8_t>& payload = {}, uint16_t window = 65535) {
        ep.segment_arrives(env, make(flags, seq, ack, payload, window));
    }
    void rcv(const Segment& s) { ep.segment_arrives(env, s); }

    Micros deadline(TimerKind k) const { return ep.timer_deadline(k); }
    // Moves the clock to the timer's deadline and lets it fire.
    void fire(TimerKind k) {
        REQUIRE(ep.timer_deadline(k) != kNever);
        env.t = ep.timer_deadline(k);
        ep.timeout(env, k);
    }
    // Fires every timer due at or before t in deadline order, then sets the clock to t.
    void run_until(Micros t) {
        for (;;) {
            Micros best = kNever;
            int which = -1;
            for (int k = 0; k < kTimerCount; ++k) {
                Micros d = ep.timer_deadline(static_cast<TimerKind>(k));
                if (d <= t && d < best) best = d, which = k;
            }
            if (which < 0) break;
            env.t = best;
            ep.timeout(env, static_cast<TimerKind>(which));
        }
        env.t = t;
    }

    const Segment& last() const {
        REQUIRE(!env.out.empty());
        return env.out.back().seg;
    }
    size_t sent_count() const { return env.out.size(); }
    std::vector<uint8_t> read_all() {
        std::vector<uint8_t> v;
        ep.receive(env, v, 1 << 20);
        return v;
    }

    // --- Setup paths. Each leaves the logs cleared. ------------------------------------------
    // Client: CLOSED -> SYN_SENT (SYN seq=1000).
    void to_syn_sent() {
        REQUIRE(ep.open_active(env) == SocketError::None);
        REQUIRE(state() == State::SynSent);
    }
    // Client: SYN_SENT -> ESTABLISHED by SYN,ACK seq=5000 ack=1001.
    void client_established() {
        to_syn_sent();
        rcv(kSYN | kACK, 5000, 1001);
        REQUIRE(state() == State::Established);
    }
    // Server: LISTEN -> SYN_RCVD by SYN seq=1000 (SYN,ACK seq=5000 ack=1001 goes out).
    void server_syn_rcvd() {
        REQUIRE(ep.open_passive(env) == SocketError::None);
        rcv(kSYN, 1000, 0);
        REQUIRE(state() == State::SynRcvd);
    }
    void server_established() {
        server_syn_rcvd();
        rcv(kACK, 1001, 5001);
        REQUIRE(state() == State::Established);
    }

    // Brings the endpoint into `s`. For the client: LISTEN is a passive open, SYN_RCVD is reached by
    // simultaneous open. The server reaches LISTEN/SYN_RCVD/ESTABLISHED passively and the closing
    // states the same way as the client, with the numbers mirrored.
    void setup(State s) {
        const Seq iss = client ? 1000 : 5000;
        const Seq irs = client ? 5000 : 1000;
        auto established = [&] { client ? client_established() : server_established(); };
        switch (s) {
            case State::Closed: break;
            case State::Listen: REQUIRE(ep.open_passive(env) == SocketError::None); break;
            case State::SynSent: to_syn_sent(); break;
            case State::SynRcvd:
                if (client) {
                    to_syn_sent();
                    rcv(kSYN, irs, 0);  // simultaneous open
                } else {
                    server_syn_rcvd();
                }
                break;
            case State::Established: established(); break;
            case State::FinWait1:
                established();
                REQUIRE(ep.close(env) == SocketError::None);  // FIN seq=ISS+1
                break;
            case State::FinWait2:
                setup(State::FinWait1);
                rcv(kACK, irs + 1, iss + 2);
                break;
            case State::CloseWait:
                established();
                rcv(kFIN | kACK, irs + 1, iss + 1);
                break;
            case State::Closing:
                setup(State::FinWait1);
                rcv(kFIN | kACK, irs + 1, iss + 1);  // FIN not acking ours
                break;
            case State::LastAck:
                setup(State::CloseWait);
                REQUIRE(ep.close(env) == SocketError::None);  // FIN seq=ISS+1
                break;
            case State::TimeWait:
                setup(State::FinWait2);
                rcv(kFIN | kACK, irs + 1, iss + 2);
                break;
        }
        REQUIRE(state() == s);
        env.clear();
    }
};

inline Conn client_in(State s, const Profile& p = Profile{}) {
    Conn c(p, true);
    c.setup(s);
    return c;
}
inline Conn server_in(State s, const Profile& p = Profile{}) {
    Conn c(p, false);
    c.setup(s);
    return c;
}

}  // namespace tcplab::test
