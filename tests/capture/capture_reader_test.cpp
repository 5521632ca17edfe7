// The capture reader: link types, IPv4/IPv6, TCP header fields, and bad input reported with the
// packet number and byte offset. Frames are built here byte by byte, independently of the reader.
#include <catch2/catch.hpp>
#include <pcap/pcap.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "capture/capture_reader.h"
#include "capture/connections.h"
#include "segment.h"

using namespace tcplab;
using Bytes = std::vector<uint8_t>;

namespace {

void put16(Bytes& b, uint16_t v) { b.push_back(uint8_t(v >> 8)); b.push_back(uint8_t(v)); }
void put32le(Bytes& b, uint32_t v) { for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i))); }

// RFC 1071 checksum over the given words (test-side implementation).
uint16_t inet_sum(const Bytes& b) {
    uint32_t s = 0;
    for (size_t i = 0; i + 1 < b.size(); i += 2) s += uint32_t(b[i]) << 8 | b[i + 1];
    if (b.size() & 1) s += uint32_t(b.back()) << 8;
    while (s >> 16) s = (s & 0xFFFF) + (s >> 16);
    return uint16_t(~s);
}

// A TCP header (20 bytes + MSS option) with `payload` bytes; checksum filled by the caller.
Bytes tcp_header(uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack, uint8_t flags, size_t payload) {
    Bytes t;
    put16(t, sport);
    put16(t, dport);
    for (uint32_t v : {seq, ack}) { put16(t, uint16_t(v >> 16)); put16(t, uint16_t(v)); }
    t.push_back(6 << 4);  // data offset 6 words
    t.push_back(flags);
    put16(t, 65535);
    put16(t, 0);  // checksum
    put16(t, 0);
    t.insert(t.end(), {2, 4, 0x05, 0xB4});  // MSS 1460
    t.insert(t.end(), payload, 'x');
    return t;
}

Bytes ipv6_tcp(const Bytes& tcp) {
    Bytes ip = {0x60, 0, 0, 0};
    put16(ip, uint16_t(tcp.size()));
    ip.push_back(6);
    ip.push_back(64);
    Bytes src(16, 0), dst(16, 0);
    src[0] = 0x20; src[1] = 0x01; src[2] = 0x0d; src[3] = 0xb8; src[15] = 1;
    dst = src; dst[15] = 2;
    ip.insert(ip.end(), src.begin(), src.end());
    ip.insert(ip.end(), dst.begin(), dst.end());
    Bytes pseudo = src;
    pseudo.insert(pseudo.end(), dst.begin(), dst.end());
    put16(pseudo, 0); put16(pseudo, uint16_t(tcp.size())); put16(pseudo, 0); put16(pseudo, 6);
    Bytes t = tcp;
    Bytes sum = pseudo;
    sum.insert(sum.end(), t.begin(), t.end());
    const uint16_t c = inet_sum(sum);
    t[16] = uint8_t(c >> 8);
    t[17] = uint8_t(c);
    ip.insert(ip.end(), t.begin(), t.end());
    return ip;
}

Bytes ipv4_tcp(uint8_t flags, size_t payload, uint16_t frag = 0) {
    Packet p;
    p.src_ip = 0x0A000001;
    p.dst_ip = 0x0A000002;
    p.seg.src_port = 40000;
    p.seg.dst_port = 80;
    p.seg.seq = 1000;
    p.seg.ack = 5001;
    p.seg.flags = flags;
    p.seg.window = 4096;
    p.seg.options.mss = 1460;
    p.seg.payload.assign(payload, 'y');
    Bytes b = encode_ipv4(p, 7);
    if (frag) {
        b[6] = uint8_t(frag >> 8);
        b[7] = uint8_t(frag);
    }
    return b;
}

Bytes pcap_file(uint32_t linktype, const std::vector<Bytes>& frames, uint32_t snaplen = 65535,
                std::vector<uint32_t> wirelens = {}) {
    Bytes f;
    put32le(f, 0xA1B2C3D4);
    f.insert(f.end(), {2, 0, 4, 0});
    put32le(f, 0);
    put32le(f, 0);
    put32le(f, snaplen);
    put32le(f, linktype);
    for (size_t i = 0; i < frames.size(); ++i) {
        put32le(f, 100 + uint32_t(i));
        put32le(f, 0);
        put32le(f, uint32_t(frames[i].size()));
        put32le(f, i < wirelens.size() ? wirelens[i] : uint32_t(frames[i].size()));
        f.insert(f.end(), frames[i].begin(), frames[i].end());
    }
    return f;
}

