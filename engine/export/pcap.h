// The trace's segments as a pcap capture (LINKTYPE_RAW: bare IPv4 datagrams, correct IP and TCP
// checksums). Timestamps are virtual time since the start of the simulation (1970-01-01 00:00:00
// in Wireshark). The capture point is the sender: every segment put on the wire is in it, also the
// ones the link then loses, the channel's duplicates and injected segments.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "trace.h"

namespace tcplab {

constexpr uint32_t kPcapLinktypeRaw = 101;

// The capture file's bytes.
std::vector<uint8_t> trace_pcap(const Trace& trace);
// Writes it to `path`; returns an error message or "".
std::string write_pcap(const Trace& trace, const std::string& path);

}  // namespace tcplab
