// The terminal ladder diagram (see ladder.h).
#include "export/ladder.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "scenario/scenario.h"

namespace tcplab {

namespace {

// ISNs per direction (src ip, src port, dst ip, dst port), from the first SYN seen: for --relative.
using Flow = std::tuple<uint32_t, uint16_t, uint32_t, uint16_t>;

std::map<Flow, Seq> collect_isns(const Trace& trace) {
    std::map<Flow, Seq> isn;
    for (const TraceEntry& t : trace) {
        if (t.kind != TraceKind::SegmentSent && t.kind != TraceKind::SegmentInjected) continue;
        const Packet& p = t.packet;
        if (!(p.seg.flags & kSYN)) continue;
        isn.emplace(Flow{p.src_ip, p.seg.src_port, p.dst_ip, p.seg.dst_port}, p.seg.seq);
    }
    return isn;
}

std::string segment_label(const TraceEntry& t, const std::map<Flow, Seq>* isns) {
    const Packet& p = t.packet;
    const Segment& s = p.seg;
    Seq seq = s.seq, ack = s.ack;
    if (isns) {
        auto a = isns->find(Flow{p.src_ip, s.src_port, p.dst_ip, s.dst_port});
        if (a != isns->end()) seq -= a->second;
        auto b = isns->find(Flow{p.dst_ip, s.dst_port, p.src_ip, s.src_port});
        if (b != isns->end()) ack -= b->second;
    }
    std::string out = flags_string(s.flags) + " seq=" + std::to_string(seq);
    if (s.has(kACK)) out += " ack=" + std::to_string(ack);
    out += " len=" + std::to_string(s.payload.size());
    if (t.kind == TraceKind::SegmentDuplicated) out += " (dup)";
    else if (t.kind == TraceKind::SegmentInjected) out += " (injected)";
    else if (t.retransmission) out += " (rtx)";
    return out;
}

bool is_segment(const TraceEntry& t) {
    return t.kind == TraceKind::SegmentSent || t.kind == TraceKind::SegmentDuplicated ||
           t.kind == TraceKind::SegmentInjected;
}

// "connect()", "close()", "send(100)", "connect()=ECONNREFUSED".
std::string call_text(const TraceEntry& t) {
    std::string name = t.key.rfind("call.", 0) == 0 ? t.key.substr(5) : t.key;
    if (t.kind == TraceKind::UserResult) return name + ": " + error_name(t.error);
    std::string args;
    if (const std::string* b = t.param("bytes")) args = *b;
    std::string out = name + "(" + args + ")";
    if (t.error != SocketError::None) out += "=" + std::string(error_name(t.error));
    return out;
}

std::string rtrim(std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

std::string pad_left(const std::string& s, size_t w) { return s.size() >= w ? s : std::string(w - s.size(), ' ') + s; }
std::string pad_right(const std::string& s, size_t w) { return s.size() >= w ? s : s + std::string(w - s.size(), ' '); }

// One row of the two-lifeline drawing.
struct Row {
    Micros time = 0;
    std::string left, right;   // text beside the lifelines
    std::string arrow;         // between them (already `inner` wide) or empty
    std::string full;          // a whole-width line (notes) instead of the lifelines
};

std::string host_label(const SimConfig& c, int h) {
    return c.hosts[static_cast<size_t>(h)].name + " " + c.hosts[static_cast<size_t>(h)].shown_address();
}

std::string render_two(const SimConfig& config, const Trace& trace, const LadderOptions& o,
                       const std::map<Flow, Seq>* isns) {
    // Widths: the widest label decides the distance between the lifelines.
    size_t widest = 24;
    size_t side = 10;
    for (const TraceEntry& t : trace) {
        if (is_segment(t)) widest = std::max(widest, segment_label(t, isns).size());
        if (t.kind == TraceKind::StateChange) side = std::max(side, std::string(state_name(t.to)).size());
        if (o.calls && (t.kind == TraceKind::UserCall || t.kind == TraceKind::UserResult))
            side = std::max(side, std::min<size_t>(call_text(t).size(), 28));
    }
    side = std::max({side, host_label(config, 0).size(), std::string("CLOSED").size()});
    const size_t inner = widest + 8;

    std::vector<Row> rows;
    auto beside = [&](const TraceEntry& t, const std::string& text) {
        Row r;
        r.time = t.time;
        (t.host == 0 ? r.left : r.right) = text;
        rows.push_back(r);
    };
    for (const TraceEntry& t : trace) {
        switch (t.kind) {
            case TraceKind::StateChange:
                if (t.host == 0 || t.host == 1) beside(t, state_name(t.to));
                break;
            case TraceKind::UserCall:
            case TraceKind::UserResult:
                if (o.calls && (t.host == 0 || t.host == 1)) beside(t, call_text(t));
                break;
            case TraceKind::Note:
                if (o.notes) {
                    Row r;
                    r.time = t.time;
                    r.full = "note: " + t.text;
                    rows.push_back(r);
                }
                break;
            case TraceKind::SegmentSent:
            case TraceKind::SegmentDuplicated:
            case TraceKind::SegmentInjected: {
                // Direction: towards the receiving host (an injected segment may have no sender host).
                bool rightwards = t.peer_host == 1 || (t.peer_host < 0 && t.host == 0);
                std::string label = segment_label(t, isns);
                bool lost = t.kind != TraceKind::SegmentInjected && t.arrival < 0;
                std::string a;
                if (!lost) {
                    std::string dashes(inner - 3 - label.size(), '-');
                    a = rightwards ? "--" + label + dashes + ">" : "<" + dashes + label + "--";
                } else {
                    // Dropped: the arrow stops halfway with an X.
                    size_t len = std::max(label.size() + 5, inner / 2 + 2);
                    std::string dashes(len - label.size() - 5, '-');
                    a = rightwards ? "--" + label + dashes + "--X" : "X--" + dashes + label + "--";
                    a = rightwards ? pad_right(a, inner) : pad_left(a, inner);
                }
                Row r;
                r.time = t.time;
                r.arrow = a;
                rows.push_back(r);
                break;
            }
            default:
                break;
        }
    }

    // Narration first among the rows of its time: it introduces what happens then.
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.time != b.time ? a.time < b.time : (!a.full.empty() && b.full.empty());
    });

