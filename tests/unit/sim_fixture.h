// Helpers for the simulator tests: a two-host (or more) setup with fixed ISNs, action builders and
// trace queries.
#pragma once
#include <string>
#include <vector>

#include "sim.h"

namespace simtest {
using namespace tcplab;

inline SimConfig two_hosts(Micros delay = msec(50)) {
    SimConfig cfg;
    cfg.hosts = {{"A", 0x0A000001u, Seq{1000}, {}, {}}, {"B", 0x0A000002u, Seq{5000}, {}, {}}};
    cfg.link.delay = delay;
    return cfg;
}

inline Action act(Micros at, int host, Call call) {
    Action a;
    a.at = at;
    a.host = host;
    a.call = call;
    return a;
}
inline Action listen(Micros at, int host, uint16_t port, int backlog = 128, bool manual = false) {
    Action a = act(at, host, Call::Listen);
    a.port = port;
    a.backlog = backlog;
    a.manual_accept = manual;
    return a;
}
inline Action connect(Micros at, int host, int remote, uint16_t port, std::string as = "") {
    Action a = act(at, host, Call::Connect);
    a.remote_host = remote;
    a.port = port;
    a.new_socket = std::move(as);
    return a;
}
inline Action send(Micros at, int host, const std::string& text, std::string socket = "") {
    Action a = act(at, host, Call::Send);
    a.data.assign(text.begin(), text.end());
    a.socket = std::move(socket);
    return a;
}
inline Action on(Micros at, int host, Call call, std::string socket = "") {
    Action a = act(at, host, call);
    a.socket = std::move(socket);
    return a;
}

// A *Matching fault on the segments `host` sends whose flags include `flags`.
inline Fault matching(Fault::Kind kind, int host, uint16_t flags, Micros extra_delay = 0) {
    Fault f;
    f.kind = kind;
    f.host = host;
    f.flags_mask = flags;
    f.flags_value = flags;
    f.extra_delay = extra_delay;
    return f;
}
// A crafted segment from `host`'s address (ports 0: its default connection's) to `to` at `at`.
inline Fault inject(int host, int to, Micros at, uint16_t flags, Seq seq) {
    Fault f;
    f.kind = Fault::Kind::Inject;
    f.host = host;
    f.to_host = to;
    f.at = at;
    f.segment.flags = flags;
    f.segment.seq = seq;
    return f;
}

// Segments a host put on the wire, in order.
inline std::vector<TraceEntry> sent_by(const Simulator& sim, int host) {
    std::vector<TraceEntry> out;
    for (const auto& e : sim.trace())
        if (e.kind == TraceKind::SegmentSent && e.host == host) out.push_back(e);
    return out;
}
inline std::vector<TraceEntry> of_kind(const Simulator& sim, TraceKind k) {
    std::vector<TraceEntry> out;
    for (const auto& e : sim.trace())
        if (e.kind == k) out.push_back(e);
    return out;
}
inline bool has_rule(const Simulator& sim, Rule r, int host = -1) {
    for (const auto& e : sim.trace())
        if ((e.kind == TraceKind::RuleFired || e.kind == TraceKind::StateChange) && e.rule == r && (host < 0 || e.host == host))
            return true;
    return false;
}
inline bool has_transition(const Simulator& sim, int host, State from, State to) {
    for (const auto& e : sim.trace())
        if (e.kind == TraceKind::StateChange && e.host == host && e.from == from && e.to == to) return true;
    return false;
}
inline std::string str(const std::vector<uint8_t>& v) { return std::string(v.begin(), v.end()); }

// The whole trace as text, every field that matters, for exact comparisons.
inline std::string dump(const Trace& t) {
    std::string out;
    for (const auto& e : t) {
        out += std::to_string(e.index) + "|" + std::to_string(e.time) + "|" + trace_kind_name(e.kind) + "|" +
               std::to_string(e.host) + "|" + std::to_string(e.conn) + "|" + e.key + "|" + std::to_string(e.packet_id) +
               "|" + std::to_string(e.arrival) + "|" + segment_summary(e.packet.seg) + "|";
        for (const auto& p : e.params) out += p.name + "=" + p.value + ",";
        out += "|" + e.text + "\n";
    }
    return out;
}
}  // namespace simtest
