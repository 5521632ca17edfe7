#include "trace_index.h"

#include <cstdlib>

namespace tcplab::ui {

void TraceIndex::update(const Trace& trace, uint64_t gen) {
    if (gen != generation || trace.size() < fed) {
        segments.clear();
        state_changes.clear();
        dropped.clear();
        duplicated.clear();
        max_flight = 0;
        labeler.clear();
        fed = 0;
        generation = gen;
    }
    for (; fed < trace.size(); ++fed) {
        const TraceEntry& e = trace[fed];
        switch (e.kind) {
            case TraceKind::SegmentSent:
            case TraceKind::SegmentInjected:
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
