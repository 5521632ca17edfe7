// Segment formatting, flag parsing and the wire encoding (RFC 9293 section 3.1, RFC 791).
// Expected checksums were computed independently (a few lines of Python over the same bytes).
#include <catch2/catch.hpp>

#include "segment.h"

using namespace tcplab;

namespace {
uint32_t ip(int a, int b, int c, int d) { return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(c) << 8) | uint32_t(d); }

// One's complement sum over the bytes must be 0xFFFF when the checksum inside them is right.
uint16_t ones_sum(const std::vector<uint8_t>& b, uint32_t sum = 0) {
    for (size_t i = 0; i + 1 < b.size(); i += 2) sum += (uint32_t(b[i]) << 8) | b[i + 1];
    if (b.size() & 1) sum += uint32_t(b.back()) << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<uint16_t>(sum);
}

Packet syn_packet() {
    Packet p;
    p.src_ip = ip(10, 0, 0, 1);
    p.dst_ip = ip(10, 0, 0, 2);
    p.seg.src_port = 40000;
    p.seg.dst_port = 80;
    p.seg.seq = 1000;
    p.seg.flags = kSYN;
    p.seg.window = 65535;
    p.seg.options.mss = 1460;
    return p;
}

Packet data_packet() {
    Packet p;
    p.src_ip = ip(10, 0, 0, 2);
    p.dst_ip = ip(10, 0, 0, 1);
    p.seg.src_port = 80;
    p.seg.dst_port = 40000;
    p.seg.seq = 5001;
    p.seg.ack = 1001;
    p.seg.flags = kPSH | kACK;
    p.seg.window = 1000;
    p.seg.payload = {'h', 'e', 'l', 'l', 'o'};
    return p;
}
}  // namespace

TEST_CASE("flags_string writes flags in the course notes' order") {
    CHECK(flags_string(kSYN) == "SYN");
    CHECK(flags_string(kSYN | kACK) == "SYN,ACK");
    CHECK(flags_string(kACK | kFIN) == "FIN,ACK");
    CHECK(flags_string(kRST | kACK) == "RST,ACK");
    CHECK(flags_string(kPSH | kACK) == "PSH,ACK");
    CHECK(flags_string(0) == "<none>");
}

TEST_CASE("parse_flags accepts lists, plus signs, lower case and tcpdump letters") {
    CHECK(parse_flags("SYN,ACK") == uint16_t(kSYN | kACK));
    CHECK(parse_flags("syn+ack") == uint16_t(kSYN | kACK));
    CHECK(parse_flags("FIN") == uint16_t(kFIN));
    CHECK(parse_flags("SA") == uint16_t(kSYN | kACK));
    CHECK(parse_flags("FA") == uint16_t(kFIN | kACK));
    CHECK(parse_flags("R") == uint16_t(kRST));
    CHECK(parse_flags("ACK,CWR,ECE,URG") == uint16_t(kACK | kCWR | kECE | kURG));
    CHECK_FALSE(parse_flags("SYNN"));
    CHECK_FALSE(parse_flags("SYN,"));
    CHECK_FALSE(parse_flags(""));
    CHECK_FALSE(parse_flags("SYN,SA"));
}

TEST_CASE("segment_summary shows ack only when ACK is set") {
    Segment s;
    s.flags = kSYN;
    s.seq = 1000;
    s.window = 65535;
    CHECK(segment_summary(s) == "SYN seq=1000 win=65535 len=0");
    s.flags = kSYN | kACK;
    s.ack = 1001;
    CHECK(segment_summary(s) == "SYN,ACK seq=1000 ack=1001 win=65535 len=0");
}

TEST_CASE("TCP options are padded to 32-bit words") {
    TcpOptions o;
    CHECK(o.encoded_length() == 0);
    CHECK(o.encode().empty());
    o.mss = 1460;
    CHECK(o.encode() == std::vector<uint8_t>{2, 4, 0x05, 0xb4});
    o.window_scale = 7;
    CHECK(o.encoded_length() == 8);
    CHECK(o.encode() == std::vector<uint8_t>{2, 4, 0x05, 0xb4, 3, 3, 7, 0});
    o.sack_permitted = true;
    o.timestamps = Timestamps{1, 2};
    CHECK(o.encoded_length() == 20);  // 4 + 3 + 2 + 10 = 19 -> 20
    auto e = o.encode();
    REQUIRE(e.size() == 20);
    CHECK(e[7] == 4);  // SACK permitted kind
    CHECK(e[9] == 8);  // timestamps kind
    CHECK(e[19] == 0); // EOL padding
}

TEST_CASE("tcp_checksum matches an independent computation") {
    CHECK(tcp_checksum(syn_packet()) == 0xe3ab);
    CHECK(tcp_checksum(data_packet()) == 0xa008);
}

TEST_CASE("encode_tcp lays out the header of RFC 9293 section 3.1") {
    auto b = encode_tcp(syn_packet());
    REQUIRE(b.size() == 24);
    CHECK(b[0] == 0x9c);  // 40000 = 0x9c40
    CHECK(b[1] == 0x40);
    CHECK(b[3] == 80);
    CHECK(b[4] == 0);
    CHECK(b[6] == 0x03);  // 1000 = 0x3e8
    CHECK(b[7] == 0xe8);
    CHECK(b[12] == 0x60);  // data offset 6 words
    CHECK(b[13] == 0x02);  // SYN
    CHECK(b[16] == 0xe3);
    CHECK(b[17] == 0xab);
}

TEST_CASE("encode_ipv4 has a valid header checksum and carries a verifiable TCP checksum") {
    Packet p = data_packet();
    auto b = encode_ipv4(p, 7);
    REQUIRE(b.size() == 45);
    CHECK(b[0] == 0x45);
    CHECK(b[3] == 45);
    CHECK(b[9] == 6);
    CHECK(b[10] == 0x26);
    CHECK(b[11] == 0xc2);
    CHECK(ones_sum(std::vector<uint8_t>(b.begin(), b.begin() + 20)) == 0xffff);
    // TCP part with the pseudo-header sums to 0xFFFF.
    std::vector<uint8_t> tcp(b.begin() + 20, b.end());
    uint32_t pseudo = (p.src_ip >> 16) + (p.src_ip & 0xffff) + (p.dst_ip >> 16) + (p.dst_ip & 0xffff) + 6 + uint32_t(tcp.size());
    CHECK(ones_sum(tcp, pseudo) == 0xffff);
    CHECK(std::string(b.end() - 5, b.end()) == "hello");
}

TEST_CASE("ipv4_string") {
    CHECK(ipv4_string(ip(10, 0, 0, 1)) == "10.0.0.1");
    CHECK(ipv4_string(ip(192, 168, 255, 0)) == "192.168.255.0");
}
