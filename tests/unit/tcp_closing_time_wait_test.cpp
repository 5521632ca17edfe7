// CLOSING and TIME-WAIT (RFC 9293 3.10.7.4, 3.10.8, 3.6).
// Client: ISS = 1000 (our FIN = 1001), IRS = 5000 (the peer's FIN = 5001, RCV.NXT = 5002).
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

TEST_CASE("CLOSING: rcv ACK of our FIN -> TIME-WAIT, 2MSL timer (3.10.7.4 fifth)", "[closing]") {
    Conn c = client_in(State::Closing);
    c.env.t = sec(2);
    c.rcv(kACK, 5002, 1002);
    CHECK(c.state() == State::TimeWait);
    CHECK(c.env.states.back().rule == Rule::ClosingAckOfFin);
    CHECK(c.env.out.empty());
    CHECK(c.deadline(TimerKind::TimeWait) == sec(62));
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);
}

TEST_CASE("CLOSING: rcv ACK not acking our FIN -> ignored, stay CLOSING (3.10.7.4 fifth)", "[closing]") {
    Conn c = client_in(State::Closing);
    c.rcv(kACK, 5002, 1001);
    CHECK(c.state() == State::Closing);
    CHECK(c.env.out.empty());
}

TEST_CASE("CLOSING: rcv RST -> CLOSED (3.10.7.4 second)", "[closing]") {
    Conn c = client_in(State::Closing);
    c.rcv(kRST, 5002, 0);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::RstInClosingStates);
}

TEST_CASE("CLOSING: retransmission timeout -> our FIN again (3.10.8)", "[closing]") {
    Conn c = client_in(State::Closing);
    c.fire(TimerKind::Retransmission);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kFIN | kACK));
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5002);
}

TEST_CASE("CLOSING: simultaneous close end to end: both FINs cross, both reach TIME-WAIT (3.6 Figure 13)", "[closing]") {
    Conn a = client_in(State::Established);
    REQUIRE(a.ep.close(a.env) == SocketError::None);  // FIN 1001
    a.rcv(kFIN | kACK, 5001, 1001);                   // the peer's FIN crossed ours
    CHECK(a.state() == State::Closing);
    a.rcv(kACK, 5002, 1002);                          // the peer's ACK of our FIN
    CHECK(a.state() == State::TimeWait);
}

TEST_CASE("TIME-WAIT: 2MSL expiry -> CLOSED, orderly (3.10.8)", "[time_wait]") {
    Conn c = client_in(State::TimeWait);
    CHECK(c.deadline(TimerKind::TimeWait) == sec(60));
    c.fire(TimerKind::TimeWait);
    CHECK(c.env.t == sec(60));
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::TimeWaitTimeout);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::None});
}

TEST_CASE("TIME-WAIT: rcv retransmitted FIN -> snd ACK again, restart the 2MSL timer (3.10.7.4 fifth, eighth)", "[time_wait]") {
    Conn c = client_in(State::TimeWait);
    c.env.t = sec(10);
    c.rcv(kFIN | kACK, 5001, 1002);
    CHECK(c.state() == State::TimeWait);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1002);
    CHECK(c.last().ack == 5002);
    CHECK(c.deadline(TimerKind::TimeWait) == sec(70));
    CHECK(c.env.fired(Rule::TimeWaitRcvFin));
}

TEST_CASE("TIME-WAIT: rcv RST -> CLOSED (3.10.7.4 second; rfc1337 off by default)", "[time_wait]") {
    Conn c = client_in(State::TimeWait);
    c.rcv(kRST, 5002, 0);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::RstInClosingStates);
    CHECK(c.deadline(TimerKind::TimeWait) == kNever);
}

TEST_CASE("TIME-WAIT: rcv RST with rfc1337 on -> ignored, timer unchanged (RFC 1337)", "[time_wait]") {
    Profile p;
    p.rfc1337_ignore_rst_in_time_wait = true;
    Conn c = client_in(State::TimeWait, p);
    c.rcv(kRST, 5002, 0);
    CHECK(c.state() == State::TimeWait);
    CHECK(c.env.fired(Rule::TimeWaitRstIgnored));
    CHECK(c.deadline(TimerKind::TimeWait) == sec(60));
}

