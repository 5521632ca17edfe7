// The terminal ladder diagram, drawn as textbooks draw it: two lifelines, time down the left, one
// arrow per segment, states written beside the lifelines when they change. Reads only the trace.
//
//     time  A 10.0.0.1                                           B 10.0.0.2
//           CLOSED         |                                   |  CLOSED
//      0ms                 |                                   |  listen()
//      0ms                 |                                   |  LISTEN
//     10ms  connect()      |                                   |
//     10ms  SYN_SENT       |                                   |
//     10ms                 |-- SYN seq=1000 len=0 ------------>|
//
// With more than two hosts it falls back to a list, one line per segment ("A -> C: SYN ...").
#pragma once
#include <string>

#include "sim.h"
#include "trace.h"

namespace tcplab {

struct LadderOptions {
    bool relative = false;  // seq/ack relative to each side's ISN (as Wireshark shows them)
    bool calls = true;      // show the application's socket calls beside the lifelines
    bool notes = true;      // show scenario notes
};

std::string render_ladder(const SimConfig& config, const Trace& trace, const LadderOptions& options = {});

}  // namespace tcplab
