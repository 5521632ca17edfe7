// Timers (RFC 9293 3.8.1, 3.8.3, 3.10.8; RFC 6298): retransmission with backoff and give-up,
// TIME-WAIT, FIN-WAIT-2, delayed ACK, zero-window probing.
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

namespace {
std::vector<Micros> retransmission_times(const FakeEnv& env) {
    std::vector<Micros> v;
    for (const auto& s : env.out)
        if (s.retransmission) v.push_back(s.at);
    return v;
}
}  // namespace

TEST_CASE("Timers: rfc9293 SYN retransmitted at 1,3,7,15,31,63,123 s; ETIMEDOUT at 183 s (RFC 6298 5.5, MUST-23)", "[timers]") {
    Conn c = client_in(State::SynSent, profile("rfc9293"));
    c.run_until(sec(182));
    CHECK(c.state() == State::SynSent);
    CHECK(retransmission_times(c.env) ==
          std::vector<Micros>{sec(1), sec(3), sec(7), sec(15), sec(31), sec(63), sec(123)});
    for (const auto& s : c.env.out) {
        CHECK(s.seg.flags == kSYN);
        CHECK(s.seg.seq == 1000);
    }
    CHECK(c.deadline(TimerKind::Retransmission) == sec(183));  // RTO capped at max_rto = 60 s
    c.run_until(sec(183));
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::SynSentTimeout);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::TimedOut});
    CHECK(c.sent_count() == 7);
}

TEST_CASE("Timers: SYN retransmissions use linear_syn_retries before doubling (Linux tcp_syn_linear_timeouts)", "[timers]") {
    Profile p = profile("linux");
    p.linear_syn_retries = 2;
    Conn c = client_in(State::SynSent, p);
    c.run_until(sec(200));
    // RTO stays 1 s for the first 2 retransmissions, then doubles: 1,2,3,5,9,17,33,65; the 2 linear
    // ones come on top of syn_retries = 6, so it gives up at 129 s.
    CHECK(retransmission_times(c.env) == std::vector<Micros>{sec(1), sec(2), sec(3), sec(5), sec(9), sec(17), sec(33), sec(65)});
    REQUIRE(c.state() == State::Closed);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::TimedOut});
    CHECK(c.env.states.back().rule == Rule::SynSentTimeout);
}

TEST_CASE("Timers: SYN,ACK retransmitted synack_retries=5 times (1,3,7,15,31 s), dropped at 63 s (3.8.3)", "[timers]") {
    Conn c = server_in(State::SynRcvd);
    c.run_until(sec(62));
    CHECK(retransmission_times(c.env) == std::vector<Micros>{sec(1), sec(3), sec(7), sec(15), sec(31)});
    for (const auto& s : c.env.out) {
        CHECK(s.seg.flags == (kSYN | kACK));
        CHECK(s.seg.seq == 5000);
        CHECK(s.seg.ack == 1001);
    }
    CHECK(c.state() == State::SynRcvd);
    c.run_until(sec(63));
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::SynRcvdTimeout);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::TimedOut});
}

TEST_CASE("Timers: a SYN,ACK after SYN retransmissions still establishes; the timer stops (3.10.7.3)", "[timers]") {
    Conn c = client_in(State::SynSent);
    c.run_until(sec(4));  // retransmissions at 1 and 3
    c.rcv(kSYN | kACK, 5000, 1001);
    CHECK(c.state() == State::Established);
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);
}

TEST_CASE("Timers: data retransmitted from SND.UNA with doubling RTO, ETIMEDOUT after data_retries=15 (3.10.8, RFC 6298 5.4-5.6)", "[timers]") {
    Conn c = client_in(State::Established);
    REQUIRE(c.ep.send(c.env, bytes("hello")) == SocketError::None);
    c.env.clear();
    c.run_until(sec(662));
    const std::vector<Micros> expect = {sec(1), sec(3), sec(7), sec(15), sec(31), sec(63), sec(123), sec(183),
                                        sec(243), sec(303), sec(363), sec(423), sec(483), sec(543), sec(603)};
    CHECK(retransmission_times(c.env) == expect);
    for (const auto& s : c.env.out) {
        CHECK(s.seg.seq == 1001);
        CHECK(s.seg.payload == bytes("hello"));
        CHECK(s.seg.has(kACK));
    }
    CHECK(c.state() == State::Established);
    c.run_until(sec(663));
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::DataTimeout);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::TimedOut});
}