std::string write(const std::string& name, const Bytes& b) {
    const std::string path = std::string(TCPLAB_TEST_TMP) + "/" + name;
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
    return path;
}

struct Read {
    std::string error;
    CaptureSummary summary;
    std::vector<CapturedSegment> segs;
};

Read read_bytes(const std::string& name, const Bytes& b) {
    Read r;
    r.error = read_capture(write(name, b), [&](const CapturedSegment& s) { r.segs.push_back(s); }, r.summary);
    return r;
}

CapturedSegment decode_ok(int dlt, const Bytes& frame) {
    CapturedSegment c;
    INFO("frame of " << frame.size() << " bytes");
    REQUIRE(decode_frame(dlt, frame.data(), uint32_t(frame.size()), uint32_t(frame.size()), c) == "");
    return c;
}

}  // namespace

TEST_CASE("raw IPv4: every TCP header field and the checksum", "[capture]") {
    const CapturedSegment c = decode_ok(DLT_RAW, ipv4_tcp(kSYN, 0));
    CHECK(c.src.text() == "10.0.0.1");
    CHECK(c.dst.text() == "10.0.0.2");
    CHECK(c.seg.src_port == 40000);
    CHECK(c.seg.dst_port == 80);
    CHECK(c.seg.seq == 1000);
    CHECK(c.seg.ack == 5001);
    CHECK(c.seg.flags == kSYN);
    CHECK(c.seg.window == 4096);
    CHECK(c.seg.options.mss == std::optional<uint16_t>(1460));
    CHECK(c.payload_len == 0);
    CHECK_FALSE(c.checksum_bad);
    CHECK_FALSE(c.truncated);
}

TEST_CASE("Ethernet with stacked VLAN tags (802.1ad outer, 802.1Q inner)", "[capture]") {
    Bytes f(12, 0xAA);
    put16(f, 0x88A8); put16(f, 10);
    put16(f, 0x8100); put16(f, 20);
    put16(f, 0x0800);
    const Bytes ip = ipv4_tcp(kACK, 10);
    f.insert(f.end(), ip.begin(), ip.end());
    const CapturedSegment c = decode_ok(DLT_EN10MB, f);
    CHECK(c.payload_len == 10);
    CHECK(c.seg.flags == kACK);
}

TEST_CASE("Ethernet padding after a short datagram is not payload", "[capture]") {
    Bytes f(12, 0);
    put16(f, 0x0800);
    const Bytes ip = ipv4_tcp(kACK, 0);
    f.insert(f.end(), ip.begin(), ip.end());
    f.insert(f.end(), 6, 0);  // pad to 60 bytes
    const CapturedSegment c = decode_ok(DLT_EN10MB, f);
    CHECK(c.payload_len == 0);
    CHECK_FALSE(c.checksum_bad);
}

TEST_CASE("Linux cooked captures, SLL and SLL2 (tcpdump -i any)", "[capture]") {
    const Bytes ip = ipv4_tcp(kFIN | kACK, 3);
    Bytes sll(14, 0);
    put16(sll, 0x0800);
    sll.insert(sll.end(), ip.begin(), ip.end());
    CHECK(decode_ok(DLT_LINUX_SLL, sll).seg.flags == (kFIN | kACK));
    Bytes sll2;
    put16(sll2, 0x0800);
    sll2.insert(sll2.end(), 18, 0);
    sll2.insert(sll2.end(), ip.begin(), ip.end());
    CHECK(decode_ok(DLT_LINUX_SLL2, sll2).payload_len == 3);
}

TEST_CASE("BSD loopback: DLT_NULL in host order, DLT_LOOP in network order, IPv6 families", "[capture]") {
    const Bytes ip = ipv4_tcp(kACK, 0);
    Bytes null_frame = {2, 0, 0, 0};
    null_frame.insert(null_frame.end(), ip.begin(), ip.end());
    CHECK(decode_ok(DLT_NULL, null_frame).seg.dst_port == 80);
    Bytes loop_frame = {0, 0, 0, 2};
    loop_frame.insert(loop_frame.end(), ip.begin(), ip.end());
    CHECK(decode_ok(DLT_LOOP, loop_frame).seg.dst_port == 80);
    const Bytes v6 = ipv6_tcp(tcp_header(5000, 443, 7, 0, kSYN, 0));
    for (uint8_t fam : {24, 28, 30}) {
        Bytes f = {fam, 0, 0, 0};
        f.insert(f.end(), v6.begin(), v6.end());
        CHECK(decode_ok(DLT_NULL, f).dst.text() == "2001:db8::2");
    }
}

