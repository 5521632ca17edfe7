// Sequence arithmetic modulo 2^32 (RFC 9293 section 3.4).
#include <catch2/catch.hpp>

#include "seq.h"

using namespace tcplab;

TEST_CASE("seq: ordinary comparisons", "[seq]") {
    CHECK(seq_lt(1000, 1001));
    CHECK_FALSE(seq_lt(1001, 1000));
    CHECK(seq_leq(1000, 1000));
    CHECK(seq_gt(5000, 4999));
    CHECK(seq_geq(5000, 5000));
    CHECK_FALSE(seq_gt(5000, 5000));
}

TEST_CASE("seq: comparisons across the 2^32 wrap", "[seq][wrap]") {
    const Seq before = 0xFFFFFFF0u;
    const Seq after = 0x00000010u;  // 32 numbers later, past the wrap
    CHECK(seq_lt(before, after));
    CHECK(seq_gt(after, before));
    CHECK(seq_diff(after, before) == 32);
    CHECK(seq_diff(before, after) == -32);
    CHECK(seq_lt(0xFFFFFFFFu, 0u));
    CHECK(seq_leq(0xFFFFFFFFu, 0u));
    CHECK(seq_max(before, after) == after);
    CHECK(seq_min(before, after) == before);
}

TEST_CASE("seq: window membership lo <= x < lo+len, also across the wrap", "[seq][wrap]") {
    CHECK(seq_in_window(100, 100, 10));
    CHECK(seq_in_window(109, 100, 10));
    CHECK_FALSE(seq_in_window(110, 100, 10));
    CHECK_FALSE(seq_in_window(99, 100, 10));
    CHECK_FALSE(seq_in_window(100, 100, 0));  // an empty window holds nothing
    CHECK(seq_in_window(0x00000002u, 0xFFFFFFFEu, 8));
    CHECK(seq_in_window(0xFFFFFFFFu, 0xFFFFFFFEu, 8));
    CHECK_FALSE(seq_in_window(0x00000006u, 0xFFFFFFFEu, 8));
}

TEST_CASE("seq: SND.UNA < SEG.ACK =< SND.NXT shape", "[seq]") {
    CHECK(seq_between_open_closed(1000, 1001, 1001));
    CHECK_FALSE(seq_between_open_closed(1000, 1000, 1001));
    CHECK_FALSE(seq_between_open_closed(1000, 1002, 1001));
    CHECK(seq_between_open_closed(0xFFFFFFFFu, 0u, 5u));
    // 2^31 from lo: seq_lt orders such a pair both ways; the interval test does not take it.
    CHECK(seq_lt(1000u, 1000u + 0x80000000u));
    CHECK(seq_lt(1000u + 0x80000000u, 1000u));
    CHECK_FALSE(seq_between_open_closed(1000, 1000u + 0x80000000u, 1000));
    CHECK_FALSE(seq_between_open_closed(1000, 1000u + 0x80000000u, 2000));
    CHECK(seq_between_open_closed(1000, 1000u + 0x7FFFFFFFu, 1000u + 0x7FFFFFFFu));
}