TEST_CASE("Timers: retransmission sends one MSS from SND.UNA; the ACK of it brings the next at once", "[timers]") {
    Conn c = client_in(State::Established);  // SND.MSS 536
    REQUIRE(c.ep.send(c.env, bytes(1000)) == SocketError::None);  // 536 + 464
    c.env.clear();
    c.fire(TimerKind::Retransmission);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().seq == 1001);
    CHECK(c.last().payload.size() == 536);
    CHECK(c.env.fired(Rule::RetransmitData));
    c.env.clear();
    c.rcv(kACK, 5001, 1537);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().seq == 1537);
    CHECK(c.last().payload.size() == 464);
    CHECK(c.env.out[0].retransmission);
}

TEST_CASE("Timers: RTO from a measured RTT, RFC 6298 2.2 (linux min_rto 200 ms)", "[timers]") {
    Conn c(profile("linux"));
    c.to_syn_sent();
    c.env.t = msec(100);
    c.rcv(kSYN | kACK, 5000, 1001);  // R = 100 ms: SRTT 100, RTTVAR 50, RTO = 100 + 4*50 = 300 ms
    REQUIRE(c.ep.send(c.env, bytes("x")) == SocketError::None);
    CHECK(c.deadline(TimerKind::Retransmission) == msec(100) + msec(300));
}

TEST_CASE("Timers: the computed RTO never goes below min_rto (RFC 6298 2.4)", "[timers]") {
    Conn c = client_in(State::Established, profile("rfc9293"));  // handshake RTT 0
    REQUIRE(c.ep.send(c.env, bytes("x")) == SocketError::None);
    CHECK(c.deadline(TimerKind::Retransmission) == sec(1));
}

TEST_CASE("Timers: TIME-WAIT lasts 2*MSL = 60 s (rfc9293), then CLOSED (3.10.8)", "[timers]") {
    Conn c = client_in(State::FinWait2);
    c.env.t = sec(3);
    c.rcv(kFIN | kACK, 5001, 1002);
    CHECK(c.deadline(TimerKind::TimeWait) == sec(63));
    c.run_until(sec(62));
    CHECK(c.state() == State::TimeWait);
    c.run_until(sec(63));
    CHECK(c.state() == State::Closed);
}

TEST_CASE("Timers: TIME-WAIT restarts on a retransmitted FIN; expiry 2MSL after the last one (3.10.7.4 eighth)", "[timers]") {
    Conn c = client_in(State::TimeWait);  // entered at t = 0
    c.env.t = sec(50);
    c.rcv(kFIN | kACK, 5001, 1002);
    CHECK(c.deadline(TimerKind::TimeWait) == sec(110));
    c.run_until(sec(109));
    CHECK(c.state() == State::TimeWait);
    c.run_until(sec(110));
    CHECK(c.state() == State::Closed);
}

TEST_CASE("Timers: FIN-WAIT-2 timeout only after close(), not after shutdown() (linux tcp_fin_timeout 60 s)", "[timers]") {
    Profile p = profile("linux");
    SECTION("close(): timer armed on entering FIN-WAIT-2") {
        Conn c = client_in(State::Established, p);
        REQUIRE(c.ep.close(c.env) == SocketError::None);
        c.env.t = sec(1);
        c.rcv(kACK, 5001, 1002);
        REQUIRE(c.state() == State::FinWait2);
        CHECK(c.deadline(TimerKind::FinWait2) == sec(61));
        c.run_until(sec(61));
        CHECK(c.state() == State::Closed);
        CHECK(c.env.states.back().rule == Rule::FinWait2Timeout);
        CHECK(c.env.closed == std::vector<SocketError>{SocketError::None});
    }
    SECTION("shutdown(): no timer; a later close() arms it") {
        Conn c = client_in(State::Established, p);
        REQUIRE(c.ep.close(c.env, false) == SocketError::None);
        c.rcv(kACK, 5001, 1002);
        REQUIRE(c.state() == State::FinWait2);
        CHECK(c.deadline(TimerKind::FinWait2) == kNever);
        c.env.t = sec(100);
        CHECK(c.ep.close(c.env, true) == SocketError::None);
        CHECK(c.deadline(TimerKind::FinWait2) == sec(160));
    }
    SECTION("the peer's FIN stops it") {
        Conn c = client_in(State::Established, p);
        REQUIRE(c.ep.close(c.env) == SocketError::None);
        c.rcv(kACK, 5001, 1002);
        c.rcv(kFIN | kACK, 5001, 1002);
        CHECK(c.state() == State::TimeWait);
        CHECK(c.deadline(TimerKind::FinWait2) == kNever);
    }
}

// The delayed-ACK tests below switch Linux's quick-ack mode off, which would ACK the first data at once.
static Profile linux_without_quickack() {
    Profile p = profile("linux");
    p.quickack = 0;
    return p;
}

