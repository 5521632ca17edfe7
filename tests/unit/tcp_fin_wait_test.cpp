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

// --- Data after close(): RFC 1122 4.2.2.13 / RFC 9293 3.6.1 SHLD-2 (rst_on_data_after_close) ---
// Linux tcp_rcv_state_process() FIN-WAIT-1/2: RCV_SHUTDOWN and new data -> tcp_reset, RST;
// FreeBSD tcp_do_segment(): data "after the user processes are gone" -> tcp_close, dropwithreset.

TEST_CASE("FIN-WAIT-1 (linux): new data after close() -> snd <SEQ=SEG.ACK><CTL=RST>, CLOSED (RFC 1122 4.2.2.13)", "[fin_wait][half_duplex]") {
    Conn c = client_in(State::FinWait1, profile("linux"));
    c.rcv(kACK | kPSH, 5001, 1001, bytes("hello"));
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::DataAfterCloseReset);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kRST);
    CHECK(c.last().seq == 1001);  // the segment's ACK field
    CHECK(c.ep.receive_buffer().empty());
    REQUIRE(c.env.closed.size() == 1);
    CHECK(c.env.closed[0] == SocketError::None);  // nobody is left to be told
}

TEST_CASE("FIN-WAIT-2 (linux, freebsd): new data after close() -> RST, CLOSED (RFC 9293 3.6.1 SHLD-2)", "[fin_wait][half_duplex]") {
    for (const char* name : {"linux", "freebsd"}) {
        INFO(name);
        Conn c = client_in(State::FinWait2, profile(name));
        c.rcv(kACK | kPSH, 5001, 1002, bytes("hello"));
        CHECK(c.state() == State::Closed);
        CHECK(c.env.states.back().rule == Rule::DataAfterCloseReset);
        REQUIRE(c.sent_count() == 1);
        CHECK(c.last().flags == kRST);
        CHECK(c.last().seq == 1002);
        CHECK(c.deadline(TimerKind::FinWait2) == kNever);
    }
}

TEST_CASE("FIN-WAIT-2 (linux): out-of-order new data after close() also resets; a FIN alone does not", "[fin_wait][half_duplex]") {
    Conn c = client_in(State::FinWait2, profile("linux"));
    c.rcv(kACK, 5101, 1002, bytes("later"));
    CHECK(c.state() == State::Closed);
    CHECK(c.last().flags == kRST);

    Conn f = client_in(State::FinWait2, profile("linux"));
    f.rcv(kFIN | kACK, 5001, 1002);
    CHECK(f.state() == State::TimeWait);
    CHECK(f.last().flags == kACK);
    CHECK(f.last().ack == 5002);
}

TEST_CASE("FIN-WAIT-2 (linux): an old duplicate after close() is only acknowledged, no RST", "[fin_wait][half_duplex]") {
    Conn c = client_in(State::FinWait2, profile("linux"));
    c.rcv(kACK, 4996, 1002, bytes("old!!"));  // ends at RCV.NXT = 5001
    CHECK(c.state() == State::FinWait2);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 5001);
}

TEST_CASE("FIN-WAIT-1/2 (rfc9293, rfc793): data after CLOSE is delivered, RECEIVE still allowed (3.10.3)", "[fin_wait][half_duplex]") {
    for (const char* name : {"rfc9293", "rfc793"}) {
        INFO(name);
        Conn c1 = client_in(State::FinWait1, profile(name));
        c1.rcv(kACK | kPSH, 5001, 1001, bytes("hello"));
        CHECK(c1.state() == State::FinWait1);
        CHECK(c1.last().flags == kACK);
        CHECK(c1.last().ack == 5006);
        CHECK(c1.read_all() == bytes("hello"));

        Conn c2 = client_in(State::FinWait2, profile(name));
        c2.rcv(kACK | kPSH, 5001, 1002, bytes("hello"));
        CHECK(c2.state() == State::FinWait2);
        CHECK(c2.last().ack == 5006);
        CHECK(c2.read_all() == bytes("hello"));
    }
}

TEST_CASE("FIN-WAIT-2 (linux): after shutdown(SHUT_WR) data is delivered; close() later makes it half-duplex", "[fin_wait][half_duplex]") {
    Conn c = client_in(State::Established, profile("linux"));
    REQUIRE(c.ep.close(c.env, false) == SocketError::None);  // shutdown(SHUT_WR)
    c.rcv(kACK, 5001, 1002);
    REQUIRE(c.state() == State::FinWait2);
    c.env.clear();
    c.rcv(kACK | kPSH, 5001, 1002, bytes("hello"));
    CHECK(c.state() == State::FinWait2);
    CHECK(c.read_all() == bytes("hello"));
    REQUIRE(c.ep.close(c.env, true) == SocketError::None);  // close() after shutdown()
    c.rcv(kACK | kPSH, 5006, 1002, bytes("more"));
    CHECK(c.state() == State::Closed);
    CHECK(c.last().flags == kRST);
    CHECK(c.last().seq == 1002);
}
