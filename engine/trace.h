// The trace: the engine's only output. An append-only, timestamped list of everything that happened.
// The CLI, the exporters and the UI read it and never reach back into the engine.
//
// Every entry has a message key and named parameters so that front ends can narrate it in any
// language; `text` is a ready English one-liner for the terminal. The JSON form is documented in
// docs/trace-schema.md (schema version kTraceSchemaVersion).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "rules.h"
#include "segment.h"
#include "socket_error.h"
#include "state.h"
#include "vtime.h"
#include "timers.h"

namespace tcplab {

constexpr int kTraceSchemaVersion = 1;

enum class TraceKind : uint8_t {
    UserCall,           // an application called the socket API; key "call.<name>", result/error in params
    UserResult,         // a call completed later or an asynchronous error arrived (connect done, reset)
    SegmentSent,        // a segment left a host (packet, arrival time or -1 when lost on the wire)
    SegmentDelivered,   // a segment reached the destination host's TCP
    SegmentDropped,     // lost: key "drop.<reason>" (loss, fault, no_host, ...)
    SegmentDuplicated,  // the channel made a copy (the copy's packet id in params)
    SegmentInjected,    // a crafted segment put on the wire by the scenario
    StateChange,        // a connection changed state; `rule` says why
    RuleFired,          // a rule fired without a state change (challenge ACK, segment discarded, ...)
    TimerSet,
    TimerCancelled,
    TimerFired,
    DataDelivered,      // bytes handed to the receiving application
    Expect,             // a scenario assertion and its result
    Note,               // narration written by the scenario author
};
const char* trace_kind_name(TraceKind k);  // "user_call", "segment_sent", ...

struct TraceParam {
    std::string name;
    std::string value;
};

struct TraceEntry {
    uint64_t index = 0;  // position in the trace
    Micros time = 0;
    TraceKind kind = TraceKind::Note;
    int host = -1;       // host index
    int conn = -1;       // connection id, unique in the simulation
    std::string key;     // message key, e.g. "rule.syn_sent.rcv_syn_ack", "call.connect", "drop.loss"
    std::vector<TraceParam> params;
    std::string text;    // English one-liner

    // StateChange / RuleFired
    State from = State::Closed;
    State to = State::Closed;
    Rule rule = Rule::None;

    // Segment* kinds
    uint64_t packet_id = 0;
    int peer_host = -1;         // the other end of the segment
    Packet packet;              // addresses and the segment as sent
    Micros arrival = -1;        // SegmentSent: when it will arrive, -1 if it never will
    bool retransmission = false;

    // Timer* kinds
    TimerKind timer = TimerKind::Retransmission;
    Micros deadline = 0;

    // UserCall / UserResult
    SocketError error = SocketError::None;

    // Expect
    bool ok = true;
    int line = 0;  // scenario line of the expect / note

    const std::string* param(const std::string& name) const;
};

using Trace = std::vector<TraceEntry>;

}  // namespace tcplab
