#include "quiz/authored.h"

#include "stable_sort.h"

namespace tcplab::quiz {

using Kind = AuthoredQuestion::Kind;

const char* authored_kind_name(Kind k) {
    switch (k) {
        case Kind::State: return "state";
        case Kind::Field: return "field";
        case Kind::Lost: return "lost";
        case Kind::Choice: return "choice";
        case Kind::Why: return "why";
    }
    return "state";
}

const char* authored_field_name(AuthoredQuestion::Field f) {
    static const char* const names[] = {"seq", "ack", "flags", "len"};
    return names[static_cast<size_t>(f)];
}

std::string field_answer_text(const AuthoredAnswer& a) {
    const Question& s = a.segment;
    switch (a.ask->field) {
        case AuthoredQuestion::Field::Seq: return s.seq.symbolic_and_value();
        case AuthoredQuestion::Field::Ack: return s.ack.symbolic_and_value();
        case AuthoredQuestion::Field::Flags: return flags_string(s.flags);
        case AuthoredQuestion::Field::Len: return std::to_string(s.len);
    }
    return "";
}

namespace {

AuthoredText filled(const AuthoredText& t, const Labeler& lab, const Scenario& sc) {
    return {fill_note_numbers(t.en, lab, sc), fill_note_numbers(t.zh, lab, sc), t.line};
}

// The segment a Field or Lost question is about, as its predict question; nullptr when the run has none.
const Question* find_segment(const AuthoredQuestion& q, const Trace& trace, const std::vector<Question>& segments) {
    if (q.kind == Kind::Field) {
        for (const Question& s : segments)
            if (s.host == q.host && s.to_host == q.to_host && s.time >= q.at) return &s;
        return nullptr;
    }
    // Lost: the first drop at or after the time of a segment a host sent (not an injected one).
    for (const TraceEntry& e : trace) {
        if (e.kind != TraceKind::SegmentDropped || e.time < q.at) continue;
        for (const Question& s : segments)
            if (trace[s.pause_index].packet_id == e.packet_id) return &s;
    }
    return nullptr;
}

std::vector<Question> lost_candidates(const AuthoredQuestion& q, const Question& lost, const std::vector<Question>& segments) {
    constexpr size_t kMax = 4;
    std::vector<Question> out;
    bool has_lost = false;
    for (const Question& s : segments) {
        if (s.time < q.at) continue;
        if (out.size() == kMax) break;
        has_lost = has_lost || s.pause_index == lost.pause_index;
        out.push_back(s);
    }
    if (!has_lost) out.back() = lost;  // later than the first four: it takes the last place
    return out;
}

}  // namespace

AuthoredKey authored_key(const Scenario& sc, const RunOptions& options) {
    AuthoredKey key;
    RunOptions traced = options;
    traced.tracing = true;
    ScenarioRun run(sc, traced);
    run.run_to_end();
    key.run_end = run.sim().now();
    // State answers as `expect at` sees them (after every event at or before the time), from a
    // second run stopped at each time in turn (stopping the first would move its end).
    std::vector<const AuthoredQuestion*> by_time;
    for (const AuthoredQuestion& q : sc.authored)
        if (q.kind == Kind::State && q.at <= key.run_end) by_time.push_back(&q);
    stable_sort_by(by_time, [](const AuthoredQuestion* a, const AuthoredQuestion* b) { return a->at < b->at; });
    std::vector<State> states(sc.authored.size(), State::Closed);
    if (!by_time.empty()) {
        ScenarioRun probe(sc, traced);
        for (const AuthoredQuestion* q : by_time) {
            probe.run_until(q->at);
            states[static_cast<size_t>(q - sc.authored.data())] = probe.sim().host_state(q->host);
        }
    }
    const Trace& trace = run.sim().trace();
    const std::vector<Question> segments = predict_questions(sc, trace, Mode::Numbers);
    Labeler lab;
    for (const TraceEntry& e : trace)
        if (e.kind == TraceKind::SegmentSent || e.kind == TraceKind::SegmentInjected) lab.add(e);

    for (const AuthoredQuestion& q : sc.authored) {
        auto fail = [&](int column, const std::string& m) { key.errors.push_back({{q.loc.file, q.loc.line, column}, m}); };
        if (q.at > key.run_end) {
            fail(q.time_column, "'" + q.id + "' asks at " + format_time(q.at) + ", after the end of the run (" +
                                    format_time(key.run_end) + ")");
            continue;
        }
        AuthoredAnswer a;
        a.ask = &q;
        a.text = filled(q.text, lab, sc);
        for (const AuthoredOption& o : q.options) a.options.push_back({filled(o.text, lab, sc), o.correct});
        if (q.model) a.model = filled(*q.model, lab, sc);
        a.state = states[static_cast<size_t>(&q - sc.authored.data())];
        if (q.kind == Kind::Field || q.kind == Kind::Lost) {
            const Question* s = find_segment(q, trace, segments);
            if (!s) {
                fail(q.loc.column, q.kind == Kind::Lost
                                       ? "'" + q.id + "': the run drops no segment at or after " + format_time(q.at)
                                       : "'" + q.id + "': " + sc.config.hosts[static_cast<size_t>(q.host)].name +
                                             " sends " + sc.config.hosts[static_cast<size_t>(q.to_host)].name +
                                             " no segment at or after " + format_time(q.at));
                continue;
            }
            if (q.kind == Kind::Field && q.field == AuthoredQuestion::Field::Ack && !s->has_ack) {
                fail(q.loc.column, "'" + q.id + "': the segment sent at " + format_time(s->time) + " (" +
                                       flags_string(s->flags) + ") has no ACK, so no ack field");
                continue;
            }
            a.segment = *s;
            if (q.kind == Kind::Lost) a.candidates = lost_candidates(q, *s, segments);
        }
        key.answers.push_back(std::move(a));
    }
    return key;
}

}  // namespace tcplab::quiz
