// Indexes over the trace the panels need every frame, built incrementally as the trace grows
// (and rebuilt when it is replaced by a rewind): segment entries in send order, state changes,
// drops by packet id, and the sequence-number labeler.
#pragma once
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "numbering.h"
#include "trace.h"

namespace tcplab::ui {

struct TraceIndex {
    std::vector<uint32_t> segments;       // SegmentSent / SegmentInjected entries, by send time
    std::vector<uint32_t> state_changes;  // StateChange entries
    std::unordered_map<uint64_t, uint32_t> dropped;     // packet id -> SegmentDropped entry
    std::unordered_map<uint64_t, uint32_t> duplicated;  // packet id -> SegmentDuplicated entry
    Micros max_flight = 0;                // longest send-to-arrival time seen (for the visible-range search)
    Labeler labeler;
    size_t fed = 0;                       // trace entries processed
    uint64_t generation = ~0ull;

    // Brings the index up to date with `trace`; `generation` changes whenever the trace was rebuilt.
    void update(const Trace& trace, uint64_t generation);
};

}  // namespace tcplab::ui
