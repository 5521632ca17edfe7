// SEGMENT ARRIVES in SYN-RECEIVED (RFC 9293 3.10.7.4). Server (passive): ISS = 5000, IRS = 1000.
// Client (active, reached by simultaneous open): ISS = 1000, IRS = 5000.
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

TEST_CASE("SYN-RECEIVED: rcv ACK of our SYN -> ESTABLISHED, no reply (3.10.7.4 fifth)", "[syn_rcvd]") {
    Conn c = server_in(State::SynRcvd);
    c.rcv(kACK, 1001, 5001, {}, 30000);
    CHECK(c.state() == State::Established);
    CHECK(c.env.states.back().rule == Rule::SynRcvdAck);
    CHECK(c.env.out.empty());
    CHECK(c.tcb().snd_una == 5001);
    CHECK(c.tcb().snd_wnd == 30000);
    CHECK(c.tcb().snd_wl1 == 1001);
    CHECK(c.tcb().snd_wl2 == 5001);
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);
    CHECK(c.env.established == 1);
}

TEST_CASE("SYN-RECEIVED: rcv ACK with data -> ESTABLISHED, data accepted, snd ACK (3.10.7.4 fifth, seventh)", "[syn_rcvd]") {
    Conn c = server_in(State::SynRcvd);
    c.rcv(kACK | kPSH, 1001, 5001, bytes("hello"));
    CHECK(c.state() == State::Established);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 5001);
    CHECK(c.last().ack == 1006);
    CHECK(c.read_all() == bytes("hello"));
    CHECK(c.env.data == 1);
}

TEST_CASE("SYN-RECEIVED: rcv ACK of unsent data -> snd <SEQ=SEG.ACK><CTL=RST> (3.10.7.4 fifth)", "[syn_rcvd]") {
    Conn c = server_in(State::SynRcvd);
    c.rcv(kACK, 1001, 5002);
    CHECK(c.state() == State::SynRcvd);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kRST);
    CHECK(c.last().seq == 5002);
    CHECK(c.env.fired(Rule::SynRcvdBadAck));
}

TEST_CASE("SYN-RECEIVED: rcv ACK =< SND.UNA (not acking the SYN) -> snd RST <SEQ=SEG.ACK> (3.10.7.4 fifth)", "[syn_rcvd]") {
    Conn c = server_in(State::SynRcvd);
    c.rcv(kACK, 1001, 5000);
    CHECK(c.state() == State::SynRcvd);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kRST);
    CHECK(c.last().seq == 5000);
}

TEST_CASE("SYN-RECEIVED: rcv RST (passive open) -> back to LISTEN, user not informed (3.10.7.4 second)", "[syn_rcvd]") {
    Conn c = server_in(State::SynRcvd);
    c.rcv(kRST, 1001, 0);
    CHECK(c.state() == State::Listen);
    CHECK(c.env.states.back().rule == Rule::SynRcvdRstPassive);
    CHECK(c.env.out.empty());
    CHECK(c.env.back_to_listen == 1);
    CHECK(c.env.closed.empty());
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);  // retransmission queue flushed
    CHECK(c.tcb().remote_port == 0);  // the foreign socket is unspecified again
    // And it accepts the next SYN as a fresh LISTEN would (Figure 8, line 6).
    c.env.clear();
    c.rcv(kSYN, 1000, 0);
    CHECK(c.state() == State::SynRcvd);
    CHECK(c.last().flags == (kSYN | kACK));
    CHECK(c.last().ack == 1001);
}

TEST_CASE("SYN-RECEIVED: rcv RST (active open) -> CLOSED, ECONNREFUSED (3.10.7.4 second)", "[syn_rcvd]") {
    Conn c = client_in(State::SynRcvd);
    c.rcv(kRST, 5001, 0);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::SynRcvdRstActive);
    REQUIRE(c.env.closed.size() == 1);
    CHECK(c.env.closed[0] == SocketError::ConnRefused);
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);
}

TEST_CASE("SYN-RECEIVED: rcv RST in window but not at RCV.NXT -> challenge ACK (rfc9293, RFC 5961 3.2)", "[syn_rcvd]") {
    Conn c = server_in(State::SynRcvd);
    c.rcv(kRST, 1100, 0);
    CHECK(c.state() == State::SynRcvd);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 5001);
    CHECK(c.last().ack == 1001);
}

