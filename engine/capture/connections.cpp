#include "capture/connections.h"

namespace tcplab {
namespace {

std::string end_text(const IpAddress& a, uint16_t port) {
    return a.v6 ? "[" + a.text() + "]:" + std::to_string(port) : a.text() + ":" + std::to_string(port);
}

bool pure_syn(const Segment& s) { return s.has(kSYN) && !s.has(kACK); }

}  // namespace

std::string CaptureConnection::a_text() const { return end_text(a_addr, a_port); }
std::string CaptureConnection::b_text() const { return end_text(b_addr, b_port); }

void ConnectionSplitter::add(const CapturedSegment& s) {
    End src{s.src, s.seg.src_port}, dst{s.dst, s.seg.dst_port};
    const auto key = src < dst ? std::make_pair(src, dst) : std::make_pair(dst, src);
    auto it = current_.find(key);
    bool fresh = it == current_.end();
    if (!fresh && pure_syn(s.seg)) {
        // A SYN is the tuple's next connection when its sender had sent before (not a simultaneous
        // open), it is not a retransmission of the sender's own SYN, and the connection has ended.
        // A SYN on a connection still open belongs to it: RFC 9293 3.10.7.4 answers it there, with
        // a challenge ACK (Wireshark starts a new tcp.stream for it; tests/capture lists that).
        CaptureConnection& c = conns_[it->second];
        const int side = c.from_a(s) ? 0 : 1;
        bool same_syn = false;
        for (const CapturedSegment& o : c.segments)
            if (pure_syn(o.seg) && o.seg.seq == s.seg.seq && c.from_a(o) == (side == 0)) same_syn = true;
        fresh = c.sent[side] && !same_syn && c.ended;
        if (fresh) c.successor_syn = s;
    }
    if (fresh) {
        CaptureConnection c;
        c.number = static_cast<int>(conns_.size()) + 1;
        // A is the opener: the sender of a SYN, or of a SYN,ACK's SYN (the receiver), else the sender.
        const bool reply = s.seg.has(kSYN) && s.seg.has(kACK);
        c.a_addr = reply ? s.dst : s.src;
        c.a_port = reply ? s.seg.dst_port : s.seg.src_port;
        c.b_addr = reply ? s.src : s.dst;
        c.b_port = reply ? s.seg.src_port : s.seg.dst_port;
        if (it != current_.end()) previous_[key] = it->second;
        current_[key] = conns_.size();
        conns_.push_back(std::move(c));
        it = current_.find(key);
    }
    size_t index = it->second;
    // A segment that continues the previous incarnation's numbers, and not this one's, is the old
    // connection's: a TIME-WAIT answering the new SYN with the old ACK, the RST that follows.
    if (auto prev = previous_.find(key); prev != previous_.end() && !pure_syn(s.seg) && !fresh) {
        const CaptureConnection& old = conns_[prev->second];
        const CaptureConnection& cur = conns_[index];
        const int side = old.from_a(s) ? 0 : 1, cside = cur.from_a(s) ? 0 : 1;
        const bool fits_old = old.sent[side] && s.seg.seq == old.next[side] &&
                              (!s.seg.has(kACK) || s.seg.ack == old.next[1 - side]);
        const bool fits_cur = cur.sent[cside] ? s.seg.seq == cur.next[cside] || seq_lt(s.seg.seq, cur.next[cside])
                                              : s.seg.has(kSYN);
        if (fits_old && !fits_cur) index = prev->second;
    }
    CaptureConnection& c = conns_[index];
    const int side = c.from_a(s) ? 0 : 1;
    const Seq end = s.seg.seq + s.payload_len + (s.seg.has(kSYN) ? 1 : 0) + (s.seg.has(kFIN) ? 1 : 0);
    if (s.seg.has(kRST) && (!c.sent[side] || s.seg.seq == c.next[side])) c.ended = true;
    if (s.seg.has(kFIN)) c.fin[side] = true;
    if (c.fin[0] && c.fin[1]) c.ended = true;
    if (!s.seg.has(kRST) && (!c.sent[side] || seq_gt(end, c.next[side]))) c.next[side] = end;
    c.sent[side] = true;
    c.segments.push_back(s);
}

}  // namespace tcplab