    std::string out;
    const std::string lifeline_gap(inner, ' ');
    size_t tw = 8;  // a capture's times ("251.829ms") can be wider than a lesson's
    for (const Row& r : rows) tw = std::max(tw, format_time(r.time).size());
    auto line = [&](const std::string& time, const std::string& left, const std::string& arrow, const std::string& right) {
        out += rtrim(pad_left(time, tw) + "  " + pad_left(left, side) + " |" + (arrow.empty() ? lifeline_gap : arrow) +
                     "| " + right) +
               "\n";
    };
    out += rtrim(pad_left("time", tw) + "  " + pad_left(host_label(config, 0), side) + " |" + lifeline_gap + "| " +
                 host_label(config, 1)) +
           "\n";
    line("", "CLOSED", "", "CLOSED");
    for (const Row& r : rows) {
        if (!r.full.empty()) {
            out += rtrim(pad_left(format_time(r.time), tw) + "  " + r.full) + "\n";
            continue;
        }
        line(format_time(r.time), r.left, r.arrow, r.right);
    }
    return out;
}

std::string render_list(const SimConfig& config, const Trace& trace, const LadderOptions& o,
                        const std::map<Flow, Seq>* isns) {
    auto name = [&](int h) {
        return h >= 0 && static_cast<size_t>(h) < config.hosts.size() ? config.hosts[static_cast<size_t>(h)].name
                                                                       : std::string("?");
    };
    size_t w = 1;
    for (const auto& h : config.hosts) w = std::max(w, h.name.size());
    std::string out;
    for (const TraceEntry& t : trace) {
        std::string what;
        if (is_segment(t)) {
            what = pad_right(name(t.host) + " -> " + name(t.peer_host), 2 * w + 4) + "  " + segment_label(t, isns);
            if (t.kind != TraceKind::SegmentInjected && t.arrival < 0) what += "  X lost";
        } else if (t.kind == TraceKind::StateChange) {
            what = pad_right(name(t.host), 2 * w + 4) + "  " + state_name(t.to);
        } else if (o.calls && (t.kind == TraceKind::UserCall || t.kind == TraceKind::UserResult)) {
            what = pad_right(name(t.host), 2 * w + 4) + "  " + call_text(t);
        } else if (o.notes && t.kind == TraceKind::Note) {
            what = "note: " + t.text;
        } else {
            continue;
        }
        out += rtrim(pad_left(format_time(t.time), 8) + "  " + what) + "\n";
    }
    return out;
}

}  // namespace

std::string render_ladder(const SimConfig& config, const Trace& trace, const LadderOptions& options) {
    std::map<Flow, Seq> isns;
    if (options.relative) isns = collect_isns(trace);
    const std::map<Flow, Seq>* rel = options.relative ? &isns : nullptr;
    if (config.hosts.size() == 2) return render_two(config, trace, options, rel);
    return render_list(config, trace, options, rel);
}

}  // namespace tcplab
