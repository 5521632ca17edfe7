// Where the profiles differ (docs/profiles.md): rfc793 vs rfc9293 acceptance of RST/SYN
// (RFC 5961), TIME-WAIT length, Linux SYN retransmission schedule, delayed ACK, RFC 1337.
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

TEST_CASE("Profiles: rcv RST in window, not at RCV.NXT: rfc793 resets, rfc9293 and linux send a challenge ACK", "[profiles]") {
    Conn old = client_in(State::Established, profile("rfc793"));
    old.rcv(kRST, 5101, 0);
    CHECK(old.state() == State::Closed);
    CHECK(old.env.closed == std::vector<SocketError>{SocketError::ConnReset});
    CHECK(old.env.out.empty());
    for (const char* name : {"rfc9293", "linux"}) {
        Conn c = client_in(State::Established, profile(name));
        INFO(name);
        c.rcv(kRST, 5101, 0);
        CHECK(c.state() == State::Established);
        REQUIRE(c.sent_count() == 1);
        CHECK(c.last().flags == kACK);
        CHECK(c.last().seq == 1001);
        CHECK(c.last().ack == 5001);
    }
}

TEST_CASE("Profiles: rcv RST outside the window is dropped under every profile (3.10.7.4 first)", "[profiles]") {
    for (const char* name : {"rfc793", "rfc9293", "linux"}) {
        Conn c = client_in(State::Established, profile(name));
        INFO(name);
        c.rcv(kRST, 5001 + 65535, 0);
        CHECK(c.state() == State::Established);
        CHECK(c.env.out.empty());
    }
}

TEST_CASE("Profiles: rcv SYN in window in ESTABLISHED: rfc793 snd RST and CLOSED (ECONNRESET), rfc9293 challenge ACK (3.10.7.4 fourth)", "[profiles]") {
    Conn old = client_in(State::Established, profile("rfc793"));
    old.rcv(kSYN, 5001, 0);
    CHECK(old.state() == State::Closed);
    CHECK(old.env.states.back().rule == Rule::SynInWindowReset);
    CHECK(old.env.closed == std::vector<SocketError>{SocketError::ConnReset});
    REQUIRE(old.sent_count() == 1);
    CHECK(old.last().flags == (kRST | kACK));  // the connection's own numbers (docs/profiles.md)
    CHECK(old.last().seq == 1001);
    CHECK(old.last().ack == 5001);

    Conn now = client_in(State::Established, profile("rfc9293"));
    now.rcv(kSYN, 5001, 0);
    CHECK(now.state() == State::Established);
    REQUIRE(now.sent_count() == 1);
    CHECK(now.last().flags == kACK);
    CHECK(now.last().ack == 5001);
}

TEST_CASE("Profiles: TIME-WAIT length: rfc9293 2*30 s, rfc793 2*2 min, linux 60 s whatever the MSL", "[profiles]") {
    CHECK(client_in(State::TimeWait, profile("rfc9293")).deadline(TimerKind::TimeWait) == sec(60));
    CHECK(client_in(State::TimeWait, profile("rfc793")).deadline(TimerKind::TimeWait) == sec(240));
    CHECK(client_in(State::TimeWait, profile("linux")).deadline(TimerKind::TimeWait) == sec(60));
    Profile p = profile("linux");
    p.msl = sec(5);
    CHECK(client_in(State::TimeWait, p).deadline(TimerKind::TimeWait) == sec(60));  // TCP_TIMEWAIT_LEN
    Profile q = profile("rfc9293");
    q.msl = sec(5);
    CHECK(client_in(State::TimeWait, q).deadline(TimerKind::TimeWait) == sec(10));
}

TEST_CASE("Profiles: linux SYN retransmissions at 1,2,3,4,5,7,11,19,35,67 s (4 linear timeouts on top of tcp_syn_retries 6), ETIMEDOUT at 131 s", "[profiles]") {
    Conn c = client_in(State::SynSent, profile("linux"));
    c.run_until(sec(130));
    std::vector<Micros> times;
    for (const auto& s : c.env.out) {
        CHECK(s.retransmission);
        CHECK(s.seg.flags == kSYN);
        CHECK(s.seg.seq == 1000);
        times.push_back(s.at);
    }
    CHECK(times == std::vector<Micros>{sec(1), sec(2), sec(3), sec(4), sec(5), sec(7), sec(11), sec(19), sec(35), sec(67)});
    CHECK(c.state() == State::SynSent);
    CHECK(c.deadline(TimerKind::Retransmission) == sec(131));
    c.run_until(sec(131));
    CHECK(c.state() == State::Closed);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::TimedOut});
}

