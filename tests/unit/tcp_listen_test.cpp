// SEGMENT ARRIVES in LISTEN (RFC 9293 3.10.7.2). Server side: ISS = 5000, the client's ISN = 1000.
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

TEST_CASE("LISTEN: rcv SYN -> SYN-RECEIVED, snd <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> (3.10.7.2 third)", "[listen]") {
    Conn c = server_in(State::Listen);
    Segment syn = c.make(kSYN, 1000, 0);
    syn.options.mss = 1200;
    c.rcv(syn);
    CHECK(c.state() == State::SynRcvd);
    REQUIRE(c.env.states.size() == 1);
    CHECK(c.env.states[0].from == State::Listen);
    CHECK(c.env.states[0].rule == Rule::ListenRcvSyn);
    REQUIRE(c.sent_count() == 1);
    const Segment& sa = c.last();
    CHECK(sa.flags == (kSYN | kACK));
    CHECK(sa.seq == 5000);
    CHECK(sa.ack == 1001);  // ack = x + 1: the SYN consumed one sequence number
    CHECK(sa.options.mss == std::optional<uint16_t>(1460));
    CHECK(sa.src_port == 80);
    CHECK(sa.dst_port == 40000);
    CHECK(sa.window == 65535);
    CHECK_FALSE(c.env.out[0].retransmission);
    CHECK(c.tcb().irs == 1000);
    CHECK(c.tcb().rcv_nxt == 1001);
    CHECK(c.tcb().iss == 5000);
    CHECK(c.tcb().snd_una == 5000);
    CHECK(c.tcb().snd_nxt == 5001);
    CHECK(c.tcb().snd_mss == 1200);
    CHECK(c.tcb().passive);
    CHECK(c.tcb().remote_port == 40000);  // the unspecified foreign socket is filled in
    CHECK(c.deadline(TimerKind::Retransmission) == sec(1));
}

TEST_CASE("LISTEN: rcv SYN without MSS option -> SND.MSS = 536 (3.7.1)", "[listen]") {
    Conn c = server_in(State::Listen);
    c.rcv(kSYN, 1000, 0);
    CHECK(c.tcb().snd_mss == 536);
}

TEST_CASE("LISTEN: rcv RST -> ignored (3.10.7.2 first)", "[listen]") {
    Conn c = server_in(State::Listen);
    c.rcv(kRST, 1000, 0);
    c.rcv(kRST | kACK, 1000, 77);
    CHECK(c.state() == State::Listen);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::ListenRcvRst));
}

TEST_CASE("LISTEN: rcv ACK -> snd <SEQ=SEG.ACK><CTL=RST>, stay LISTEN (3.10.7.2 second)", "[listen]") {
    Conn c = server_in(State::Listen);
    c.rcv(kACK, 1001, 777);
    CHECK(c.state() == State::Listen);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kRST);
    CHECK(c.last().seq == 777);
    CHECK(c.last().dst_port == 40000);
    CHECK(c.env.fired(Rule::ListenRcvAck));
}

TEST_CASE("LISTEN: rcv SYN,ACK -> the ACK check comes first: snd RST <SEQ=SEG.ACK> (3.10.7.2 second)", "[listen]") {
    Conn c = server_in(State::Listen);
    c.rcv(kSYN | kACK, 1000, 4242);
    CHECK(c.state() == State::Listen);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kRST);
    CHECK(c.last().seq == 4242);
}

TEST_CASE("LISTEN: rcv FIN or data without SYN/ACK -> drop (3.10.7.2 fourth)", "[listen]") {
    Conn c = server_in(State::Listen);
    c.rcv(kFIN, 1000, 0);
    c.rcv(0, 1000, 0, bytes("data"));
    CHECK(c.state() == State::Listen);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::ListenDrop));
}

TEST_CASE("LISTEN: SYN-RECEIVED reached from LISTEN remembers the passive OPEN (MUST-11)", "[listen]") {
    Conn c = server_in(State::SynRcvd);
    CHECK(c.tcb().passive);
}

TEST_CASE("LISTEN: rcv SYN with text and FIN -> SYN,ACK acks only the SYN; text and FIN processed in SYN-RECEIVED once the ACK arrives (3.10.7.2 third)", "[listen]") {
    Conn c(Profile{}, false);
    REQUIRE(c.ep.open_passive(c.env) == SocketError::None);
    c.rcv(kSYN | kFIN, 1000, 0, bytes("GET /"));
    CHECK(c.state() == State::SynRcvd);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kSYN | kACK));
    CHECK(c.last().ack == 1001);
    CHECK(c.tcb().rcv_nxt == 1001);
    c.env.clear();
    c.rcv(kACK, 1001, 5001);
    CHECK(c.state() == State::CloseWait);
    REQUIRE(c.env.states.size() == 2);
    CHECK(c.env.states[0].rule == Rule::SynRcvdAck);
    CHECK(c.env.states[1].rule == Rule::EstablishedRcvFin);
    CHECK(c.tcb().rcv_nxt == 1007);  // text 1001..1005, FIN 1006
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 1007);
    CHECK(c.read_all() == bytes("GET /"));
}

TEST_CASE("LISTEN: the peer resends the SYN's text with its ACK -> taken once (3.10.7.2 third, 3.10.7.4 first)", "[listen]") {
    Conn c(Profile{}, false);
    REQUIRE(c.ep.open_passive(c.env) == SocketError::None);
    c.rcv(kSYN, 1000, 0, bytes("abc"));
    c.env.clear();
    c.rcv(kACK | kPSH, 1001, 5001, bytes("abc"));
    CHECK(c.state() == State::Established);
    CHECK(c.tcb().rcv_nxt == 1004);
    CHECK(c.read_all() == bytes("abc"));
}

TEST_CASE("LISTEN: SYN text dropped under linux (keep_syn_text false): RCV.NXT stays 1001 after the handshake", "[listen]") {
    Conn c(profile("linux"), false);
    REQUIRE(c.ep.open_passive(c.env) == SocketError::None);
    c.rcv(kSYN, 1000, 0, bytes("abc"));
    c.rcv(kACK, 1001, 5001);
    CHECK(c.state() == State::Established);
    CHECK(c.tcb().rcv_nxt == 1001);
    CHECK(c.ep.receive_buffer().empty());
}
