// CLOSE-WAIT and LAST-ACK (RFC 9293 3.10.4, 3.10.7.4): the passive closer.
// Client: ISS = 1000, IRS = 5000; the peer's FIN was 5001, so RCV.NXT = 5002.
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

TEST_CASE("CLOSE-WAIT: SEND still works, data flows after the peer's FIN (3.10.2)", "[close_wait]") {
    Conn c = client_in(State::CloseWait);
    REQUIRE(c.ep.send(c.env, bytes("more")) == SocketError::None);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kACK | kPSH));
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5002);
    CHECK(c.last().payload == bytes("more"));
    c.env.clear();
    c.rcv(kACK, 5002, 1005);
    CHECK(c.state() == State::CloseWait);
    CHECK(c.ep.send_buffer().empty());
}

TEST_CASE("CLOSE-WAIT: CLOSE -> LAST-ACK, snd <SEQ=1001><ACK=5002><CTL=FIN,ACK> (3.10.4)", "[close_wait]") {
    Conn c = client_in(State::CloseWait);
    REQUIRE(c.ep.close(c.env) == SocketError::None);
    CHECK(c.state() == State::LastAck);
    CHECK(c.env.states.back().rule == Rule::CloseInCloseWait);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kFIN | kACK));
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5002);
}

TEST_CASE("CLOSE-WAIT: rcv the peer's FIN again -> unacceptable, snd ACK 5002 (3.10.7.4 first)", "[close_wait]") {
    Conn c = client_in(State::CloseWait);
    c.rcv(kFIN | kACK, 5001, 1001);
    CHECK(c.state() == State::CloseWait);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 5002);
}

TEST_CASE("CLOSE-WAIT: rcv text after the FIN -> ignored (3.10.7.4 seventh)", "[close_wait]") {
    Conn c = client_in(State::CloseWait);
    c.rcv(kACK, 5002, 1001, bytes("x"));
    CHECK(c.ep.receive_buffer().empty());
    CHECK(c.tcb().rcv_nxt == 5002);
    CHECK(c.env.fired(Rule::TextAfterFinIgnored));
}

TEST_CASE("CLOSE-WAIT: rcv RST -> CLOSED, ECONNRESET (3.10.7.4 second)", "[close_wait]") {
    Conn c = client_in(State::CloseWait);
    c.rcv(kRST, 5002, 0);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::RstReset);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::ConnReset});
}

TEST_CASE("LAST-ACK: rcv ACK of our FIN -> CLOSED, orderly (3.10.7.4 fifth)", "[last_ack]") {
    Conn c = client_in(State::LastAck);
    c.rcv(kACK, 5002, 1002);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::LastAckAckOfFin);
    CHECK(c.env.out.empty());
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::None});
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);
    CHECK(c.deadline(TimerKind::TimeWait) == kNever);  // only the active closer waits
}

TEST_CASE("LAST-ACK: rcv ACK not covering our FIN -> stay (3.10.7.4 fifth)", "[last_ack]") {
    Conn c = client_in(State::LastAck);
    c.rcv(kACK, 5002, 1001);
    CHECK(c.state() == State::LastAck);
    CHECK(c.env.out.empty());
}

TEST_CASE("LAST-ACK: rcv RST -> CLOSED (3.10.7.4 second)", "[last_ack]") {
    Conn c = client_in(State::LastAck);
    c.rcv(kRST, 5002, 0);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::RstInClosingStates);
}

TEST_CASE("LAST-ACK: rcv ACK of unsent data -> snd ACK, drop (3.10.7.4 fifth)", "[last_ack]") {
    Conn c = client_in(State::LastAck);
    c.rcv(kACK, 5002, 1003);
    CHECK(c.state() == State::LastAck);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().seq == 1002);
    CHECK(c.last().ack == 5002);
}

TEST_CASE("LAST-ACK: retransmission timeout -> FIN,ACK again (3.10.8)", "[last_ack]") {
    Conn c = client_in(State::LastAck);
    c.fire(TimerKind::Retransmission);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kFIN | kACK));
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5002);
    CHECK(c.env.out[0].retransmission);
}

TEST_CASE("LAST-ACK: server side numbers mirrored: FIN 5001 acked by 5002 -> CLOSED", "[last_ack]") {
    Conn c = server_in(State::LastAck);
    c.rcv(kACK, 1002, 5002);
    CHECK(c.state() == State::Closed);
}

TEST_CASE("CLOSE-WAIT: rcv acceptable FIN at RCV.NXT -> the eighth step runs: snd ACK, stay CLOSE-WAIT (3.10.7.4 eighth)", "[close_wait]") {
    Conn c = client_in(State::CloseWait);
    c.rcv(kFIN | kACK, 5002, 1001);
    CHECK(c.state() == State::CloseWait);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5002);  // the first FIN already took 5001
    CHECK(c.tcb().rcv_nxt == 5002);
}

TEST_CASE("LAST-ACK: rcv acceptable FIN at RCV.NXT not acking ours -> snd ACK, stay LAST-ACK (3.10.7.4 eighth)", "[last_ack]") {
    Conn c = client_in(State::LastAck);
    c.rcv(kFIN | kACK, 5002, 1001);
    CHECK(c.state() == State::LastAck);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 5002);
}
