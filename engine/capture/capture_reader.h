// Reading a capture file (pcap or pcapng) into TCP segments. libpcap reads the file; this decodes
// the link layer (Ethernet with VLAN tags, Linux cooked SLL and SLL2, raw IP, BSD loopback), IPv4
// and IPv6, and the TCP header. Whatever is not a TCP segment it can use is reported as a
// CaptureIssue that names the packet and its byte offset, never silently dropped.
#pragma once
#include <array>
#include <cstdio>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "segment.h"

namespace tcplab {

struct IpAddress {
    bool v6 = false;
    std::array<uint8_t, 16> bytes{};  // IPv4 in the first 4 bytes, network order
    bool operator==(const IpAddress&) const = default;
    auto operator<=>(const IpAddress&) const = default;
    std::string text() const;         // "10.0.0.1", "2001:db8::1"
    bool loopback() const;
};

// One TCP segment read from the capture. The payload is not kept, only its length on the wire.
struct CapturedSegment {
    uint64_t number = 0;       // packet number in the file, from 1 (as Wireshark counts)
    uint64_t offset = 0;       // byte offset of the packet's record in the file
    int64_t time_ns = 0;       // capture timestamp
    IpAddress src, dst;
    Segment seg;               // payload left empty: see payload_len
    uint32_t payload_len = 0;  // TCP payload bytes on the wire
    bool truncated = false;    // cut by the snap length: the checksum could not be verified
    bool checksum_bad = false; // the TCP checksum is wrong
    bool checksum_offloaded = false;  // not computed: the sender left it to the NIC (see capture_reader.cpp)
};

struct CaptureIssue {
    uint64_t number = 0;  // 0: the file itself
    uint64_t offset = 0;
    std::string message;
};

struct CaptureSummary {
    std::string format;      // "pcap" or "pcapng"
    std::string link_type;   // "EN10MB", "LINUX_SLL2" ...
    uint64_t packets = 0;    // every record read
    uint64_t tcp = 0;        // TCP segments delivered to the callback
    uint64_t checksums_offloaded = 0;  // segments whose checksum the sender left to the NIC
    std::vector<CaptureIssue> issues;  // packets skipped or flagged, and a read error that ended the file
    bool read_error = false; // the file ended in an error (truncated record, bad header): issues says where
};

// Decodes one link-layer frame (exposed for tests and the fuzzer). Returns "" and fills `out`, or
// the reason the frame carries no usable TCP segment.
std::string decode_frame(int dlt, const uint8_t* data, uint32_t caplen, uint32_t wirelen, CapturedSegment& out);

// Reads `path`, calling `on_segment` for each TCP segment in file order. Returns "" or the reason
// the file could not be opened at all (then nothing was read).
std::string read_capture(const std::string& path, const std::function<void(const CapturedSegment&)>& on_segment,
                         CaptureSummary& summary);
// The same from an open file (the fuzzer's fmemopen buffer); takes ownership of `f`. `path` names it
// in messages.
std::string read_capture_stream(FILE* f, const std::string& path,
                                const std::function<void(const CapturedSegment&)>& on_segment, CaptureSummary& summary);

}  // namespace tcplab
