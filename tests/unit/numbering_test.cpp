// The sequence-number labeler (engine/numbering.h): absolute, relative and the course notes'
// symbolic x, y, u, v, w, on hand-made traces.
#include <catch2/catch.hpp>

#include "numbering.h"

using namespace tcplab;

namespace {

// A segment entry as the simulator records it, for the labeler.
TraceEntry seg(uint64_t index, bool from_a, uint16_t flags, Seq seq, Seq ack, size_t len = 0) {
    TraceEntry e;
    e.index = index;
    e.kind = TraceKind::SegmentSent;
    e.host = from_a ? 0 : 1;
    e.peer_host = from_a ? 1 : 0;
    e.packet.src_ip = from_a ? 0x0a000001 : 0x0a000002;
    e.packet.dst_ip = from_a ? 0x0a000002 : 0x0a000001;
    e.packet.seg.src_port = from_a ? 40000 : 80;
    e.packet.seg.dst_port = from_a ? 80 : 40000;
    e.packet.seg.flags = flags;
    e.packet.seg.seq = seq;
    e.packet.seg.ack = ack;
    e.packet.seg.payload.assign(len, 'a');
    return e;
}

}  // namespace

// The course notes' four-way close: seq=u, ack=u+1 (seq=v), FIN seq=w ack=u+1, last ACK seq=u+1 ack=w+1.
TEST_CASE("symbolic numbering follows the course notes (x, y, u, v, w)", "[numbering]") {
    Labeler lab;
    std::vector<TraceEntry> t = {
        seg(0, true, kSYN, 1000, 0),
        seg(1, false, kSYN | kACK, 5000, 1001),
        seg(2, true, kACK, 1001, 5001),
        seg(3, true, kACK | kPSH, 1001, 5001, 100),
        seg(4, false, kACK, 5001, 1101),
        seg(5, true, kFIN | kACK, 1101, 5001),
        seg(6, false, kACK, 5001, 1102),
        seg(7, false, kACK | kPSH, 5001, 1102, 20),
        seg(8, false, kFIN | kACK, 5021, 1102),
        seg(9, true, kACK, 1102, 5022),
    };
    for (const auto& e : t) lab.add(e);
    auto sym = [&](int i) { return lab.summary(t[i], Numbering::Symbolic); };
    CHECK(sym(0) == "SYN seq=x");
    CHECK(sym(1) == "SYN,ACK seq=y ack=x+1");
    CHECK(sym(2) == "ACK seq=x+1 ack=y+1");
    CHECK(sym(3) == "PSH,ACK seq=x+1 ack=y+1 len=100");
    CHECK(sym(4) == "ACK seq=y+1 ack=x+1+100");
    CHECK(sym(5) == "FIN,ACK seq=u ack=y+1");
    CHECK(sym(6) == "ACK seq=v ack=u+1");
    CHECK(sym(7) == "PSH,ACK seq=v ack=u+1 len=20");  // data still flows in CLOSE_WAIT
    CHECK(sym(8) == "FIN,ACK seq=w ack=u+1");
    CHECK(sym(9) == "ACK seq=u+1 ack=w+1");
    CHECK(lab.summary(t[1], Numbering::Relative) == "SYN,ACK seq=0 ack=1");
    CHECK(lab.summary(t[9], Numbering::Relative) == "ACK seq=102 ack=22");
    CHECK(lab.summary(t[9], Numbering::Absolute) == "ACK seq=1102 ack=5022");
    // The TCB panel's view of A's numbers after the close.
    CHECK(lab.label(0x0a000001, 40000, 0x0a000002, 80, 1102, Numbering::Symbolic) == "u+1");
    CHECK(lab.label(0x0a000002, 80, 0x0a000001, 40000, 5022, Numbering::Symbolic) == "w+1");
}

TEST_CASE("no FIN in between: w names the FIN even when it equals v", "[numbering]") {
    Labeler lab;
    std::vector<TraceEntry> t = {
        seg(0, true, kSYN, 7, 0),         seg(1, false, kSYN | kACK, 90, 8), seg(2, true, kACK, 8, 91),
        seg(3, true, kFIN | kACK, 8, 91), seg(4, false, kACK, 91, 9),        seg(5, false, kFIN | kACK, 91, 9),
        seg(6, true, kACK, 9, 92),
    };
    for (const auto& e : t) lab.add(e);
    CHECK(lab.summary(t[4], Numbering::Symbolic) == "ACK seq=v ack=u+1");
    CHECK(lab.summary(t[5], Numbering::Symbolic) == "FIN,ACK seq=w ack=u+1");
    CHECK(lab.summary(t[6], Numbering::Symbolic) == "ACK seq=u+1 ack=w+1");
}