TEST_CASE("Profiles: linux linear_syn_retries=0 gives the classic doubling: SYNs at 1,3,7,15,31,63 s, ETIMEDOUT at 127 s", "[profiles]") {
    Profile p = profile("linux");
    p.linear_syn_retries = 0;
    Conn c = client_in(State::SynSent, p);
    c.run_until(sec(126));
    CHECK(c.sent_count() == 6);
    CHECK(c.last().seq == 1000);
    c.run_until(sec(127));
    CHECK(c.state() == State::Closed);
}

TEST_CASE("Profiles: linux ABORT sends RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT>; rfc9293 a bare <SEQ=SND.NXT><CTL=RST> (3.10.5; Linux tcp_send_active_reset)", "[profiles]") {
    Conn lx = client_in(State::Established, profile("linux"));
    REQUIRE(lx.ep.abort(lx.env) == SocketError::None);
    REQUIRE(lx.sent_count() == 1);
    CHECK(lx.last().flags == (kRST | kACK));
    CHECK(lx.last().seq == 1001);
    CHECK(lx.last().ack == 5001);
    Conn rfc = client_in(State::Established);
    REQUIRE(rfc.ep.abort(rfc.env) == SocketError::None);
    REQUIRE(rfc.sent_count() == 1);
    CHECK(rfc.last().flags == kRST);
    CHECK(rfc.last().seq == 1001);
}

TEST_CASE("Profiles: linux simultaneous open answers the peer's SYN,ACK with an ACK; rfc9293 sends nothing (3.5 Figure 7)", "[profiles]") {
    for (const char* name : {"linux", "rfc9293"}) {
        Conn c = client_in(State::SynRcvd, profile(name));  // simultaneous open: our SYN,ACK is out
        c.rcv(kSYN | kACK, 5000, 1001);
        CHECK(c.state() == State::Established);
        if (std::string(name) == "linux") {
            REQUIRE(c.sent_count() == 1);
            CHECK(c.last().flags == kACK);
            CHECK(c.last().seq == 1001);
            CHECK(c.last().ack == 5001);
        } else {
            CHECK(c.env.out.empty());
        }
    }
}

TEST_CASE("Profiles: linux RTO = SRTT + max(4*RTTVAR, 200ms); rfc9293 clamps SRTT + 4*RTTVAR at 1 s (RFC 6298 2.4)", "[profiles]") {
    for (const char* name : {"linux", "rfc9293"}) {
        Conn c = client_in(State::Established, profile(name));
        c.env.t = sec(1);
        REQUIRE(c.ep.send(c.env, bytes(10)) == SocketError::None);
        c.env.t = sec(1) + msec(100);
        c.rcv(kACK, 5001, 1011);
        const Micros srtt = c.tcb().srtt, rttvar = c.tcb().rttvar;  // the handshake gave a first sample
        REQUIRE(4 * rttvar < msec(200));
        if (std::string(name) == "linux") {
            CHECK(c.tcb().rto == srtt + msec(200));  // RFC 6298 clamped at 200 ms would be 200 ms
        } else {
            CHECK(c.tcb().rto == sec(1));
        }
    }
}

TEST_CASE("Profiles: linux puts the FIN on the last queued data segment; rfc9293 sends it separately", "[profiles]") {
    for (const char* name : {"linux", "rfc9293"}) {
        Conn c = client_in(State::Established, profile(name));
        c.rcv(kACK, 5001, 1001, {}, 0);  // the peer's window closes
        REQUIRE(c.ep.send(c.env, bytes(10)) == SocketError::None);
        REQUIRE(c.ep.close(c.env) == SocketError::None);
        c.env.clear();
        c.rcv(kACK, 5001, 1001, {}, 65535);  // window update: data and FIN go out
        if (std::string(name) == "linux") {
            REQUIRE(c.sent_count() == 1);
            CHECK(c.last().flags == (kFIN | kPSH | kACK));
            CHECK(c.last().seq == 1001);
            CHECK(c.last().payload.size() == 10);
        } else {
            REQUIRE(c.sent_count() == 2);
            CHECK(c.env.out[0].seg.flags == (kPSH | kACK));
            CHECK(c.last().flags == (kFIN | kACK));
            CHECK(c.last().seq == 1011);
        }
        CHECK(c.tcb().snd_nxt == 1012);
        c.env.clear();
        c.rcv(kACK, 5001, 1012);
        CHECK(c.state() == State::FinWait2);
    }
}

