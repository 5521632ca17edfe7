// Trace -> JSON (docs/trace-schema.md). Keep the two in step; bump kTraceSchemaVersion on any
// incompatible change (renaming or removing a field, changing a type).
#include "export/json.h"

#include <algorithm>

#include "stable_sort.h"

namespace tcplab {

using nlohmann::json;

namespace {

json nullable(int v) { return v < 0 ? json(nullptr) : json(v); }

const char* expect_kind_name(Expect::Kind k) {
    switch (k) {
        case Expect::Kind::StateAt: return "state_at";
        case Expect::Kind::StateBy: return "state_by";
        case Expect::Kind::Segment: return "segment";
        case Expect::Kind::NoSegment: return "no_segment";
        case Expect::Kind::CallResult: return "call";
        case Expect::Kind::Data: return "data";
    }
    return "?";
}

std::string hex(const std::vector<uint8_t>& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (uint8_t b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

json segment_json(const Packet& p) {
    const Segment& s = p.seg;
    json flags = json::array();
    for (uint16_t bit : {kSYN, kFIN, kRST, kPSH, kACK, kURG, kECE, kCWR})
        if (s.flags & bit) flags.push_back(flags_string(bit));
    json options = json::object();
    if (s.options.mss) options["mss"] = *s.options.mss;
    if (s.options.window_scale) options["window_scale"] = *s.options.window_scale;
    if (s.options.sack_permitted) options["sack_permitted"] = true;
    if (s.options.timestamps) options["timestamps"] = {{"value", s.options.timestamps->value}, {"echo", s.options.timestamps->echo}};
    return {
        {"src_ip", ipv4_string(p.src_ip)}, {"dst_ip", ipv4_string(p.dst_ip)},
        {"src_port", s.src_port},         {"dst_port", s.dst_port},
        {"seq", s.seq},                   {"ack", s.ack},
        {"flags", flags},                 {"flags_text", flags_string(s.flags)},
        {"window", s.window},             {"urgent", s.urgent},
        {"data_offset", s.data_offset()}, {"options", options},
        {"len", s.payload.size()},        {"seg_len", s.seg_len()},
        {"payload_hex", hex(s.payload)},
    };
}

}  // namespace

json trace_entry_json(const TraceEntry& t, const Scenario* scenario) {
    json params = json::object();
    for (const auto& p : t.params) params[p.name] = p.value;
    json e = {
        {"index", t.index}, {"time_us", t.time}, {"kind", trace_kind_name(t.kind)}, {"host", nullable(t.host)},
        {"conn", nullable(t.conn)}, {"key", t.key}, {"text", t.text}, {"params", params},
    };
    switch (t.kind) {
        case TraceKind::StateChange:
        case TraceKind::RuleFired:
            e["from"] = state_name(t.from);
            e["to"] = state_name(t.to);
            if (t.rule != Rule::None) {
                e["rule"] = rule_info(t.rule).key;
                e["section"] = rule_info(t.rule).section;
            } else {
                e["rule"] = nullptr;
                e["section"] = nullptr;
            }
            break;
        case TraceKind::SegmentSent:
        case TraceKind::SegmentDelivered:
        case TraceKind::SegmentDropped:
        case TraceKind::SegmentDuplicated:
        case TraceKind::SegmentInjected:
            e["packet_id"] = t.packet_id;
            e["peer"] = nullable(t.peer_host);
            e["retransmission"] = t.retransmission;
            e["arrival_us"] = t.arrival < 0 || t.kind == TraceKind::SegmentDelivered || t.kind == TraceKind::SegmentDropped
                                  ? json(nullptr) : json(t.arrival);
            e["segment"] = segment_json(t.packet);
            break;
        case TraceKind::TimerSet:
        case TraceKind::TimerCancelled:
        case TraceKind::TimerFired:
            e["timer"] = timer_name(t.timer);
            e["deadline_us"] = t.deadline;
            break;
        case TraceKind::UserCall:
        case TraceKind::UserResult:
            e["error"] = error_name(t.error);
            e["line"] = t.line;
            break;
        case TraceKind::Expect:
            e["ok"] = t.ok;
            e["line"] = t.line;
            break;
        case TraceKind::Note: {
            e["line"] = t.line;
            std::string en = t.text, zh;
            if (scenario)
                for (const auto& n : scenario->notes)
                    if (n.line == t.line && t.line > 0) {
                        en = n.en;
                        zh = n.zh;
                    }
            e["en"] = en;
            e["zh"] = zh;
            break;
        }
        case TraceKind::DataDelivered:
            break;
    }
    return e;
}

json trace_json(const SimConfig& config, const Trace& trace, const Scenario* scenario,
                const std::vector<ExpectResult>* results) {
    json doc = {{"schema", "tcplab-trace"}, {"version", kTraceSchemaVersion}};
    if (scenario) {
        json notes = json::array(), expects = json::array();
        for (const auto& n : scenario->notes) notes.push_back({{"at_us", n.at}, {"en", n.en}, {"zh", n.zh}, {"line", n.line}});
        for (const auto& x : scenario->expects)
            expects.push_back({{"line", x.loc.line}, {"column", x.loc.column}, {"kind", expect_kind_name(x.kind)},
                               {"text", x.source_text}, {"at_us", x.timed ? json(x.at) : json(nullptr)}});
        doc["scenario"] = {
            {"name", scenario->name},
            {"file", scenario->file},
            {"title", scenario->title},
            {"title_zh", scenario->title_zh},
            {"description", scenario->description},
            {"description_zh", scenario->description_zh},
            {"illustrates", scenario->illustrates},
            {"profile", config.profile.name},
            {"seed", config.seed},
            {"end_us", scenario->end > 0 ? json(scenario->end) : json(nullptr)},
            {"notes", notes},
            {"expects", expects},
        };
    } else {
        doc["scenario"] = nullptr;
    }
    json hosts = json::array();
    for (size_t i = 0; i < config.hosts.size(); ++i) {
        const HostConfig& h = config.hosts[i];
        hosts.push_back({{"index", i}, {"name", h.name}, {"ip", h.shown_address()},
                         {"isn", h.isn ? json(*h.isn) : json(nullptr)},
                         {"profile", h.profile ? h.profile->name : config.profile.name}});
    }
    doc["hosts"] = hosts;
    // A "what if" replay is never taken for real TCP: the document says so at the top.
    if (config.profile.hypothesis != Hypothesis::None) doc["hypothesis"] = hypothesis_name(config.profile.hypothesis);
    json entries = json::array();
    for (const TraceEntry& t : trace) entries.push_back(trace_entry_json(t, scenario));
    doc["entries"] = std::move(entries);
    if (results) {
        // In file order (they are evaluated in time order).
        std::vector<const ExpectResult*> sorted;
        for (const ExpectResult& r : *results) sorted.push_back(&r);
        stable_sort_by(sorted, [](const ExpectResult* a, const ExpectResult* b) {
            int la = a->expect ? a->expect->loc.line : 0, lb = b->expect ? b->expect->loc.line : 0;
            int ca = a->expect ? a->expect->loc.column : 0, cb = b->expect ? b->expect->loc.column : 0;
            return la != lb ? la < lb : ca < cb;
        });
        json items = json::array();
        int passed = 0;
        for (const ExpectResult* rp : sorted) {
            const ExpectResult& r = *rp;
            passed += r.ok ? 1 : 0;
            items.push_back({{"line", r.expect ? r.expect->loc.line : 0},
                             {"text", r.expect ? r.expect->source_text : ""},
                             {"ok", r.ok},
                             {"detail", r.detail}});
        }
        doc["results"] = {{"passed", passed}, {"failed", static_cast<int>(results->size()) - passed}, {"items", items}};
    } else {
        doc["results"] = nullptr;
    }
    return doc;
}

json trace_json(const ScenarioRun& run) {
    return trace_json(run.sim().config(), run.sim().trace(), &run.scenario(), &run.results());
}

}  // namespace tcplab
