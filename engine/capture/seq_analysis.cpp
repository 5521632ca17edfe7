// The rules and their order follow Wireshark's tcp_analyze_sequence_number() (epan/dissectors/
// packet-tcp.c), so that `tcplab analyze` and tshark agree on a capture (tests/capture compares
// them); the code is this project's own.
#include "capture/seq_analysis.h"

#include <algorithm>
#include <map>

namespace tcplab {
namespace {

struct Direction {
    bool seen = false;
    Seq nextseq = 0;         // highest seq + len sent so far
    Seq lastack = 0;         // last ACK sent
    bool ack_seen = false;
    uint16_t window = 0;     // last window sent (raw)
    bool window_seen = false;
    int dupacks = 0;
    int64_t dupack_time = 0;
    int64_t nextseq_time = 0;   // when nextseq last advanced
    Seq maxseqtobeacked = 0;    // the end of the contiguous bytes seen: an ACK past it acks something unseen
    // First transmission of each starting seq, for retransmission timing.
    std::map<Seq, std::pair<uint64_t, int64_t>> first_sent;  // seq -> (packet number, time)
    std::map<Seq, int> transmissions;
    std::map<Seq, int64_t> last_sent;
};


}  // namespace

const char* seq_note_key(SeqNote n) {
    switch (n) {
        case SeqNote::Retransmission: return "retransmission";
        case SeqNote::FastRetransmission: return "fast_retransmission";
        case SeqNote::SpuriousRetransmission: return "spurious_retransmission";
        case SeqNote::OutOfOrder: return "out_of_order";
        case SeqNote::PreviousNotCaptured: return "lost_segment";
        case SeqNote::AckOfUnseen: return "ack_lost_segment";
        case SeqNote::DuplicateAck: return "duplicate_ack";
        case SeqNote::ZeroWindow: return "zero_window";
        case SeqNote::ZeroWindowProbe: return "zero_window_probe";
        case SeqNote::WindowUpdate: return "window_update";
        case SeqNote::KeepAlive: return "keep_alive";
        case SeqNote::BadChecksum: return "bad_checksum";
        case SeqNote::Truncated: return "truncated";
    }
    return "?";
}

const char* seq_note_text(SeqNote n) {
    switch (n) {
        case SeqNote::Retransmission: return "retransmission";
        case SeqNote::FastRetransmission: return "fast retransmission (after 3 duplicate ACKs, RFC 5681 3.2)";
        case SeqNote::SpuriousRetransmission: return "spurious retransmission (the peer had already acknowledged it)";
        case SeqNote::OutOfOrder: return "out of order (overtaken by a later segment)";
        case SeqNote::PreviousNotCaptured: return "previous segment not captured";
        case SeqNote::AckOfUnseen: return "acknowledges a segment that was not captured";
        case SeqNote::DuplicateAck: return "duplicate ACK";
        case SeqNote::ZeroWindow: return "zero window: the receiver's buffer is full";
        case SeqNote::ZeroWindowProbe: return "zero-window probe (RFC 9293 3.8.6.1)";
        case SeqNote::WindowUpdate: return "window update";
        case SeqNote::KeepAlive: return "keep-alive (RFC 9293 3.8.4)";
        case SeqNote::BadChecksum: return "bad TCP checksum (checksum offloading leaves it so on the sender)";
        case SeqNote::Truncated: return "cut by the snap length";
    }
    return "?";
}

bool SegmentAnalysis::has(SeqNote n) const { return std::find(notes.begin(), notes.end(), n) != notes.end(); }

std::vector<SegmentAnalysis> analyze_sequence(const CaptureConnection& c) {
    std::vector<SegmentAnalysis> out(c.segments.size());
    Direction dirs[2];
    // The out-of-order threshold: the handshake's round trip (SYN to the ACK of the SYN,ACK), else 3 ms.
    int64_t ooo_threshold = 3'000'000;
    {
        int64_t t_syn = -1;
        for (const CapturedSegment& s : c.segments) {
            if (t_syn < 0 && s.seg.has(kSYN) && !s.seg.has(kACK)) t_syn = s.time_ns;
            else if (t_syn >= 0 && c.from_a(s) && s.seg.flags == kACK) {
                if (s.time_ns > t_syn) ooo_threshold = s.time_ns - t_syn;
                break;
            }
        }
    }
    for (size_t i = 0; i < c.segments.size(); ++i) {
        const CapturedSegment& cs = c.segments[i];
        const Segment& s = cs.seg;
        SegmentAnalysis& a = out[i];
        Direction& fwd = dirs[c.from_a(cs) ? 0 : 1];
        Direction& rev = dirs[c.from_a(cs) ? 1 : 0];
        const uint32_t len = cs.payload_len;
        const bool ctl = s.flags & (kSYN | kFIN | kRST);
        if (cs.checksum_bad) a.notes.push_back(SeqNote::BadChecksum);
        if (cs.truncated) a.notes.push_back(SeqNote::Truncated);

        // The window and ACK checks, each ending the forward checks when it matches.
        [&] {
            if (fwd.seen && len == 1 && s.seq == fwd.nextseq && rev.window_seen && rev.window == 0) {
                a.notes.push_back(SeqNote::ZeroWindowProbe);
                return;
            }
            if (s.window == 0 && !ctl) a.notes.push_back(SeqNote::ZeroWindow);
            if (fwd.seen && seq_gt(s.seq, fwd.nextseq) && !s.has(kRST)) a.notes.push_back(SeqNote::PreviousNotCaptured);
            if (fwd.seen && len <= 1 && !ctl && s.seq == fwd.nextseq - 1) {
                a.notes.push_back(SeqNote::KeepAlive);
                return;
            }
            const bool same = fwd.seen && len == 0 && !ctl && s.seq == fwd.nextseq && s.ack == fwd.lastack;
            if (same && s.window != 0 && s.window != fwd.window) {
                a.notes.push_back(SeqNote::WindowUpdate);
                return;
            }
            if (same && s.window != 0 && s.window == fwd.window) {
                a.notes.push_back(SeqNote::DuplicateAck);
                a.dup_ack_number = ++fwd.dupacks;
                fwd.dupack_time = cs.time_ns;
                return;
            }
        }();
        if (!a.has(SeqNote::DuplicateAck) && !(s.has(kACK) && s.ack == fwd.lastack)) fwd.dupacks = 0;
        if (s.has(kACK) && rev.seen && seq_gt(s.ack, rev.maxseqtobeacked)) {
            a.notes.push_back(SeqNote::AckOfUnseen);
            rev.maxseqtobeacked = s.ack;  // said once per gap
        }

        // Data, SYN or FIN that does not advance the sequence: a retransmission or out of order.
        if ((len > 0 || (s.flags & (kSYN | kFIN))) && fwd.seen && seq_lt(s.seq, fwd.nextseq) &&
            !a.has(SeqNote::KeepAlive)) {
            const uint32_t seglen = len + ((s.flags & (kSYN | kFIN)) ? 1 : 0);
            if (rev.dupacks >= 2 && rev.lastack == s.seq && cs.time_ns - rev.dupack_time < 20'000'000) {
                a.notes.push_back(SeqNote::FastRetransmission);
                a.notes.push_back(SeqNote::Retransmission);
            } else if (cs.time_ns - fwd.nextseq_time < ooo_threshold && fwd.nextseq != s.seq + seglen) {
                a.notes.push_back(SeqNote::OutOfOrder);
            } else if (len > 0 && rev.seen && seq_leq(s.seq + len, rev.lastack)) {
                a.notes.push_back(SeqNote::SpuriousRetransmission);
                a.notes.push_back(SeqNote::Retransmission);
            } else {
                a.notes.push_back(SeqNote::Retransmission);
            }
            if (fwd.first_sent.count(s.seq)) {
                a.retransmits_number = fwd.first_sent[s.seq].first;
                a.since_first_ns = cs.time_ns - fwd.last_sent[s.seq];
                a.transmission = ++fwd.transmissions[s.seq];
            }
        }

        // Update this direction.
        const uint32_t seglen = len + ((s.flags & (kSYN | kFIN)) ? 1 : 0);
        if (seglen > 0 && !fwd.first_sent.count(s.seq)) {
            fwd.first_sent[s.seq] = {cs.number, cs.time_ns};
            fwd.transmissions[s.seq] = 1;
        }
        if (seglen > 0) fwd.last_sent[s.seq] = cs.time_ns;
        const Seq next = s.seq + seglen;
        if ((!fwd.seen || seq_gt(next, fwd.nextseq)) && !a.has(SeqNote::ZeroWindowProbe)) {
            fwd.nextseq = next;
            fwd.nextseq_time = cs.time_ns;
        }
        if ((!fwd.seen || s.seq == fwd.maxseqtobeacked) && !a.has(SeqNote::ZeroWindowProbe)) fwd.maxseqtobeacked = fwd.nextseq;
        fwd.seen = true;
        fwd.window = s.window;
        fwd.window_seen = true;
        fwd.lastack = s.ack;
        fwd.ack_seen = true;
    }
    return out;
}

}  // namespace tcplab
