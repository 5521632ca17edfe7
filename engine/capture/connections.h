// A capture's TCP connections. Each incarnation of a 4-tuple is a connection of its own: a SYN
// with a new sequence number after the tuple's connection ended (or was refused) starts the next
// (RFC 9293 3.6.1: a new SYN on a closed or TIME-WAIT connection is a new connection).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "capture/capture_reader.h"

namespace tcplab {

struct CaptureConnection {
    int number = 0;              // from 1, in the order of their first segment
    IpAddress a_addr, b_addr;    // A: the side that sent the first SYN, else the first segment's sender
    uint16_t a_port = 0, b_port = 0;
    std::vector<CapturedSegment> segments;  // in file order
    // The SYN that opened the tuple's next connection: it reaches this one's TIME-WAIT first
    // (RFC 9293 3.6.1), so the observer gives it to this connection too.
    std::optional<CapturedSegment> successor_syn;
    // Each side's next sequence number (the highest seq + SEG.LEN it sent), for the splitter.
    Seq next[2] = {0, 0};
    bool sent[2] = {false, false};
    bool fin[2] = {false, false};
    bool ended = false;  // an RST at the sender's next sequence number, or FINs both ways

    bool from_a(const CapturedSegment& s) const { return s.src == a_addr && s.seg.src_port == a_port; }
    std::string a_text() const;  // "10.0.0.1:40000" or "[2001:db8::1]:40000"
    std::string b_text() const;
};

class ConnectionSplitter {
public:
    void add(const CapturedSegment& s);
    std::vector<CaptureConnection>& connections() { return conns_; }

private:
    using End = std::pair<IpAddress, uint16_t>;
    std::map<std::pair<End, End>, size_t> current_;   // canonical tuple -> index in conns_
    std::map<std::pair<End, End>, size_t> previous_;  // the incarnation before it
    std::vector<CaptureConnection> conns_;
};

}  // namespace tcplab
