// Virtual time. The engine never reads a clock: every time is a count of microseconds since the
// start of the simulation, advanced only by the simulator's event queue.
#pragma once
#include <cstdint>

namespace tcplab {

using Micros = int64_t;

constexpr Micros kNever = INT64_MAX;

constexpr Micros usec(int64_t v) { return v; }
constexpr Micros msec(int64_t v) { return v * 1000; }
constexpr Micros sec(int64_t v) { return v * 1000000; }

}  // namespace tcplab
