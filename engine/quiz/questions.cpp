#include "quiz/questions.h"

#include <map>

namespace tcplab::quiz {

const char* mode_name(Mode m) {
    switch (m) {
        case Mode::States: return "states";
        case Mode::Numbers: return "numbers";
        case Mode::Both: return "both";
    }
    return "both";
}

std::string NumberKey::symbolic_and_value() const {
    const std::string value = std::to_string(absolute);
    return symbolic == value ? value : symbolic + "=" + value;
}

std::optional<Mode> parse_mode(std::string_view s) {
    for (Mode m : {Mode::States, Mode::Numbers, Mode::Both})
        if (s == mode_name(m)) return m;
    return std::nullopt;
}

namespace {

// Why a segment was sent: the latest state change or rule of the same host and connection at the
// same moment (rcv SYN in LISTEN -> the SYN,ACK), else the trace's own line for the call, timer or
// arriving segment that made it (data acknowledged).
Explanation segment_reason(const Trace& trace, size_t i) {
    const TraceEntry& seg = trace[i];
    Explanation x;
    for (size_t k = i; k-- > 0;) {
        const TraceEntry& e = trace[k];
        if (e.time != seg.time) break;
        if (e.host != seg.host) continue;
        if ((e.kind == TraceKind::StateChange || e.kind == TraceKind::RuleFired) && e.rule != Rule::None &&
            (e.conn == seg.conn || e.conn < 0)) {
            const RuleInfo& r = rule_info(e.rule);
            return Explanation{r.key, r.section, r.en, r.zh, {}};
        }
        if (e.kind == TraceKind::UserCall || e.kind == TraceKind::TimerFired || e.kind == TraceKind::SegmentDelivered) {
            x.en = e.text;
            return x;
        }
    }
    return x;
}

NumberKey number_key(const Labeler& lab, const TraceEntry& e, bool ack) {
    NumberKey k;
    k.absolute = ack ? e.packet.seg.ack : e.packet.seg.seq;
    k.relative = ack ? lab.ack_label(e, Numbering::Relative) : lab.seq_label(e, Numbering::Relative);
    k.symbolic = ack ? lab.ack_label(e, Numbering::Symbolic) : lab.seq_label(e, Numbering::Symbolic);
    lab.context(e, ack, &k.context);
    return k;
}

}  // namespace

std::vector<Question> predict_questions(const Scenario& sc, const Trace& trace, Mode mode) {
    std::vector<Question> out;
    Labeler lab;
    std::map<std::pair<int, int>, int> counts;  // (host, kind) -> questions so far
    auto host_name = [&](int h) {
        return h >= 0 && static_cast<size_t>(h) < sc.config.hosts.size() ? sc.config.hosts[h].name : "?";
    };
    for (size_t i = 0; i < trace.size(); ++i) {
        const TraceEntry& e = trace[i];
        if (e.kind == TraceKind::SegmentSent || e.kind == TraceKind::SegmentInjected) lab.add(e);
        Question q;
        if (e.kind == TraceKind::StateChange && mode != Mode::Numbers) {
            q.kind = Question::Kind::State;
            q.from = e.from;
            q.state = e.to;
            if (e.rule != Rule::None) {
                const RuleInfo& r = rule_info(e.rule);
                q.why = Explanation{r.key, r.section, r.en, r.zh, {}};
            }
        } else if (e.kind == TraceKind::SegmentSent && mode != Mode::States) {
            q.kind = Question::Kind::Segment;
            q.to_host = e.peer_host;
            q.flags = e.packet.seg.flags;
            q.len = static_cast<uint32_t>(e.packet.seg.payload.size());
            q.has_ack = e.packet.seg.has(kACK);
            q.retransmission = e.retransmission;
            q.seq = number_key(lab, e, false);
            if (q.has_ack) q.ack = number_key(lab, e, true);
            q.why = segment_reason(trace, i);
        } else {
            continue;
        }
        q.host = e.host;
        q.conn = e.conn;
        q.pause_index = e.index;
        q.time = e.time;
        int n = ++counts[{e.host, static_cast<int>(q.kind)}];
        q.id = host_name(e.host) + (q.kind == Question::Kind::State ? ".state." : ".seg.") + std::to_string(n);
        for (const ScenarioNote& note : sc.notes)
            if (note.at == e.time) q.why.notes.emplace_back(note.en, note.zh);
        out.push_back(std::move(q));
    }
    return out;
}

}  // namespace tcplab::quiz
