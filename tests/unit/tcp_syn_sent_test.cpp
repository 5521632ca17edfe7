// SEGMENT ARRIVES in SYN-SENT (RFC 9293 3.10.7.3). Client: ISS = 1000, the server's ISN = 5000.
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

TEST_CASE("SYN-SENT: active OPEN snd <SEQ=ISS><CTL=SYN>, SND.UNA=ISS, SND.NXT=ISS+1 (3.10.1)", "[syn_sent]") {
    Conn c;
    REQUIRE(c.ep.open_active(c.env) == SocketError::None);
    CHECK(c.state() == State::SynSent);
    REQUIRE(c.env.states.size() == 1);
    CHECK(c.env.states[0].from == State::Closed);
    CHECK(c.env.states[0].rule == Rule::OpenActive);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kSYN);
    CHECK(c.last().seq == 1000);
    CHECK(c.last().ack == 0);
    CHECK(c.last().options.mss == std::optional<uint16_t>(1460));
    CHECK(c.last().payload.empty());
    CHECK(c.tcb().snd_una == 1000);
    CHECK(c.tcb().snd_nxt == 1001);
    CHECK(c.deadline(TimerKind::Retransmission) == sec(1));
}

TEST_CASE("SYN-SENT: rcv SYN,ACK acking our SYN -> ESTABLISHED, snd ACK (3.10.7.3)", "[syn_sent]") {
    Conn c = client_in(State::SynSent);
    Segment sa = c.make(kSYN | kACK, 5000, 1001, {}, 29200);
    sa.options.mss = 1400;
    c.rcv(sa);
    CHECK(c.state() == State::Established);
    REQUIRE(c.env.states.size() == 1);
    CHECK(c.env.states[0].rule == Rule::SynSentRcvSynAck);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1001);  // a pure ACK consumes no sequence number
    CHECK(c.last().ack == 5001);
    CHECK(c.tcb().irs == 5000);
    CHECK(c.tcb().rcv_nxt == 5001);
    CHECK(c.tcb().snd_una == 1001);
    CHECK(c.tcb().snd_wnd == 29200);
    CHECK(c.tcb().snd_wl1 == 5000);
    CHECK(c.tcb().snd_wl2 == 1001);
    CHECK(c.tcb().snd_mss == 1400);
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);
    CHECK(c.env.established == 1);
}

TEST_CASE("SYN-SENT: rcv SYN,ACK with SEG.ACK =< ISS -> snd <SEQ=SEG.ACK><CTL=RST> (3.10.7.3 first)", "[syn_sent]") {
    Conn c = client_in(State::SynSent);
    c.rcv(kSYN | kACK, 5000, 1000);
    CHECK(c.state() == State::SynSent);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kRST);
    CHECK(c.last().seq == 1000);
    CHECK(c.env.fired(Rule::SynSentBadAck));
}

TEST_CASE("SYN-SENT: rcv ACK of unsent data (SEG.ACK > SND.NXT) -> snd RST <SEQ=SEG.ACK> (3.10.7.3 first)", "[syn_sent]") {
    Conn c = client_in(State::SynSent);
    c.rcv(kSYN | kACK, 5000, 1002);
    CHECK(c.state() == State::SynSent);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kRST);
    CHECK(c.last().seq == 1002);
    // An old duplicate SYN,ACK (Figure 8, line 4): ack 91 is not ours.
    c.env.clear();
    c.rcv(kSYN | kACK, 300, 91);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().seq == 91);
}

TEST_CASE("SYN-SENT: rcv RST with unacceptable ACK -> drop, no RST in reply (3.10.7.3 first)", "[syn_sent]") {
    Conn c = client_in(State::SynSent);
    c.rcv(kRST | kACK, 0, 999);
    CHECK(c.state() == State::SynSent);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::SynSentBadAckRst));
}

TEST_CASE("SYN-SENT: rcv RST,ACK acking our SYN -> CLOSED, ECONNREFUSED (3.10.7.3 second)", "[syn_sent]") {
    Conn c = client_in(State::SynSent);
    c.rcv(kRST | kACK, 0, 1001);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.out.empty());
    REQUIRE(c.env.closed.size() == 1);
    CHECK(c.env.closed[0] == SocketError::ConnRefused);
    CHECK(c.ep.error() == SocketError::ConnRefused);
    CHECK(c.env.states.back().rule == Rule::SynSentRcvRst);
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);
}

TEST_CASE("SYN-SENT: rcv RST without ACK -> drop (3.10.7.3 second)", "[syn_sent]") {
    Conn c = client_in(State::SynSent);
    c.rcv(kRST, 5000, 0);
    CHECK(c.state() == State::SynSent);
    CHECK(c.env.out.empty());
    CHECK(c.env.closed.empty());
    CHECK(c.env.fired(Rule::SynSentRstNoAck));
}

