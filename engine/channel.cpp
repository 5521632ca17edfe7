#include "channel.h"

#include <algorithm>

namespace tcplab {

Micros Channel::serialization_time(size_t bytes) const {
    if (params.bandwidth_bps == 0) return 0;
    // bits * 10^6 / bps, rounded up; exact for segments up to 2^64 / 8e6 bytes (2 TB).
    const uint64_t bits_us = static_cast<uint64_t>(bytes) * 8u * 1000000u;
    return static_cast<Micros>((bits_us + params.bandwidth_bps - 1) / params.bandwidth_bps);
}

Transmission Channel::transmit(Micros now, size_t bytes, Rng& rng) {
    Transmission t;
    // A segment waits for the previous one on this direction; a lost one still used the wire.
    const Micros start = std::max(now, busy_until);
    busy_until = start + serialization_time(bytes);
    t.lost = rng.chance(params.loss);
    if (t.lost) return t;
    t.arrival = busy_until + params.delay + rng.upto(params.jitter);
    if (rng.chance(params.reorder)) {
        t.reordered = true;
        t.arrival += params.reorder_delay > 0 ? params.reorder_delay : 2 * params.delay;
    }
    if (rng.chance(params.duplicate)) {
        t.duplicated = true;
        // The copy follows the original (same time = queued after it), plus its own jitter.
        t.copy_arrival = t.arrival + rng.upto(params.jitter);
    }
    return t;
}

}  // namespace tcplab