TEST_CASE("Timers: delayed ACK fires after 40 ms with the ACK (linux, RFC 1122 4.2.3.2)", "[timers]") {
    Conn c = client_in(State::Established, linux_without_quickack());
    c.rcv(kACK | kPSH, 5001, 1001, bytes("abc"));
    CHECK(c.env.out.empty());
    CHECK(c.deadline(TimerKind::DelayedAck) == msec(40));
    CHECK(c.env.fired(Rule::DelayedAckArmed));
    c.fire(TimerKind::DelayedAck);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 5004);
    CHECK(c.env.out[0].at == msec(40));
}

TEST_CASE("Timers: delayed ACK: a second full segment forces the ACK at once (RFC 1122 4.2.3.2)", "[timers]") {
    Conn c = client_in(State::Established, linux_without_quickack());
    c.rcv(kACK, 5001, 1001, bytes(1460));
    CHECK(c.env.out.empty());
    c.rcv(kACK, 6461, 1001, bytes(1460));
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 7921);
    CHECK(c.deadline(TimerKind::DelayedAck) == kNever);
}

TEST_CASE("Timers: delayed ACK rides on our next segment and is cancelled", "[timers]") {
    Conn c = client_in(State::Established, linux_without_quickack());
    c.rcv(kACK, 5001, 1001, bytes("ping"));
    REQUIRE(c.ep.send(c.env, bytes("pong")) == SocketError::None);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5005);
    CHECK(c.last().payload == bytes("pong"));
    CHECK(c.deadline(TimerKind::DelayedAck) == kNever);
}

TEST_CASE("Timers: out-of-order data is ACKed at once even with delayed ACK", "[timers]") {
    Conn c = client_in(State::Established, profile("linux"));
    c.rcv(kACK, 5010, 1001, bytes("late"));
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5001);
}

// --- Linux quick-ack mode (tcp_event_data_recv / tcp_incr_quickack, parameter quickack) ----------

TEST_CASE("Timers: linux quick-ack: the first data of a connection is ACKed at once, no delayed-ACK timer", "[timers][quickack]") {
    Conn c = client_in(State::Established, profile("linux"));
    c.rcv(kACK | kPSH, 5001, 1001, bytes("abc"));
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 5004);
    CHECK(c.env.out[0].at == 0);
    CHECK(c.env.fired(Rule::QuickAckMode));
    CHECK(c.deadline(TimerKind::DelayedAck) == kNever);
    // rfc9293 has no delayed ACK at all; freebsd delays the first data too (no quick-ack).
    Conn f = client_in(State::Established, profile("freebsd"));
    f.rcv(kACK | kPSH, 5001, 1001, bytes("abc"));
    CHECK(f.env.out.empty());
    CHECK(f.deadline(TimerKind::DelayedAck) == msec(40));
}

TEST_CASE("Timers: linux quick-ack: min(RCV.WND / (2 MSS), 16) quick ACKs, then the 40 ms delay", "[timers][quickack]") {
    Profile p = profile("linux");
    Conn c = client_in(State::Established, p);
    // The harness's peer sent no MSS option: MSS 536, RCV.WND 65535 -> 61, capped at 16.
    Seq seq = 5001;
    for (int i = 0; i < 16; ++i) {
        c.env.t = msec(i);
        c.rcv(kACK, seq, 1001, bytes(10));
        seq += 10;
        c.read_all();
        REQUIRE(c.sent_count() == static_cast<size_t>(i + 1));
        CHECK(c.last().ack == seq);
    }
    c.env.t = msec(16);
    c.rcv(kACK, seq, 1001, bytes(10));  // the 17th: delayed
    CHECK(c.sent_count() == 16);
    CHECK(c.deadline(TimerKind::DelayedAck) == msec(16) + msec(40));
}

TEST_CASE("Timers: linux quick-ack: data after an idle gap longer than the RTO is ACKed at once again", "[timers][quickack]") {
    Profile p = profile("linux");
    p.quickack = 2;  // a short run, to reach the delayed mode quickly
    Conn c = client_in(State::Established, p);
    c.rcv(kACK, 5001, 1001, bytes(10));
    c.rcv(kACK, 5011, 1001, bytes(10));
    REQUIRE(c.sent_count() == 2);  // the quick run
    c.read_all();
    c.env.t = msec(10);
    c.rcv(kACK, 5021, 1001, bytes(10));
    CHECK(c.sent_count() == 2);  // within the RTO of the last data: delayed
    c.fire(TimerKind::DelayedAck);
    REQUIRE(c.sent_count() == 3);
    c.read_all();
    c.env.t = msec(50) + c.tcb().rto + 1;  // idle longer than the RTO (1 s)
    c.env.rules.clear();
    c.rcv(kACK, 5031, 1001, bytes(10));
    REQUIRE(c.sent_count() == 4);
    CHECK(c.last().ack == 5041);
    CHECK(c.env.fired(Rule::QuickAckMode));
}

