#include "trace_index.h"

#include <algorithm>
#include <cstdlib>

namespace tcplab::ui {

namespace {

// Idle gaps longer than this become breaks on the compressed axis: a few of the longest flights,
// in steps of powers of two so that a growing flight time rarely changes it.
Micros gap_for(Micros max_flight) {
    Micros g = msec(100);
    while (g < 4 * max_flight) g *= 2;
    return g;
}

}  // namespace

void TraceIndex::clear() {
    segments.clear();
    state_changes.clear();
    dropped.clear();
    duplicated.clear();
    timers.clear();
    open_timers_.clear();
    max_flight = 0;
    first_segment = -1;
    segments_end = 0;
    axis.clear(gap_for(0));
    labeler.clear();
    marks_.clear();
    fed = 0;
}

// Back to the index of the trace's first n entries: everything goes back to the latest mark at or
// before n, and update() feeds the entries from there (at most kMarkEvery segments' worth).
void TraceIndex::truncate(size_t n) {
    while (!marks_.empty() && marks_.back().entry > n) marks_.pop_back();
    if (marks_.empty()) {
        clear();
        return;
    }
    const LabelMark m = std::move(marks_.back());
    marks_.pop_back();  // feeding its entry again takes it again
    segments.resize(m.segments);
    state_changes.resize(m.state_changes);
    for (auto* map : {&dropped, &duplicated})
        for (auto it = map->begin(); it != map->end();) it = it->second >= m.entry ? map->erase(it) : std::next(it);
    timers.resize(m.timers);
    for (uint32_t i : m.open_timers) timers[i].end = -1;
    open_timers_ = m.open_timers;
    first_segment = m.first_segment;
    segments_end = m.segments_end;
    labeler.rewind(m.mark);
    if (m.axis.gap == axis.gap()) {
        axis.rewind(m.axis);
        fed = m.entry;
    } else {
        clear();  // the break threshold changed since: rare, rebuilt from the start
    }
}

void TraceIndex::feed_timer(const TraceEntry& e) {
    for (size_t i = 0; i < open_timers_.size();) {
        TimerSpan& s = timers[open_timers_[i]];
        if (s.conn == e.conn && s.host == e.host && s.kind == e.timer) {  // cancelled, fired or restarted
            s.end = e.time;
            open_timers_.erase(open_timers_.begin() + static_cast<ptrdiff_t>(i));
        } else {
            ++i;
        }
    }
    if (e.kind == TraceKind::TimerSet) {
        open_timers_.push_back(static_cast<uint32_t>(timers.size()));
        timers.push_back(TimerSpan{static_cast<uint32_t>(e.index), e.host, e.conn, e.timer, e.time, e.deadline, -1});
    }
}

void TraceIndex::feed_axis(const TraceEntry& e) {
    // Timers being set or cancelled and the scenario's checks are bookkeeping, not activity.
    if (e.kind == TraceKind::TimerSet || e.kind == TraceKind::TimerCancelled || e.kind == TraceKind::Expect) return;
    bool seg = e.kind == TraceKind::SegmentSent || e.kind == TraceKind::SegmentInjected;
    axis.add(e.time, seg && e.arrival > e.time ? e.arrival : e.time);
}

void TraceIndex::feed(const TraceEntry& e) {
    const uint32_t at = static_cast<uint32_t>(fed);
    switch (e.kind) {
        case TraceKind::SegmentSent:
        case TraceKind::SegmentInjected:
            if (segments.size() % kMarkEvery == 0)
                marks_.push_back(LabelMark{fed, segments.size(), labeler.mark(), state_changes.size(), timers.size(),
                                           open_timers_, axis.mark(), first_segment, segments_end});
            segments.push_back(at);
            if (e.arrival >= 0 && e.arrival - e.time > max_flight) max_flight = e.arrival - e.time;
            if (first_segment < 0) first_segment = e.time;
            segments_end = std::max(segments_end, std::max(e.time, e.arrival));
            labeler.add(e);
            break;
        case TraceKind::StateChange:
            state_changes.push_back(at);
            break;
        case TraceKind::SegmentDropped:
            dropped.emplace(e.packet_id, at);
            break;
        case TraceKind::SegmentDuplicated:
            duplicated.emplace(e.packet_id, at);
            break;
        case TraceKind::TimerSet:
        case TraceKind::TimerCancelled:
        case TraceKind::TimerFired:
            feed_timer(e);
            break;
        default:
            break;
    }
    feed_axis(e);
}

void TraceIndex::update(const Trace& trace, uint64_t gen, size_t stable) {
    if (gen != generation) {
        if (stable > 0 && generation != ~0ull) truncate(std::min({stable, fed, trace.size()}));
        else clear();
        generation = gen;
    } else if (trace.size() < fed) {
        clear();
    }
    for (; fed < trace.size(); ++fed) feed(trace[fed]);
    // The break threshold follows the longest flight; when it changes the axis is rebuilt (a few
    // times per trace at most: the threshold goes up in powers of two).
    if (gap_for(max_flight) != axis.gap()) {
        axis.clear(gap_for(max_flight));
        for (size_t i = 0; i < fed; ++i) feed_axis(trace[i]);
        for (LabelMark& m : marks_) m.axis.gap = 0;  // no longer valid to rewind to
    }
}

}  // namespace tcplab::ui
