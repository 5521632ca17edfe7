// Both endpoints' states, inferred from a captured connection by the engine's own state machine.
//
// Each side is a passive observer: an Endpoint that is told what its application must have done
// (connect, listen, send, shutdown, abort: read off the segments that side sent) and is given the
// segments that reached it, at the times they reached it. Its state changes, with the rules of
// RFC 9293 3.10 that made them, are the inferred states; what it would have sent explains why the
// real stack sent each segment (an RST to a closed port, a challenge ACK ...). Its own segments
// are never put anywhere: the capture's segments are the ladder.
//
// The vantage point sets the times each side saw things: a capture on A's side sees A's segments
// as they are sent and B's as they arrive; B's times are estimated with half the handshake's RTT.
#pragma once
#include <string>
#include <vector>

#include "capture/connections.h"
#include "capture/seq_analysis.h"
#include "profile.h"
#include "sim.h"
#include "trace.h"

namespace tcplab {

enum class Vantage : uint8_t { Auto, Middle, A, B, Senders };
// "auto", "middle" (one host: both sides see the same times), "a", "b", "senders" (every segment
// stamped when it was sent: `tcplab run --pcap`, or captures from both hosts merged).
const char* vantage_name(Vantage v);

struct StateAtTime {
    int64_t time_ns = 0;  // capture time
    State state = State::Closed;
};

struct SegmentExplanation {
    SegmentAnalysis seq;               // tcp.analysis-style notes
    std::vector<std::string> why;      // what made the stack send it (the engine's rule), inferred calls
    State sender_state = State::Closed;    // after sending it
    State receiver_state = State::Closed;  // after it arrived
    int64_t expected_rto_us = 0;       // a retransmission: how long the profile's stack would have waited
};

struct ObservedConnection {
    SimConfig config;           // hosts A and B, the profile the observers ran
    Trace trace;                // the capture's segments, the inferred calls and state changes
    int64_t start_ns = 0;       // capture time of trace time 0 (the connection's first segment)
    Vantage vantage = Vantage::Middle;
    int64_t one_way_ns = 0;     // the delay used for the far side's times
    std::vector<SegmentExplanation> segments;  // one per captured segment
    std::vector<StateAtTime> states[2];        // A's and B's states over time (first entry: the start)
    std::vector<std::string> uncertain;        // where the capture leaves the states open
    // Spans of capture time in which the states are not known: a missed segment was sent at some
    // moment between the last segment captured before it and the one that showed it was missed.
    struct Span {
        int64_t from_ns, to_ns;
    };
    std::vector<Span> uncertain_spans;
    // TIME_WAIT: when it started and when it ends under the profile, per side (-1: never entered).
    int64_t time_wait_start_ns[2] = {-1, -1};
    int64_t time_wait_end_ns[2] = {-1, -1};

    // The state a side was in at capture time t (the last change at or before t).
    State state_at(int side, int64_t time_ns) const;
};

ObservedConnection observe_connection(const CaptureConnection& c, const Profile& profile, Vantage vantage);

}  // namespace tcplab