TEST_CASE("TIME-WAIT: rcv SYN in window -> challenge ACK (rfc9293, 3.10.7.4 fourth)", "[time_wait]") {
    Conn c = client_in(State::TimeWait);
    c.rcv(kSYN, 5002, 0);
    CHECK(c.state() == State::TimeWait);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1002);
    CHECK(c.last().ack == 5002);
}

TEST_CASE("TIME-WAIT: rcv old segment -> snd ACK (3.10.7.4 first)", "[time_wait]") {
    Conn c = client_in(State::TimeWait);
    c.rcv(kACK, 4000, 1002, bytes("old"));
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5002);
    CHECK(c.state() == State::TimeWait);
}

TEST_CASE("TIME-WAIT: server (active closer) mirrors the client numbers", "[time_wait]") {
    Conn c = server_in(State::TimeWait);
    CHECK(c.tcb().snd_nxt == 5002);
    CHECK(c.tcb().rcv_nxt == 1002);
    c.rcv(kFIN | kACK, 1001, 5002);
    CHECK(c.last().ack == 1002);
}

TEST_CASE("CLOSING: rcv acceptable FIN at RCV.NXT -> snd ACK, stay CLOSING (3.10.7.4 eighth)", "[closing]") {
    Conn c = client_in(State::Closing);
    c.rcv(kFIN | kACK, 5002, 1001);
    CHECK(c.state() == State::Closing);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1002);
    CHECK(c.last().ack == 5002);
}

TEST_CASE("CLOSING: rcv FIN at RCV.NXT acking our FIN -> TIME-WAIT, and the eighth step ACKs it (3.10.7.4 fifth, eighth)", "[closing]") {
    Conn c = client_in(State::Closing);
    c.rcv(kFIN | kACK, 5002, 1002);
    CHECK(c.state() == State::TimeWait);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5002);
}

TEST_CASE("TIME-WAIT: rcv acceptable FIN at RCV.NXT -> snd ACK, restart the 2MSL timeout (3.10.7.4 eighth)", "[time_wait]") {
    Conn c = client_in(State::TimeWait);
    c.env.t = sec(5);
    c.rcv(kFIN | kACK, 5002, 1002);
    CHECK(c.state() == State::TimeWait);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 5002);
    CHECK(c.deadline(TimerKind::TimeWait) == sec(65));
}

TEST_CASE("TIME-WAIT (linux): a SYN above RCV.NXT closes the old connection for the listener (3.6.1 MAY-2, tcp_timewait_state_process TCP_TW_SYN)", "[time_wait]") {
    Conn c = client_in(State::TimeWait, profile("linux"));
    c.rcv(kSYN, 5002 + 100000, 0);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.out.empty());
    CHECK(c.env.states.back().rule == Rule::TimeWaitSynReopens);
    auto syn = c.ep.take_reopening_syn();
    REQUIRE(syn);
    CHECK(syn->seq == 5002 + 100000);
    // At RCV.NXT (not "after tw_rcv_nxt") it stays in TIME-WAIT and gets the challenge ACK.
    Conn at = client_in(State::TimeWait, profile("linux"));
    at.rcv(kSYN, 5002, 0);
    CHECK(at.state() == State::TimeWait);
    CHECK_FALSE(at.ep.take_reopening_syn());
    REQUIRE(at.sent_count() == 1);
    CHECK(at.last().flags == kACK);
    CHECK(at.last().ack == 5002);
    // rfc9293 takes MAY-2 no further: the SYN above RCV.NXT gets the challenge ACK too.
    Conn r = client_in(State::TimeWait, profile("rfc9293"));
    r.rcv(kSYN, 5002 + 100000, 0);
    CHECK(r.state() == State::TimeWait);
    CHECK_FALSE(r.ep.take_reopening_syn());
}
