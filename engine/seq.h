// 32-bit sequence number arithmetic modulo 2^32 (RFC 9293 section 3.4).
// All comparisons are made on the signed difference, so they stay correct across wraparound
// as long as the two numbers are less than 2^31 apart.
#pragma once
#include <cstdint>

namespace tcplab {

using Seq = uint32_t;

constexpr int32_t seq_diff(Seq a, Seq b) { return static_cast<int32_t>(a - b); }
constexpr bool seq_lt(Seq a, Seq b) { return seq_diff(a, b) < 0; }
constexpr bool seq_leq(Seq a, Seq b) { return seq_diff(a, b) <= 0; }
constexpr bool seq_gt(Seq a, Seq b) { return seq_diff(a, b) > 0; }
constexpr bool seq_geq(Seq a, Seq b) { return seq_diff(a, b) >= 0; }

// lo <= x < lo + len, computed without overflow for any len up to 2^32 - 1.
constexpr bool seq_in_window(Seq x, Seq lo, uint32_t len) { return static_cast<uint32_t>(x - lo) < len; }

// lo < x <= hi, the RFC's "SND.UNA < SEG.ACK =< SND.NXT" shape.
// Exact interval arithmetic: an x exactly 2^31 from lo, which seq_lt orders both ways, is outside.
constexpr bool seq_between_open_closed(Seq lo, Seq x, Seq hi) {
    const uint32_t d = x - lo;
    return d != 0 && d <= static_cast<uint32_t>(hi - lo);
}

constexpr Seq seq_max(Seq a, Seq b) { return seq_geq(a, b) ? a : b; }
constexpr Seq seq_min(Seq a, Seq b) { return seq_leq(a, b) ? a : b; }

}  // namespace tcplab