TEST_CASE("raw IPv6 with a correct checksum, and a flipped payload byte makes it bad", "[capture]") {
    Bytes v6 = ipv6_tcp(tcp_header(5000, 443, 0xFFFFFFF0u, 9, kPSH | kACK, 5));
    const CapturedSegment c = decode_ok(DLT_RAW, v6);
    CHECK(c.src.v6);
    CHECK(c.src.text() == "2001:db8::1");
    CHECK(c.seg.seq == 0xFFFFFFF0u);
    CHECK(c.payload_len == 5);
    CHECK_FALSE(c.checksum_bad);
    v6.back() ^= 0x01;
    const CapturedSegment bad = decode_ok(DLT_RAW, v6);
    CHECK(bad.checksum_bad);
    CHECK_FALSE(bad.checksum_offloaded);
}

TEST_CASE("a checksum left to the network card is told apart from a bad one", "[capture]") {
    Bytes ip = ipv4_tcp(kACK, 0);
    // Replace the checksum with the pseudo-header's sum alone, as Linux leaves it (CHECKSUM_PARTIAL).
    Bytes pseudo = {10, 0, 0, 1, 10, 0, 0, 2, 0, 6};
    put16(pseudo, uint16_t(ip.size() - 20));
    const uint16_t partial = uint16_t(~inet_sum(pseudo));
    ip[20 + 16] = uint8_t(partial >> 8);
    ip[20 + 17] = uint8_t(partial);
    const CapturedSegment c = decode_ok(DLT_RAW, ip);
    CHECK(c.checksum_offloaded);
    CHECK_FALSE(c.checksum_bad);
}

TEST_CASE("frames that carry no usable TCP segment say why", "[capture]") {
    CapturedSegment c;
    Bytes frag = ipv4_tcp(kACK, 8, 0x2000);  // more fragments
    CHECK(decode_frame(DLT_RAW, frag.data(), uint32_t(frag.size()), uint32_t(frag.size()), c) ==
          "an IPv4 fragment (fragments are not reassembled)");
    Bytes udp = ipv4_tcp(kACK, 0);
    udp[9] = 17;
    CHECK(decode_frame(DLT_RAW, udp.data(), uint32_t(udp.size()), uint32_t(udp.size()), c) ==
          "not TCP (IP protocol 17)");
    Bytes arp(12, 0);
    put16(arp, 0x0806);
    arp.insert(arp.end(), 28, 0);
    CHECK(decode_frame(DLT_EN10MB, arp.data(), uint32_t(arp.size()), uint32_t(arp.size()), c) ==
          "not IP (EtherType 0x0806)");
    Bytes bad_offset = ipv4_tcp(kACK, 0);
    bad_offset[20 + 12] = 3 << 4;
    CHECK(decode_frame(DLT_RAW, bad_offset.data(), uint32_t(bad_offset.size()), uint32_t(bad_offset.size()), c) ==
          "bad TCP data offset 3");
    Bytes v6frag = ipv6_tcp(tcp_header(1, 2, 3, 4, kACK, 0));
    v6frag[6] = 44;
    CHECK(decode_frame(DLT_RAW, v6frag.data(), uint32_t(v6frag.size()), uint32_t(v6frag.size()), c) ==
          "an IPv6 fragment (fragments are not reassembled)");
    Bytes tiny = {0x45, 0};
    CHECK(decode_frame(DLT_RAW, tiny.data(), 2, 2, c) == "the IPv4 header is cut by the snap length");
    CHECK(decode_frame(DLT_IEEE802_11, tiny.data(), 2, 2, c) == "link type IEEE802_11 is not supported");
}

TEST_CASE("a segment cut by the snap length keeps its length on the wire", "[capture]") {
    const Bytes ip = ipv4_tcp(kPSH | kACK, 1000);
    const Bytes cut(ip.begin(), ip.begin() + 68);
    const Read r = read_bytes("snap.pcap", pcap_file(DLT_RAW, {cut}, 68, {uint32_t(ip.size())}));
    REQUIRE(r.error == "");
    REQUIRE(r.segs.size() == 1);
    CHECK(r.segs[0].truncated);
    CHECK(r.segs[0].payload_len == 1000);
    CHECK_FALSE(r.segs[0].checksum_bad);  // not verifiable, so not flagged
}

