// Sequence numbers across 2^32 (RFC 9293 3.4: all arithmetic is modulo 2^32).
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

TEST_CASE("Wraparound: ISS 0xFFFFFFF0, 32 bytes of data cross 2^32 and are acknowledged (3.4)", "[wrap]") {
    Conn c;
    c.env.isn = 0xFFFFFFF0u;
    c.to_syn_sent();
    CHECK(c.last().seq == 0xFFFFFFF0u);
    CHECK(c.tcb().snd_nxt == 0xFFFFFFF1u);
    c.rcv(kSYN | kACK, 5000, 0xFFFFFFF1u);
    REQUIRE(c.state() == State::Established);
    c.env.clear();
    REQUIRE(c.ep.send(c.env, bytes(32)) == SocketError::None);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().seq == 0xFFFFFFF1u);
    CHECK(c.tcb().snd_nxt == 0x11u);
    c.rcv(kACK, 5001, 0x08u);  // part of it, past the wrap
    CHECK(c.tcb().snd_una == 0x08u);
    CHECK(c.ep.send_buffer().size() == 9);
    c.rcv(kACK, 5001, 0x11u);
    CHECK(c.ep.send_buffer().empty());
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);
    // An ACK beyond SND.NXT across the wrap is still "unsent data".
    c.env.clear();
    c.rcv(kACK, 5001, 0x12u);
    CHECK(c.env.fired(Rule::AckUnsent));
    // FIN right after the wrap.
    c.env.clear();
    REQUIRE(c.ep.close(c.env) == SocketError::None);
    CHECK(c.last().seq == 0x11u);
    c.rcv(kACK, 5001, 0x12u);
    CHECK(c.state() == State::FinWait2);
}

TEST_CASE("Wraparound: the peer's data crosses 2^32, out of order pieces reassemble in order (3.4, SHLD-31)", "[wrap]") {
    Conn c;
    c.to_syn_sent();
    c.rcv(kSYN | kACK, 0xFFFFFFF8u, 1001);  // IRS near the top: RCV.NXT = 0xFFFFFFF9
    REQUIRE(c.tcb().rcv_nxt == 0xFFFFFFF9u);
    c.env.clear();
    c.rcv(kACK, 0x00000001u, 1001, bytes("WORLD"));  // after the wrap, out of order
    CHECK(c.last().ack == 0xFFFFFFF9u);
    c.rcv(kACK, 0xFFFFFFFEu, 1001, bytes("lo "));    // 0xFFFFFFFE..0x00000000, still a gap before it
    CHECK(c.ep.out_of_order().size() == 2);
    // The held pieces are kept in sequence order measured from RCV.NXT, not by raw value.
    CHECK(c.ep.out_of_order()[0].first == 0xFFFFFFFEu);
    CHECK(c.ep.out_of_order()[1].first == 0x00000001u);
    c.env.clear();
    c.rcv(kACK, 0xFFFFFFF9u, 1001, bytes("hel"));    // 0xFFFFFFF9..FB: the gap 0xFFFFFFFC-FD remains
    CHECK(c.last().ack == 0xFFFFFFFCu);
    c.rcv(kACK, 0xFFFFFFFCu, 1001, bytes("l!"));     // fills it
    CHECK(c.last().ack == 0x00000006u);  // F9..FF is 7 octets, 00..05 six more
    CHECK(c.read_all() == bytes("hell!lo WORLD"));
    CHECK(c.ep.out_of_order().empty());
}

TEST_CASE("Wraparound: a FIN at 0xFFFFFFFF moves RCV.NXT to 0 (3.4)", "[wrap]") {
    Conn c;
    c.to_syn_sent();
    c.rcv(kSYN | kACK, 0xFFFFFFFEu, 1001);  // RCV.NXT = 0xFFFFFFFF
    c.env.clear();
    c.rcv(kFIN | kACK, 0xFFFFFFFFu, 1001);
    CHECK(c.state() == State::CloseWait);
    CHECK(c.tcb().rcv_nxt == 0u);
    CHECK(c.last().ack == 0u);
}

TEST_CASE("Wraparound: old segment just before the wrap is unacceptable once RCV.NXT passed 0 (Table 6)", "[wrap]") {
    Conn c;
    c.to_syn_sent();
    c.rcv(kSYN | kACK, 0xFFFFFFF0u, 1001);
    c.rcv(kACK, 0xFFFFFFF1u, 1001, bytes(32));  // RCV.NXT = 0x11
    REQUIRE(c.tcb().rcv_nxt == 0x11u);
    c.env.clear();
    c.rcv(kACK, 0xFFFFFFF1u, 1001, bytes(4));   // a retransmission of old data
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 0x11u);
    CHECK(c.env.fired(Rule::SeqUnacceptable));
}
