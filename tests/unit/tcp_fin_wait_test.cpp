// SEGMENT ARRIVES in FIN-WAIT-1 and FIN-WAIT-2 (RFC 9293 3.10.7.4).
// Client: ISS = 1000, IRS = 5000. After CLOSE in ESTABLISHED our FIN is seq 1001 (SND.NXT = 1002).
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

TEST_CASE("FIN-WAIT-1: CLOSE in ESTABLISHED sent <SEQ=1001><ACK=5001><CTL=FIN,ACK> (3.10.4)", "[fin_wait]") {
    Conn c = client_in(State::Established);
    REQUIRE(c.ep.close(c.env) == SocketError::None);
    CHECK(c.state() == State::FinWait1);
    CHECK(c.env.states.back().rule == Rule::CloseInEstablished);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kFIN | kACK));
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5001);
    CHECK(c.tcb().snd_nxt == 1002);  // FIN consumes one sequence number
    CHECK(c.tcb().fin_seq == 1001);
    CHECK(c.deadline(TimerKind::Retransmission) == sec(1));
}

TEST_CASE("FIN-WAIT-1: CLOSE after SEND: FIN follows the queued data (3.10.4)", "[fin_wait]") {
    Conn c = client_in(State::Established);
    REQUIRE(c.ep.send(c.env, bytes("abc")) == SocketError::None);
    REQUIRE(c.ep.close(c.env) == SocketError::None);
    REQUIRE(c.sent_count() == 2);
    CHECK(c.env.out[1].seg.flags == (kFIN | kACK));
    CHECK(c.env.out[1].seg.seq == 1004);
    CHECK(c.tcb().snd_nxt == 1005);
}

TEST_CASE("FIN-WAIT-1: rcv ACK of our FIN -> FIN-WAIT-2, no reply (3.10.7.4 fifth)", "[fin_wait]") {
    Conn c = client_in(State::FinWait1);
    c.rcv(kACK, 5001, 1002);
    CHECK(c.state() == State::FinWait2);
    CHECK(c.env.states.back().rule == Rule::FinWait1AckOfFin);
    CHECK(c.env.out.empty());
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);
    CHECK(c.deadline(TimerKind::FinWait2) == kNever);  // rfc9293: no FIN-WAIT-2 timeout
}

TEST_CASE("FIN-WAIT-1: rcv ACK not covering our FIN -> stay in FIN-WAIT-1 (3.10.7.4 fifth)", "[fin_wait]") {
    Conn c = client_in(State::FinWait1);
    c.rcv(kACK, 5001, 1001);
    CHECK(c.state() == State::FinWait1);
    CHECK(c.env.out.empty());
}

TEST_CASE("FIN-WAIT-1: rcv FIN,ACK acking our FIN -> straight to TIME-WAIT, snd ACK (3.10.7.4 eighth)", "[fin_wait]") {
    Conn c = client_in(State::FinWait1);
    c.rcv(kFIN | kACK, 5001, 1002);
    CHECK(c.state() == State::TimeWait);
    REQUIRE(c.env.states.size() == 1);  // no stop in FIN-WAIT-2
    CHECK(c.env.states[0].from == State::FinWait1);
    CHECK(c.env.states[0].rule == Rule::FinWait1RcvFinAck);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1002);
    CHECK(c.last().ack == 5002);
    CHECK(c.deadline(TimerKind::TimeWait) == sec(60));  // 2 * MSL, MSL = 30 s
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);
}

TEST_CASE("FIN-WAIT-1: rcv FIN not acking our FIN (simultaneous close) -> CLOSING, snd ACK (3.10.7.4 eighth)", "[fin_wait]") {
    Conn c = client_in(State::FinWait1);
    c.rcv(kFIN | kACK, 5001, 1001);
    CHECK(c.state() == State::Closing);
    CHECK(c.env.states.back().rule == Rule::FinWait1RcvFin);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1002);
    CHECK(c.last().ack == 5002);
    CHECK(c.deadline(TimerKind::Retransmission) != kNever);  // our FIN is still unacknowledged
}

TEST_CASE("FIN-WAIT-1: rcv FIN,ACK whose FIN is out of order but acks ours -> FIN-WAIT-2, dup ACK", "[fin_wait]") {
    Conn c = client_in(State::FinWait1);
    c.rcv(kFIN | kACK, 5010, 1002, bytes("later"));
    CHECK(c.state() == State::FinWait2);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5001);
}

TEST_CASE("FIN-WAIT-1: rcv data -> delivered and ACKed (the peer may still send, 3.10.7.4 seventh)", "[fin_wait]") {
    Conn c = client_in(State::FinWait1);
    c.rcv(kACK, 5001, 1001, bytes("late"));
    CHECK(c.state() == State::FinWait1);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().seq == 1002);
    CHECK(c.last().ack == 5005);
    CHECK(c.read_all() == bytes("late"));
}

TEST_CASE("FIN-WAIT-1: rcv RST at RCV.NXT -> CLOSED, ECONNRESET (3.10.7.4 second)", "[fin_wait]") {
    Conn c = client_in(State::FinWait1);
    c.rcv(kRST, 5001, 0);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::ConnReset});
}

TEST_CASE("FIN-WAIT-1: retransmission timeout -> FIN,ACK again, seq 1001 (3.10.8)", "[fin_wait]") {
    Conn c = client_in(State::FinWait1);
    c.fire(TimerKind::Retransmission);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kFIN | kACK));
    CHECK(c.last().seq == 1001);
    CHECK(c.env.out[0].retransmission);
    CHECK(c.deadline(TimerKind::Retransmission) == sec(1) + sec(2));
}

TEST_CASE("FIN-WAIT-2: rcv FIN -> TIME-WAIT, snd ACK, 2MSL timer (3.10.7.4 eighth)", "[fin_wait]") {
    Conn c = client_in(State::FinWait2);
    c.env.t = sec(5);
    c.rcv(kFIN | kACK, 5001, 1002);
    CHECK(c.state() == State::TimeWait);
    CHECK(c.env.states.back().rule == Rule::FinWait2RcvFin);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1002);
    CHECK(c.last().ack == 5002);
    CHECK(c.deadline(TimerKind::TimeWait) == sec(65));
}

TEST_CASE("FIN-WAIT-2: rcv data (half-close) -> delivered and ACKed (3.10.7.4 seventh)", "[fin_wait]") {
    Conn c = client_in(State::FinWait2);
    c.rcv(kACK | kPSH, 5001, 1002, bytes("still flowing"));
    CHECK(c.state() == State::FinWait2);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5014);
    CHECK(c.read_all() == bytes("still flowing"));
}

TEST_CASE("FIN-WAIT-2: rcv RST at RCV.NXT -> CLOSED, ECONNRESET (3.10.7.4 second)", "[fin_wait]") {
    Conn c = client_in(State::FinWait2);
    c.rcv(kRST, 5001, 0);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::ConnReset});
}

TEST_CASE("FIN-WAIT-2: rcv SYN -> challenge ACK (rfc9293, 3.10.7.4 fourth)", "[fin_wait]") {
    Conn c = client_in(State::FinWait2);
    c.rcv(kSYN, 5001, 0);
    CHECK(c.state() == State::FinWait2);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1002);
    CHECK(c.last().ack == 5001);
}

TEST_CASE("FIN-WAIT-2: rcv segment outside the window -> snd ACK (3.10.7.4 first)", "[fin_wait]") {
    Conn c = client_in(State::FinWait2);
    c.rcv(kACK, 4000, 1002, bytes("x"));
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().seq == 1002);
    CHECK(c.last().ack == 5001);
}
