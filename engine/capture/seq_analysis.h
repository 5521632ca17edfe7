// Per-segment sequence analysis of one connection, as Wireshark's TCP analysis names it
// (tcp.analysis.*): retransmissions, out-of-order, duplicate ACKs, windows, keep-alives and gaps
// in the capture. It reads only the captured numbers; the endpoints' states come from
// capture/observer.h, which runs the engine's own state machine.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "capture/connections.h"

namespace tcplab {

enum class SeqNote : uint8_t {
    Retransmission,            // bytes (or SYN/FIN) this direction already sent
    FastRetransmission,        // a retransmission right after the peer's duplicate ACKs (RFC 5681 3.2)
    SpuriousRetransmission,    // a retransmission of bytes the peer had already acknowledged
    OutOfOrder,                // below what was sent before, but never seen: it was overtaken
    PreviousNotCaptured,       // a gap before this segment: the capture missed what filled it
    AckOfUnseen,               // acknowledges bytes the capture never saw
    DuplicateAck,              // same ACK, same window, no data (RFC 5681 2: the peer got a later segment)
    ZeroWindow,                // the receive window is 0: the sender must stop
    ZeroWindowProbe,           // one byte sent into a zero window (RFC 9293 3.8.6.1)
    WindowUpdate,              // only the window changed
    KeepAlive,                 // seq one below what was sent, no new data (RFC 9293 3.8.4)
    BadChecksum,
    Truncated,                 // cut by the snap length
};
const char* seq_note_key(SeqNote n);   // "retransmission", "duplicate_ack" ... (tshark's field names)
const char* seq_note_text(SeqNote n);  // "retransmission", "duplicate ACK" ...

struct SegmentAnalysis {
    std::vector<SeqNote> notes;
    int dup_ack_number = 0;           // DuplicateAck: the n-th duplicate of that ACK
    uint64_t retransmits_number = 0;  // Retransmission: packet number of the first transmission
    int64_t since_first_ns = -1;      // Retransmission: time since the previous transmission of that seq
    int transmission = 0;             // Retransmission: 2 for the first retransmission, 3 ...
    bool has(SeqNote n) const;
};

// One entry per segment of the connection, in its order.
std::vector<SegmentAnalysis> analyze_sequence(const CaptureConnection& c);

}  // namespace tcplab