TEST_CASE("bad files: empty, wrong magic, truncated record, a record longer than the snap length", "[capture]") {
    const Read empty = read_bytes("empty.pcap", {});
    CHECK(empty.error.find("an empty file (0 bytes), not a capture") != std::string::npos);

    const Read magic = read_bytes("magic.pcap", Bytes(64, 'z'));
    CHECK(magic.error.find("not a pcap or pcapng capture") != std::string::npos);

    Bytes two = pcap_file(DLT_RAW, {ipv4_tcp(kSYN, 0), ipv4_tcp(kACK, 0)});
    two.resize(two.size() - 10);
    const Read trunc = read_bytes("trunc.pcap", two);
    REQUIRE(trunc.error == "");
    CHECK(trunc.segs.size() == 1);
    CHECK(trunc.summary.read_error);
    REQUIRE(trunc.summary.issues.size() == 1);
    CHECK(trunc.summary.issues[0].number == 2);
    CHECK(trunc.summary.issues[0].offset == 24 + 16 + 44);  // file header, first record
    CHECK(trunc.summary.issues[0].message.find("unreadable record") != std::string::npos);

    Bytes huge = pcap_file(DLT_RAW, {ipv4_tcp(kSYN, 0)}, 100);
    huge[24 + 8] = 0xFF;  // caplen 255 + ... > snaplen 100, and past the end of the file
    huge[24 + 9] = 0xFF;
    huge[24 + 10] = 0xFF;
    const Read absurd = read_bytes("absurd.pcap", huge);
    REQUIRE(absurd.error == "");
    CHECK(absurd.segs.empty());
    CHECK(absurd.summary.read_error);
    REQUIRE(absurd.summary.issues.size() == 1);
    CHECK(absurd.summary.issues[0].number == 1);
    CHECK(absurd.summary.issues[0].offset == 24);
}

TEST_CASE("non-TCP packets are counted and named, the TCP ones still read", "[capture]") {
    Bytes udp = ipv4_tcp(kACK, 0);
    udp[9] = 17;
    const Read r = read_bytes("mixed.pcap", pcap_file(DLT_RAW, {udp, ipv4_tcp(kSYN, 0)}));
    REQUIRE(r.error == "");
    CHECK(r.summary.packets == 2);
    CHECK(r.summary.tcp == 1);
    REQUIRE(r.summary.issues.size() == 1);
    CHECK(r.summary.issues[0].number == 1);
    CHECK(r.summary.issues[0].offset == 24);
    CHECK(r.segs.at(0).number == 2);
    CHECK(r.summary.link_type == "RAW");
}

TEST_CASE("connections: a SYN retransmission and a simultaneous open stay one connection, a new SYN after FINs "
          "both ways is the next", "[capture]") {
    auto seg = [](bool from_a, uint16_t flags, uint32_t seq, uint32_t ack) {
        CapturedSegment c;
        c.src.bytes[0] = from_a ? 1 : 2;
        c.dst.bytes[0] = from_a ? 2 : 1;
        c.seg.src_port = from_a ? 40000 : 80;
        c.seg.dst_port = from_a ? 80 : 40000;
        c.seg.flags = flags;
        c.seg.seq = seq;
        c.seg.ack = ack;
        return c;
    };
    ConnectionSplitter s;
    s.add(seg(true, kSYN, 100, 0));
    s.add(seg(true, kSYN, 100, 0));           // retransmission
    s.add(seg(false, kSYN, 900, 0));          // simultaneous open
    s.add(seg(false, kSYN | kACK, 900, 101));
    s.add(seg(true, kFIN | kACK, 101, 901));
    s.add(seg(true, kSYN, 5000, 0));          // still open (only one FIN): a SYN to a live connection
    s.add(seg(false, kFIN | kACK, 901, 102));
    s.add(seg(true, kSYN, 6000, 0));          // FINs both ways: the next connection
    s.add(seg(false, kSYN | kACK, 7000, 6001));
    auto& conns = s.connections();
    REQUIRE(conns.size() == 2);
    CHECK(conns[0].segments.size() == 7);
    CHECK(conns[1].segments.size() == 2);
    CHECK(conns[1].number == 2);
    CHECK(conns[0].successor_syn.has_value());
}

TEST_CASE("a timestamp out of range is clamped and named (the fuzzer's overflow)", "[capture]") {
    Bytes f = pcap_file(DLT_RAW, {ipv4_tcp(kSYN, 0)});
    // libpcap reads pcap's 32-bit seconds as signed: 0xFFFFFFFF is before 1970. (A pcapng block
    // can carry seconds far past 2106: fuzz corpus timestamp-overflow.pcapng.)
    f[24] = f[25] = f[26] = f[27] = 0xFF;
    const Read r = read_bytes("late.pcap", f);
    REQUIRE(r.segs.size() == 1);
    CHECK(r.segs[0].time_ns == 0);
    REQUIRE(r.summary.issues.size() == 1);
    CHECK(r.summary.issues[0].message == "timestamp out of range (clamped)");
    CHECK(r.summary.issues[0].number == 1);
}