TEST_CASE("SYN-SENT: rcv SYN (simultaneous open) -> SYN-RECEIVED, snd <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> (3.10.7.3 fourth)", "[syn_sent]") {
    Conn c = client_in(State::SynSent);
    c.rcv(kSYN, 5000, 0, {}, 8000);
    CHECK(c.state() == State::SynRcvd);
    CHECK(c.env.states.back().rule == Rule::SynSentRcvSyn);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kSYN | kACK));
    CHECK(c.last().seq == 1000);
    CHECK(c.last().ack == 5001);
    CHECK(c.tcb().snd_una == 1000);
    CHECK(c.tcb().snd_nxt == 1001);
    CHECK(c.tcb().snd_wnd == 8000);
    CHECK_FALSE(c.tcb().passive);
    CHECK(c.env.established == 0);
}

TEST_CASE("SYN-SENT: rcv ACK without SYN or RST -> drop (3.10.7.3 fifth)", "[syn_sent]") {
    Conn c = client_in(State::SynSent);
    c.rcv(kACK, 5000, 1001);
    CHECK(c.state() == State::SynSent);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::SynSentDrop));
    c.rcv(kFIN, 5000, 0);  // "Do not process the FIN if the state is ... SYN-SENT"
    CHECK(c.state() == State::SynSent);
    CHECK(c.env.out.empty());
}

TEST_CASE("SYN-SENT: data queued by SEND goes out after the handshake ACK (3.10.2, 3.10.7.3)", "[syn_sent]") {
    Conn c = client_in(State::SynSent);
    REQUIRE(c.ep.send(c.env, bytes("hello")) == SocketError::None);
    CHECK(c.env.out.empty());
    c.rcv(kSYN | kACK, 5000, 1001);
    REQUIRE(c.sent_count() == 2);
    CHECK(c.env.out[0].seg.flags == kACK);
    CHECK(c.env.out[1].seg.flags == (kACK | kPSH));
    CHECK(c.env.out[1].seg.seq == 1001);
    CHECK(c.env.out[1].seg.ack == 5001);
    CHECK(c.env.out[1].seg.payload == bytes("hello"));
    CHECK(c.tcb().snd_nxt == 1006);
}

TEST_CASE("SYN-SENT: rcv SYN,ACK with text and FIN -> ESTABLISHED, text delivered, CLOSE-WAIT, one ACK of text and FIN (3.10.7.3 fourth: continue at the sixth step)", "[syn_sent]") {
    Conn c = client_in(State::SynSent);
    c.rcv(kSYN | kACK | kFIN, 5000, 1001, bytes("hello"));
    CHECK(c.state() == State::CloseWait);
    REQUIRE(c.env.states.size() == 2);
    CHECK(c.env.states[0].rule == Rule::SynSentRcvSynAck);
    CHECK(c.env.states[1].rule == Rule::EstablishedRcvFin);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5007);  // SYN 5000, text 5001..5005, FIN 5006
    CHECK(c.tcb().rcv_nxt == 5007);
    CHECK(c.read_all() == bytes("hello"));
    CHECK(c.ep.peer_closed());
}

TEST_CASE("SYN-SENT: rcv SYN,ACK with text under linux (delayed ACK) -> the handshake ACK still goes at once and covers the text (3.10.7.3 fourth)", "[syn_sent]") {
    Profile p = profile("linux");
    p.keep_syn_text = true;
    Conn c(p);
    c.setup(State::SynSent);
    c.rcv(kSYN | kACK, 5000, 1001, bytes("abc"));
    CHECK(c.state() == State::Established);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5004);
    CHECK(c.deadline(TimerKind::DelayedAck) == kNever);
}

TEST_CASE("SYN-SENT: linux (keep_syn_text false) drops the SYN,ACK's text: ACK 5001 (Linux tcp_rcv_synsent_state_process)", "[syn_sent]") {
    Conn c = client_in(State::SynSent, profile("linux"));
    c.rcv(kSYN | kACK, 5000, 1001, bytes("abc"));
    CHECK(c.state() == State::Established);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5001);
    CHECK(c.ep.receive_buffer().empty());
}

TEST_CASE("SYN-SENT: rcv SYN with text (simultaneous open) -> text queued, not acked, processed once ESTABLISHED (3.10.7.3 fourth)", "[syn_sent]") {
    Conn c = client_in(State::SynSent);
    c.rcv(kSYN, 5000, 0, bytes("early"));
    CHECK(c.state() == State::SynRcvd);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kSYN | kACK));
    CHECK(c.last().ack == 5001);  // "queue them": not acknowledged yet
    CHECK(c.ep.receive_buffer().empty());
    c.env.clear();
    c.rcv(kACK, 5001, 1001);  // the peer's ACK of our SYN,ACK
    CHECK(c.state() == State::Established);
    CHECK(c.tcb().rcv_nxt == 5006);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5006);
    CHECK(c.read_all() == bytes("early"));
}
