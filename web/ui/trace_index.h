// Indexes over the trace the panels need every frame, built incrementally as the trace grows
// (and rebuilt when it is replaced by a reload): segment entries in send order, state changes,
// drops by packet id, and the sequence-number labeler. Going back in time keeps the trace's prefix
// (checkpoints replay it exactly), so the index is cut back to it instead of rebuilt: the cost of a
// step back does not grow with the trace.
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
    Micros max_flight = 0;                // longest send-to-arrival time seen (an upper bound after going back)
    Labeler labeler;
    size_t fed = 0;                       // trace entries processed
    uint64_t generation = ~0ull;

    // Brings the index up to date with `trace`; `generation` changes whenever the trace was rebuilt.
    // `stable`: with a new generation, the trace's first `stable` entries are the ones already fed
    // (the run went back in time); 0 = rebuild everything.
    void update(const Trace& trace, uint64_t generation, size_t stable = 0);

private:
    static constexpr size_t kMarkEvery = 512;  // segments between labeler marks
    struct LabelMark {
        size_t entry;     // trace entries fed before it
        size_t segments;  // segments fed before it
        Labeler::Mark mark;
    };
    std::vector<LabelMark> marks_;
    void clear();
    void truncate(const Trace& trace, size_t n);
};

}  // namespace tcplab::ui
