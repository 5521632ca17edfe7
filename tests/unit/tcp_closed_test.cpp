// SEGMENT ARRIVES in CLOSED (RFC 9293 3.10.7.1): the reply to a segment that reaches no connection.
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

TEST_CASE("CLOSED: rcv SYN (no ACK) -> snd <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> (3.10.7.1)", "[closed]") {
    Segment syn;
    syn.src_port = 40000;
    syn.dst_port = 81;
    syn.seq = 1000;
    syn.flags = kSYN;
    Segment reply;
    REQUIRE(Endpoint::reset_for_closed(syn, reply));
    CHECK(reply.flags == (kRST | kACK));
    CHECK(reply.seq == 0);
    CHECK(reply.ack == 1001);  // the SYN occupies one sequence number
    CHECK(reply.src_port == 81);
    CHECK(reply.dst_port == 40000);
    CHECK(reply.payload.empty());
}

TEST_CASE("CLOSED: rcv ACK -> snd <SEQ=SEG.ACK><CTL=RST> (3.10.7.1)", "[closed]") {
    Segment ack;
    ack.src_port = 40000;
    ack.dst_port = 80;
    ack.seq = 1001;
    ack.ack = 5001;
    ack.flags = kACK;
    ack.payload = bytes("hello");
    Segment reply;
    REQUIRE(Endpoint::reset_for_closed(ack, reply));
    CHECK(reply.flags == kRST);
    CHECK(reply.seq == 5001);
    CHECK(reply.payload.empty());  // all data in the incoming segment is discarded
}

TEST_CASE("CLOSED: rcv data+FIN without ACK -> RST,ACK acks SEG.SEQ+data+FIN (3.10.7.1)", "[closed]") {
    Segment s;
    s.seq = 100;
    s.flags = kFIN;
    s.payload = bytes(10);
    Segment reply;
    REQUIRE(Endpoint::reset_for_closed(s, reply));
    CHECK(reply.flags == (kRST | kACK));
    CHECK(reply.seq == 0);
    CHECK(reply.ack == 111);
}

TEST_CASE("CLOSED: rcv RST -> discarded, no reply (3.10.7.1)", "[closed]") {
    Segment rst;
    rst.flags = kRST | kACK;
    rst.seq = 7;
    rst.ack = 9;
    Segment reply;
    CHECK_FALSE(Endpoint::reset_for_closed(rst, reply));
    rst.flags = kRST;
    CHECK_FALSE(Endpoint::reset_for_closed(rst, reply));
}

TEST_CASE("CLOSED: rcv SYN with seq 0xFFFFFFFF -> RST,ACK ack wraps to 0 (3.10.7.1)", "[closed][wrap]") {
    Segment syn;
    syn.seq = 0xFFFFFFFFu;
    syn.flags = kSYN;
    Segment reply;
    REQUIRE(Endpoint::reset_for_closed(syn, reply));
    CHECK(reply.ack == 0u);
}

TEST_CASE("CLOSED: an endpoint in CLOSED answers a segment with RST and stays CLOSED (3.10.7.1)", "[closed]") {
    Conn c = client_in(State::Closed);
    c.rcv(kACK, 5001, 1001);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kRST);
    CHECK(c.last().seq == 1001);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.empty());
    CHECK(c.env.fired(Rule::ClosedPortReset));
    c.env.clear();
    c.rcv(kRST, 5001, 0);
    CHECK(c.env.out.empty());
}
