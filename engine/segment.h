// A TCP segment with every header field the UI shows (RFC 9293 section 3.1).
// The checksum is left 0 inside the engine and computed by the exporters (pcap, header inspector),
// which know the IP pseudo-header.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "seq.h"

namespace tcplab {

enum Flag : uint16_t {
    kFIN = 0x01, kSYN = 0x02, kRST = 0x04, kPSH = 0x08, kACK = 0x10, kURG = 0x20, kECE = 0x40, kCWR = 0x80,
};

struct Timestamps {
    uint32_t value = 0;
    uint32_t echo = 0;
    bool operator==(const Timestamps&) const = default;
};

struct TcpOptions {
    std::optional<uint16_t> mss;
    std::optional<uint8_t> window_scale;
    bool sack_permitted = false;
    std::optional<Timestamps> timestamps;
    bool operator==(const TcpOptions&) const = default;

    // Encoded length in bytes, padded to a multiple of 4 (what the data offset counts).
    int encoded_length() const;
    // Wire encoding, padded with NOPs/EOL to encoded_length().
    std::vector<uint8_t> encode() const;
};

struct Segment {
    uint16_t src_port = 0;
    uint16_t dst_port = 0;
    Seq seq = 0;
    Seq ack = 0;
    uint16_t flags = 0;
    uint16_t window = 0;
    uint16_t checksum = 0;
    uint16_t urgent = 0;
    TcpOptions options;
    std::vector<uint8_t> payload;

    bool has(uint16_t f) const { return (flags & f) == f; }
    // SEG.LEN: payload octets plus one for SYN and one for FIN (RFC 9293 section 3.4).
    uint32_t seg_len() const { return static_cast<uint32_t>(payload.size()) + (has(kSYN) ? 1 : 0) + (has(kFIN) ? 1 : 0); }
    // Header length in 32-bit words: 5 plus the options.
    uint8_t data_offset() const { return static_cast<uint8_t>(5 + options.encoded_length() / 4); }
    bool operator==(const Segment&) const = default;
};

// "SYN,ACK", "FIN,ACK", "ACK", "RST" ... in the order the course notes write them; "<none>" for 0.
std::string flags_string(uint16_t flags);
// Parses "SYN,ACK", "syn+ack", "SA" style lists; returns nullopt on an unknown flag name.
std::optional<uint16_t> parse_flags(const std::string& text);
// One-line summary: "SYN,ACK seq=5000 ack=1001 win=65535 len=0".
std::string segment_summary(const Segment& s);

// The IPv4 + TCP framing used by the exporters. Addresses are host byte order.
struct Packet {
    uint32_t src_ip = 0;
    uint32_t dst_ip = 0;
    Segment seg;
};

// Internet checksum of the TCP header + payload with the IPv4 pseudo-header (RFC 9293 section 3.1).
uint16_t tcp_checksum(const Packet& p);
// Serialises the TCP header (with a correct checksum) and payload.
std::vector<uint8_t> encode_tcp(const Packet& p);
// Serialises a whole IPv4 datagram carrying the segment (used by the pcap writer).
std::vector<uint8_t> encode_ipv4(const Packet& p, uint16_t ip_id);
std::string ipv4_string(uint32_t addr);

}  // namespace tcplab
