// The pcap writer: classic libpcap layout (little-endian), LINKTYPE_RAW, virtual timestamps.
#include <catch2/catch.hpp>

#include "export/pcap.h"

using namespace tcplab;

namespace {
uint32_t le32(const std::vector<uint8_t>& b, size_t at) {
    return uint32_t(b[at]) | uint32_t(b[at + 1]) << 8 | uint32_t(b[at + 2]) << 16 | uint32_t(b[at + 3]) << 24;
}
uint16_t le16(const std::vector<uint8_t>& b, size_t at) { return uint16_t(b[at] | b[at + 1] << 8); }

TraceEntry sent(Micros t, uint16_t flags, Seq seq) {
    TraceEntry e;
    e.kind = TraceKind::SegmentSent;
    e.time = t;
    e.packet.src_ip = 0x0a000001u;
    e.packet.dst_ip = 0x0a000002u;
    e.packet.seg.src_port = 40000;
    e.packet.seg.dst_port = 80;
    e.packet.seg.flags = flags;
    e.packet.seg.seq = seq;
    return e;
}
}  // namespace

TEST_CASE("global header") {
    auto b = trace_pcap({});
    REQUIRE(b.size() == 24);
    CHECK(le32(b, 0) == 0xa1b2c3d4u);
    CHECK(le16(b, 4) == 2);
    CHECK(le16(b, 6) == 4);
    CHECK(le32(b, 16) == 65535u);
    CHECK(le32(b, 20) == 101u);  // LINKTYPE_RAW
}

TEST_CASE("one record per segment on the wire, with the virtual time") {
    TraceEntry note;
    note.kind = TraceKind::Note;
    TraceEntry delivered = sent(msec(60), kSYN, 1000);
    delivered.kind = TraceKind::SegmentDelivered;  // the same segment arriving: not captured twice
    Trace t = {sent(msec(10), kSYN, 1000), note, delivered, sent(sec(2) + 250, kACK | kFIN, 1001)};
    auto b = trace_pcap(t);
    size_t at = 24;
    // Record 1: 10ms, 40 bytes (20 IP + 20 TCP).
    CHECK(le32(b, at) == 0);
    CHECK(le32(b, at + 4) == 10000);
    CHECK(le32(b, at + 8) == 40);
    CHECK(le32(b, at + 12) == 40);
    std::vector<uint8_t> ip1(b.begin() + long(at + 16), b.begin() + long(at + 56));
    CHECK(ip1 == encode_ipv4(t[0].packet, 1));
    at += 56;
    // Record 2: 2.000250s.
    CHECK(le32(b, at) == 2);
    CHECK(le32(b, at + 4) == 250);
    CHECK(b[at + 16 + 20 + 13] == (kACK | kFIN));
    CHECK(le16(std::vector<uint8_t>{b[at + 16 + 5], b[at + 16 + 4]}, 0) == 2);  // IP id counts up
    at += 56;
    CHECK(b.size() == at);
}

TEST_CASE("duplicates and injected segments are captured too") {
    Trace t = {sent(0, kSYN, 1), sent(1, kSYN, 1), sent(2, kRST, 9)};
    t[1].kind = TraceKind::SegmentDuplicated;
    t[2].kind = TraceKind::SegmentInjected;
    CHECK(trace_pcap(t).size() == 24 + 3 * 56);
}
