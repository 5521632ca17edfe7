// One direction of the link between two hosts: propagation delay, serialization at a bandwidth,
// jitter, loss, duplication and reordering. Plain data; the randomness comes from the simulation's
// one Rng so that a run is reproducible from its seed.
#pragma once
#include <cstddef>
#include <cstdint>

#include "rng.h"
#include "sim.h"
#include "vtime.h"

namespace tcplab {

// What the channel decided for one segment.
struct Transmission {
    bool lost = false;
    Micros arrival = -1;        // when the segment reaches the receiver (set even when lost: unused)
    bool reordered = false;     // held back by reorder_delay
    bool duplicated = false;
    Micros copy_arrival = -1;   // the duplicate's arrival
};

struct Channel {
    LinkParams params;
    Micros busy_until = 0;      // the previous segment on this direction finishes serializing here

    // Wire size of a segment: 20 bytes of IPv4 header + TCP header (with options) + payload.
    static size_t wire_bytes(size_t tcp_header_bytes, size_t payload_bytes) { return 20 + tcp_header_bytes + payload_bytes; }
    // Serialization time of `bytes` at the link bandwidth, rounded up to whole microseconds.
    Micros serialization_time(size_t bytes) const;
    // A segment of `bytes` is handed to the link at `now`. Random draws, in this order: loss,
    // jitter, reorder, duplicate (only for parameters that are non-zero).
    Transmission transmit(Micros now, size_t bytes, Rng& rng);
};

}  // namespace tcplab
