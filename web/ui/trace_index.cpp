#include "trace_index.h"

#include <algorithm>
#include <cstdlib>

namespace tcplab::ui {

void TraceIndex::clear() {
    segments.clear();
    state_changes.clear();
    dropped.clear();
    duplicated.clear();
    max_flight = 0;
    labeler.clear();
    marks_.clear();
    fed = 0;
}

// Back to the index of the trace's first n entries: the lists are cut, the labeler goes back to its
// latest mark before n and is fed the segments from there.
void TraceIndex::truncate(const Trace& trace, size_t n) {
    while (!segments.empty() && segments.back() >= n) segments.pop_back();
    while (!state_changes.empty() && state_changes.back() >= n) state_changes.pop_back();
    for (auto* m : {&dropped, &duplicated})
        for (auto it = m->begin(); it != m->end();) it = it->second >= n ? m->erase(it) : std::next(it);
    while (!marks_.empty() && marks_.back().entry > n) marks_.pop_back();
    size_t from = 0;
    if (marks_.empty()) {
        labeler.clear();
    } else {
        labeler.rewind(marks_.back().mark);
        from = marks_.back().segments;
    }
    for (size_t i = from; i < segments.size(); ++i) labeler.add(trace[segments[i]]);
    fed = n;
}

void TraceIndex::update(const Trace& trace, uint64_t gen, size_t stable) {
    if (gen != generation) {
        if (stable > 0 && generation != ~0ull) truncate(trace, std::min({stable, fed, trace.size()}));
        else clear();
        generation = gen;
    } else if (trace.size() < fed) {
        clear();
    }
    for (; fed < trace.size(); ++fed) {
        const TraceEntry& e = trace[fed];
        switch (e.kind) {
            case TraceKind::SegmentSent:
            case TraceKind::SegmentInjected:
                if (segments.size() % kMarkEvery == 0) marks_.push_back(LabelMark{fed, segments.size(), labeler.mark()});
                segments.push_back(static_cast<uint32_t>(fed));
                if (e.arrival >= 0 && e.arrival - e.time > max_flight) max_flight = e.arrival - e.time;
                labeler.add(e);
                break;
            case TraceKind::StateChange:
                state_changes.push_back(static_cast<uint32_t>(fed));
                break;
            case TraceKind::SegmentDropped:
                dropped.emplace(e.packet_id, static_cast<uint32_t>(fed));
                break;
            case TraceKind::SegmentDuplicated:
                duplicated.emplace(e.packet_id, static_cast<uint32_t>(fed));
                break;
            default:
                break;
        }
    }
}

}  // namespace tcplab::ui