TEST_CASE("Timers: linux quick-ack: a FIN in ESTABLISHED is still ACKed late (tcp_fin enters pingpong mode)", "[timers][quickack]") {
    Conn c = client_in(State::Established, profile("linux"));
    c.rcv(kACK | kPSH, 5001, 1001, bytes("abc"));
    REQUIRE(c.sent_count() == 1);  // quick-ack
    c.read_all();
    c.rcv(kFIN | kACK, 5004, 1001);
    CHECK(c.state() == State::CloseWait);
    CHECK(c.sent_count() == 1);  // the FIN's ACK waits
    CHECK(c.deadline(TimerKind::DelayedAck) == msec(40));
    c.fire(TimerKind::DelayedAck);
    REQUIRE(c.sent_count() == 2);
    CHECK(c.last().ack == 5005);
}

TEST_CASE("Timers: zero window -> the retransmission timer probes with one byte (3.8.6.1)", "[timers]") {
    Conn c = client_in(State::Established);
    c.rcv(kACK, 5001, 1001, {}, 0);  // the peer's window closes
    REQUIRE(c.ep.send(c.env, bytes("abc")) == SocketError::None);
    CHECK(c.env.out.empty());
    CHECK(c.deadline(TimerKind::Retransmission) == sec(1));
    c.fire(TimerKind::Retransmission);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().seq == 1001);
    CHECK(c.last().payload == bytes("a"));
    CHECK(c.env.fired(Rule::ZeroWindowProbe));
    c.env.clear();
    c.rcv(kACK, 5001, 1002, {}, 1000);  // probe byte accepted, window open
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().seq == 1002);
    CHECK(c.last().payload == bytes("bc"));
}

TEST_CASE("Timers: a timeout for a cancelled timer does nothing", "[timers]") {
    Conn c = client_in(State::Established);
    c.ep.timeout(c.env, TimerKind::Retransmission);
    c.ep.timeout(c.env, TimerKind::TimeWait);
    CHECK(c.env.out.empty());
    CHECK(c.state() == State::Established);
}

TEST_CASE("ESTABLISHED: USER TIMEOUT 5 s: data unacknowledged that long aborts with ETIMEDOUT, before data_retries run out (3.8.3)", "[timers]") {
    Profile p;
    p.user_timeout = sec(5);
    Conn c = client_in(State::Established, p);
    REQUIRE(c.ep.send(c.env, bytes(10)) == SocketError::None);  // at 0: RTO 1 s, then 2, 4 ...
    c.run_until(sec(4));
    CHECK(c.state() == State::Established);
    CHECK(c.deadline(TimerKind::Retransmission) == sec(5));  // 3 s + 4 s clamped at 0 + 5 s
    c.run_until(sec(5));
    CHECK(c.state() == State::Closed);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::TimedOut});
    CHECK(c.env.states.back().rule == Rule::DataTimeout);
}

TEST_CASE("ESTABLISHED: USER TIMEOUT counts from the oldest unacknowledged data: an ACK restarts it (3.8.3)", "[timers]") {
    Profile p;
    p.user_timeout = sec(5);
    Conn c = client_in(State::Established, p);
    REQUIRE(c.ep.send(c.env, bytes(10)) == SocketError::None);
    c.env.t = sec(4);
    REQUIRE(c.ep.send(c.env, bytes(10)) == SocketError::None);
    c.rcv(kACK, 5001, 1011);  // the first 10 bytes are acknowledged at 4 s
    c.run_until(sec(8));
    CHECK(c.state() == State::Established);
    c.run_until(sec(9));
    CHECK(c.state() == State::Closed);
}

TEST_CASE("Timers: zero window: the window update resends the refused probe byte and the held data at once, Nagle or not (3.8.6.1)", "[timers][nagle]") {
    Conn c = client_in(State::Established);  // rfc9293: Nagle on
    c.rcv(kACK, 5001, 1001, {}, 0);           // the peer's window closes
    REQUIRE(c.ep.send(c.env, bytes("abcdef")) == SocketError::None);
    CHECK(c.env.out.empty());                 // held by the zero window
    c.fire(TimerKind::Retransmission);        // the persist probe: one byte
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().seq == 1001);
    CHECK(c.last().payload == bytes("a"));
    c.rcv(kACK, 5001, 1001, {}, 0);           // refused: still ack=1001, window 0
    CHECK(c.sent_count() == 1);
    c.rcv(kACK, 5001, 1001, {}, 1000);        // the window update
    REQUIRE(c.sent_count() == 3);
    CHECK(c.env.out[1].seg.seq == 1001);      // the probe byte again
    CHECK(c.env.out[1].seg.payload == bytes("a"));
    CHECK(c.env.out[2].seg.seq == 1002);      // the held bytes, not kept back by Nagle
    CHECK(c.env.out[2].seg.payload == bytes("bcdef"));
}