TEST_CASE("SYN-RECEIVED: rcv SYN in window (passive open) -> back to LISTEN (3.10.7.4 fourth)", "[syn_rcvd]") {
    Conn c = server_in(State::SynRcvd);
    c.rcv(kSYN, 1001, 0);
    CHECK(c.state() == State::Listen);
    CHECK(c.env.states.back().rule == Rule::SynRcvdSynPassive);
    CHECK(c.env.back_to_listen == 1);
}

TEST_CASE("SYN-RECEIVED: rcv the SYN again (our SYN,ACK lost) -> snd SYN,ACK again", "[syn_rcvd]") {
    Conn c = server_in(State::SynRcvd);
    c.rcv(kSYN, 1000, 0);
    CHECK(c.state() == State::SynRcvd);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kSYN | kACK));
    CHECK(c.last().seq == 5000);
    CHECK(c.last().ack == 1001);
    CHECK(c.env.out[0].retransmission);
}

TEST_CASE("SYN-RECEIVED: rcv segment outside the window -> snd <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (3.10.7.4 first)", "[syn_rcvd]") {
    Conn c = server_in(State::SynRcvd);
    c.rcv(kACK, 1001 + 70000, 5001, bytes("x"));
    CHECK(c.state() == State::SynRcvd);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 5001);
    CHECK(c.last().ack == 1001);
}

TEST_CASE("SYN-RECEIVED: rcv segment without ACK -> drop (3.10.7.4 fifth)", "[syn_rcvd]") {
    Conn c = server_in(State::SynRcvd);
    c.rcv(0, 1001, 0, bytes("early"));
    CHECK(c.state() == State::SynRcvd);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::AckOffDrop));
}

TEST_CASE("SYN-RECEIVED: simultaneous open, rcv the peer's SYN,ACK -> ESTABLISHED, no reply (3.5 Figure 7 line 6)", "[syn_rcvd]") {
    Conn c = client_in(State::SynRcvd);
    c.rcv(kSYN | kACK, 5000, 1001);
    CHECK(c.state() == State::Established);
    CHECK(c.env.states.back().rule == Rule::SynRcvdAck);
    CHECK(c.env.out.empty());
    CHECK(c.tcb().snd_una == 1001);
    CHECK(c.tcb().rcv_nxt == 5001);
    CHECK(c.env.established == 1);
}

TEST_CASE("SYN-RECEIVED: simultaneous open, rcv plain ACK of our SYN,ACK -> ESTABLISHED (3.10.7.4 fifth)", "[syn_rcvd]") {
    Conn c = client_in(State::SynRcvd);
    c.rcv(kACK, 5001, 1001);
    CHECK(c.state() == State::Established);
}

TEST_CASE("SYN-RECEIVED: rcv FIN with the ACK of our SYN -> ESTABLISHED then CLOSE-WAIT, snd ACK (3.10.7.4 eighth)", "[syn_rcvd]") {
    Conn c = server_in(State::SynRcvd);
    c.rcv(kFIN | kACK, 1001, 5001);
    CHECK(c.state() == State::CloseWait);
    REQUIRE(c.env.states.size() == 2);
    CHECK(c.env.states[0].to == State::Established);
    CHECK(c.env.states[1].rule == Rule::EstablishedRcvFin);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 1002);  // the FIN consumed one sequence number
    CHECK(c.ep.peer_closed());
}

TEST_CASE("SYN-RECEIVED: text held from the SYN is dropped when a RST returns the connection to LISTEN (3.10.7.2, 3.10.7.4 second)", "[syn_rcvd]") {
    Conn c(Profile{}, false);
    REQUIRE(c.ep.open_passive(c.env) == SocketError::None);
    c.rcv(kSYN, 1000, 0, bytes("abc"));
    c.rcv(kRST, 1001, 0);
    CHECK(c.state() == State::Listen);
    c.rcv(kSYN, 7000, 0);
    c.rcv(kACK, 7001, 5001);
    CHECK(c.state() == State::Established);
    CHECK(c.tcb().rcv_nxt == 7001);
    CHECK(c.ep.receive_buffer().empty());
}
