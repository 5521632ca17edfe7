// Indexes over the trace the panels need every frame, built incrementally as the trace grows
// (and rebuilt when it is replaced by a reload): segment entries in send order, state changes,
// drops by packet id, timer spans, the compressed time axis and the sequence-number labeler. Going back in time keeps the trace's prefix
// (checkpoints replay it exactly), so the index is cut back to it instead of rebuilt: the cost of a
// step back does not grow with the trace.
#pragma once
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "numbering.h"
#include "time_axis.h"
#include "trace.h"

namespace tcplab::ui {

// A timer from TimerSet to its cancel, expiry or restart (end = -1 while it runs).
struct TimerSpan {
    uint32_t set = 0;  // the TimerSet entry
    int host = -1;
    int conn = -1;
    TimerKind kind = TimerKind::Retransmission;
    Micros start = 0, deadline = 0, end = -1;
};

struct TraceIndex {
    std::vector<uint32_t> segments;       // SegmentSent / SegmentInjected entries, by send time
    std::vector<uint32_t> state_changes;  // StateChange entries
    std::unordered_map<uint64_t, uint32_t> dropped;     // packet id -> SegmentDropped entry
    std::unordered_map<uint64_t, uint32_t> duplicated;  // packet id -> SegmentDuplicated entry
    std::vector<TimerSpan> timers;        // by start time
    Micros max_flight = 0;                // longest send-to-arrival time seen (an upper bound after going back)
    Micros first_segment = -1, segments_end = 0;  // first send, latest send or arrival of any segment
    TimeAxis axis;                        // idle gaps longer than a few round trips are breaks
    Labeler labeler;
    size_t fed = 0;                       // trace entries processed
    uint64_t generation = ~0ull;

    // Brings the index up to date with `trace`; `generation` changes whenever the trace was rebuilt.
    // `stable`: with a new generation, the trace's first `stable` entries are the ones already fed
    // (the run went back in time); 0 = rebuild everything.
    void update(const Trace& trace, uint64_t generation, size_t stable = 0);

private:
    static constexpr size_t kMarkEvery = 512;  // segments between labeler marks
    // The whole index as it was after `entry` trace entries (lists are cut back to their sizes).
    struct LabelMark {
        size_t entry;     // trace entries fed before it
        size_t segments;  // segments fed before it
        Labeler::Mark mark;
        size_t state_changes, timers;
        std::vector<uint32_t> open_timers;
        TimeAxis::Mark axis;
        Micros first_segment, segments_end;
    };
    std::vector<LabelMark> marks_;
    std::vector<uint32_t> open_timers_;  // indexes into `timers` still running
    void clear();
    void truncate(size_t n);
    void feed(const TraceEntry& e);
    void feed_timer(const TraceEntry& e);
    void feed_axis(const TraceEntry& e);
};

}  // namespace tcplab::ui