TEST_CASE("Profiles: linux delays the ACK of a FIN in ESTABLISHED; the application's FIN carries it", "[profiles]") {
    Conn c = client_in(State::Established, profile("linux"));
    c.rcv(kFIN | kACK, 5001, 1001);
    CHECK(c.state() == State::CloseWait);
    CHECK(c.env.out.empty());
    CHECK(c.deadline(TimerKind::DelayedAck) == msec(40));
    c.env.t = msec(10);
    REQUIRE(c.ep.close(c.env) == SocketError::None);  // FIN,ACK acks the peer's FIN: 3 segments for the close
    CHECK(c.state() == State::LastAck);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kFIN | kACK));
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5002);
    CHECK(c.deadline(TimerKind::DelayedAck) == kNever);
}

TEST_CASE("Profiles: linux delayed ACK of a FIN fires after 40 ms when the application does not close", "[profiles]") {
    Conn c = client_in(State::Established, profile("linux"));
    c.rcv(kFIN | kACK, 5001, 1001);
    c.run_until(msec(40));
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 5002);
    CHECK(c.env.out[0].at == msec(40));
}

TEST_CASE("Profiles: rfc9293 and rfc793 ACK a FIN at once (no delayed ACK)", "[profiles]") {
    for (const char* name : {"rfc9293", "rfc793"}) {
        Conn c = client_in(State::Established, profile(name));
        c.rcv(kFIN | kACK, 5001, 1001);
        REQUIRE(c.sent_count() == 1);
        CHECK(c.last().ack == 5002);
    }
}

TEST_CASE("Profiles: RFC 1337 on ignores RST in TIME-WAIT; off (all three defaults) the RST ends it", "[profiles]") {
    for (const char* name : {"rfc793", "rfc9293", "linux"}) {
        Conn c = client_in(State::TimeWait, profile(name));
        INFO(name);
        c.rcv(kRST, 5002, 0);
        CHECK(c.state() == State::Closed);
    }
    Profile p = profile("linux");
    p.rfc1337_ignore_rst_in_time_wait = true;
    Conn c = client_in(State::TimeWait, p);
    c.rcv(kRST, 5002, 0);
    CHECK(c.state() == State::TimeWait);
}

TEST_CASE("Profiles: linux FIN-WAIT-2 timeout 60 s after close(); rfc9293 waits forever", "[profiles]") {
    Conn lin = client_in(State::FinWait2, profile("linux"));
    Conn std9293 = client_in(State::FinWait2, profile("rfc9293"));
    // client_in reaches FIN-WAIT-2 through close() at t = 0.
    CHECK(lin.deadline(TimerKind::FinWait2) == sec(60));
    CHECK(std9293.deadline(TimerKind::FinWait2) == kNever);
}

TEST_CASE("Profiles: linux sends at most one challenge ACK per 500 ms per connection (RFC 5961 7, tcp_oow_rate_limited)", "[profiles][rfc5961]") {
    Profile p = profile("linux");
    Conn c = client_in(State::FinWait2, p);
    c.rcv(kSYN, 5001, 0);
    c.rcv(kSYN, 5001, 0);
    CHECK(c.sent_count() == 1);
    CHECK(c.env.fired(Rule::ChallengeAckLimited));
    c.env.t = msec(499);
    c.rcv(kRST, 5001 + 100, 0);
    CHECK(c.sent_count() == 1);
    c.env.t = msec(500);
    c.rcv(kRST, 5001 + 100, 0);
    CHECK(c.sent_count() == 2);
    CHECK(c.state() == State::FinWait2);
}
