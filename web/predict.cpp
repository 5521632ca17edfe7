// Predict mode's controller (docs/teaching.md): where playback stops, answers, skip, retry, the
// running score and the results events for the embedding page. The questions, their answers and
// the checking are the engine's (engine/quiz); this file only sequences them.
#include <algorithm>

#include "app.h"
#include "json_text.h"
#include "quiz/answer.h"
#include "quiz/authored.h"
#include "scenario/lexer.h"
#include "ui/app_state.h"
#include "ui/text.h"

namespace tcplab {

namespace {

using Q = quiz::Question;

std::string number_shown(const quiz::NumberKey& k, Numbering n) {
    if (n == Numbering::Absolute) return std::to_string(k.absolute);
    if (n == Numbering::Relative) return k.relative;
    return k.symbolic_and_value();
}

quiz::NumberReading reading_of(Numbering n) {
    if (n == Numbering::Absolute) return quiz::NumberReading::Absolute;
    if (n == Numbering::Relative) return quiz::NumberReading::Relative;
    return quiz::NumberReading::Symbolic;
}

}  // namespace

std::string predict_answer_text(const Q& q, Numbering n);

// A segment as a lost-question option and answer: "B->A FIN,ACK seq=w=5001 ack=u+1=1002".
std::string segment_text(const Scenario& sc, const Q& q, Numbering n) {
    const auto& h = sc.config.hosts;
    return h[static_cast<size_t>(q.host)].name + "->" + h[static_cast<size_t>(q.to_host)].name + " " + predict_answer_text(q, n);
}

std::string authored_answer_text(const Scenario& sc, const quiz::AuthoredAnswer& a, Numbering n, bool zh) {
    using K = AuthoredQuestion::Kind;
    switch (a.ask->kind) {
        case K::State: return state_name(a.state);
        case K::Field:
            if (a.ask->field == AuthoredQuestion::Field::Seq) return number_shown(a.segment.seq, n);
            if (a.ask->field == AuthoredQuestion::Field::Ack) return number_shown(a.segment.ack, n);
            return quiz::field_answer_text(a);
        case K::Lost: return segment_text(sc, a.segment, n);
        case K::Choice: {
            std::string r;
            for (const AuthoredOption& o : a.options)
                if (o.correct) r += (r.empty() ? "" : " / ") + (zh && !o.text.zh.empty() ? o.text.zh : o.text.en);
            return r;
        }
        case K::Why: return zh && !a.model.zh.empty() ? a.model.zh : a.model.en;
    }
    return "";
}

std::string predict_answer_text(const Q& q, Numbering n) {
    if (q.kind == Q::Kind::State) return state_name(q.state);
    std::string s = flags_string(q.flags) + " seq=" + number_shown(q.seq, n);
    if (q.has_ack) s += " ack=" + number_shown(q.ack, n);
    return s;
}

const quiz::AuthoredAnswer* AppState::asked_authored() const {
    if (predict.asked < 0) return nullptr;
    const Q& q = predict.plan.questions[static_cast<size_t>(predict.asked)];
    return q.kind == Q::Kind::Authored ? &predict.plan.authored[static_cast<size_t>(q.authored)] : nullptr;
}

void AppState::set_predict(const std::string& mode) {
    if (defer([=, this] { set_predict(mode); })) return;
    auto m = quiz::parse_mode(mode);
    predict.on = m.has_value();
    if (m) predict.mode = *m;
    options.predict = predict.on ? mode : "";
    if (scenario) rebuild();
}

void AppState::predict_plan(const RunOptions& opts) {
    Predict& p = predict;
    p.plan = {};
    p.status.clear();
    p.attempts.clear();
    p.asked = -1;
    p.revealed = p.resume = p.done_sent = p.summary_closed = false;
    if (!p.on || !scenario) return;
    p.plan = quiz::plan_predict(*scenario, opts, p.mode);
    p.status.assign(p.plan.questions.size(), Predict::Pending);
    p.attempts.assign(p.plan.questions.size(), 0);
}

// The next unanswered question from here (questions are in trace order), or -1.
int AppState::predict_next() const {
    if (!predict.on || !run || live_inputs) return -1;
    const uint64_t now = sim()->events_processed();
    for (size_t i = 0; i < predict.status.size(); ++i)
        if (predict.status[i] == Predict::Pending && predict.plan.pause_event[i] >= now) return static_cast<int>(i);
    return -1;
}

uint64_t AppState::predict_gate() const {
    const int i = predict_next();
    return i < 0 ? kNoGate : predict.plan.pause_event[static_cast<size_t>(i)];
}

bool AppState::stop_at_gate(Micros target) {
    const int next = predict_next();
    if (next < 0) return false;
    const uint64_t gate = predict.plan.pause_event[static_cast<size_t>(next)];
    Simulator& s = *sim();
    while (s.events_processed() < gate && s.next_event_time() <= target && run->step_event()) {
    }
    // Stopped just before the event: the moment it happens, with its effects still to come. An
    // authored question stops at its own time (there may be no event then, or none after it).
    const quiz::Question& q = predict.plan.questions[static_cast<size_t>(next)];
    Micros at = s.next_event_time();
    if (q.kind == quiz::Question::Kind::Authored) at = std::min(at, std::max(q.time, view_time));
    if (s.events_processed() != gate || at > target) return false;
    predict.resume = predict.resume || playing;
    playing = false;
    view_time = std::max(view_time, at);
    carry_us = 0;
    if (predict.asked != next) {  // a new question: an empty form
        predict.asked = next;
        predict.revealed = false;
        predict.error.clear();
        predict.state_pick = -1;
        predict.flags = 0;
        predict.seq.clear();
        predict.ack.clear();
        predict.choice = -1;
        predict.field.clear();
        predict.essay.clear();
        predict.self_checked = false;
    }
    timeline.follow = true;
    return true;
}

int AppState::predict_count(Predict::Status st) const {
    return static_cast<int>(std::count(predict.status.begin(), predict.status.end(), st));
}

namespace {

JsonObject& add_score(JsonObject& j, const AppState& a) {
    using P = AppState::Predict;
    return j.num("right", a.predict_count(P::Right)).num("wrong", a.predict_count(P::Wrong))
        .num("skipped", a.predict_count(P::Skipped)).num("total", static_cast<int64_t>(a.predict.status.size()));
}

// A results message (docs/teaching.md, "results"): the page adds the time and posts it to the parent.
void emit_result(AppState& a, const Q& q, const char* verdict) {
    const AppState::Predict& p = a.predict;
    auto head = [&](const char* type) {
        JsonObject j;
        j.str("type", type).str("schema", "tcplab-result").num("version", 1)
            .str("lesson", a.scenario_name.empty() ? a.scenario->name : a.scenario_name)
            .str("student", a.options.student).str("mode", quiz::mode_name(p.mode));
        return j;
    };
    JsonObject score;
    JsonObject j = head("answer");
    const quiz::AuthoredAnswer* au = a.asked_authored();
    const std::string kind = au ? std::string("authored-") + quiz::authored_kind_name(au->ask->kind)
                                : q.kind == Q::Kind::State ? "state" : "segment";
    j.str("question", q.id).str("kind", kind)
        .str("host", q.host >= 0 ? a.sim()->host_name(q.host) : "").str("answer", p.given)
        .str("correct_answer", au ? authored_answer_text(*a.scenario, *au, Numbering::Absolute, false) : predict_answer_text(q, Numbering::Absolute))
        .str("correct_symbolic", au ? authored_answer_text(*a.scenario, *au, Numbering::Symbolic, false) : predict_answer_text(q, Numbering::Symbolic))
        .str("result", verdict)
        .num("attempt", p.attempts[static_cast<size_t>(p.asked)]).raw("score", add_score(score, a).text());
    a.events.push_back(j.text());
    if (!p.done_sent && std::none_of(p.status.begin(), p.status.end(), [](auto s) { return s == AppState::Predict::Pending; })) {
        a.predict.done_sent = true;
        JsonObject done = head("score");
        a.events.push_back(add_score(done, a).text());
    }
}

void record_answer(AppState& a, bool right) {
    AppState::Predict& p = a.predict;
    const size_t i = static_cast<size_t>(p.asked);
    ++p.attempts[i];
    if (p.status[i] == AppState::Predict::Pending) p.status[i] = right ? AppState::Predict::Right : AppState::Predict::Wrong;
    p.last_right = right;
    emit_result(a, p.plan.questions[i], right ? "right" : "wrong");
}

}  // namespace

// The form's answer to an authored question: false when there is nothing to check yet, or a number
// that cannot be read (p.error says what was expected).
bool AppState::authored_right(const quiz::AuthoredAnswer& a, bool* right) {
    using K = AuthoredQuestion::Kind;
    Predict& p = predict;
    switch (a.ask->kind) {
        case K::State:
            if (p.state_pick < 0) return false;
            p.given = state_name(static_cast<State>(p.state_pick));
            *right = static_cast<State>(p.state_pick) == a.state;
            return true;
        case K::Field: {
            const AuthoredQuestion::Field f = a.ask->field;
            if (f == AuthoredQuestion::Field::Flags) {
                p.given = flags_string(p.flags);
                *right = quiz::check_flags(p.given, a.segment.flags).correct;
                return true;
            }
            p.given = p.field;
            if (f == AuthoredQuestion::Field::Len) {
                const std::string t = scn::trim(p.field);
                const bool digits = !t.empty() && t.size() < 10 && t.find_first_not_of("0123456789") == std::string::npos;
                if (!digits) {
                    p.error = ui::tr("ui.ask.bytes");
                    return false;
                }
                *right = std::stoul(t) == a.segment.len;
                return true;
            }
            const quiz::NumberKey& key = f == AuthoredQuestion::Field::Seq ? a.segment.seq : a.segment.ack;
            const quiz::Verdict v = quiz::check_number(p.field, key.absolute, key.context, reading_of(numbering));
            if (!v.parsed) {
                p.error = v.error;
                return false;
            }
            *right = v.correct;
            return true;
        }
        case K::Lost:
            if (p.choice < 0 || static_cast<size_t>(p.choice) >= a.candidates.size()) return false;
            p.given = segment_text(*scenario, a.candidates[static_cast<size_t>(p.choice)], Numbering::Absolute);
            *right = a.candidates[static_cast<size_t>(p.choice)].pause_index == a.segment.pause_index;
            return true;
        case K::Choice:
            if (p.choice < 0 || static_cast<size_t>(p.choice) >= a.options.size()) return false;
            p.given = a.options[static_cast<size_t>(p.choice)].text.en;
            *right = a.options[static_cast<size_t>(p.choice)].correct;
            return true;
        case K::Why:
            p.given = p.essay;
            *right = false;  // the student judges it against the model (predict_self_check)
            return true;
    }
    return false;
}

void AppState::predict_answer() {
    if (defer([=, this] { predict_answer(); })) return;
    Predict& p = predict;
    if (p.asked < 0 || p.revealed) return;
    const Q& q = p.plan.questions[static_cast<size_t>(p.asked)];
    bool right = false;
    p.error.clear();
    if (const quiz::AuthoredAnswer* au = asked_authored()) {
        if (!authored_right(*au, &right)) return;
    } else if (q.kind == Q::Kind::State) {
        if (p.state_pick < 0) return;
        p.given = state_name(static_cast<State>(p.state_pick));
        right = static_cast<State>(p.state_pick) == q.state;
    } else {
        const std::string flags = flags_string(p.flags);
        p.given = flags + " seq=" + p.seq + (p.ack.empty() ? "" : " ack=" + p.ack);
        const quiz::Verdict f = quiz::check_flags(flags, q.flags);
        const quiz::Verdict s = quiz::check_number(p.seq, q.seq.absolute, q.seq.context, reading_of(numbering));
        quiz::Verdict k{true, true, {}};
        if (q.has_ack) k = quiz::check_number(p.ack, q.ack.absolute, q.ack.context, reading_of(numbering));
        else if (!p.ack.empty()) k.correct = false;  // an ack for a segment without ACK
        for (const quiz::Verdict* v : std::initializer_list<const quiz::Verdict*>{&s, &k})
            if (!v->parsed) {
                p.error = v->error;  // not an attempt: say what was expected, let them fix it
                return;
            }
        right = f.correct && s.correct && k.correct;
    }
    p.revealed = true;
    if (asked_authored() && asked_authored()->ask->kind == AuthoredQuestion::Kind::Why) return;  // self-check next
    record_answer(*this, right);
}

void AppState::predict_self_check(bool had_it) {
    if (defer([=, this] { predict_self_check(had_it); })) return;
    const quiz::AuthoredAnswer* au = asked_authored();
    if (!au || au->ask->kind != AuthoredQuestion::Kind::Why || !predict.revealed || predict.self_checked) return;
    if (predict.status[static_cast<size_t>(predict.asked)] != Predict::Pending) return;  // skipped
    predict.self_checked = true;
    record_answer(*this, had_it);
}

void AppState::predict_skip() {
    if (defer([=, this] { predict_skip(); })) return;
    Predict& p = predict;
    if (p.asked < 0 || p.revealed) return;
    const size_t i = static_cast<size_t>(p.asked);
    if (p.status[i] == Predict::Pending) p.status[i] = Predict::Skipped;
    p.given.clear();
    p.last_right = false;
    p.revealed = true;
    emit_result(*this, p.plan.questions[i], "skipped");
}

void AppState::predict_retry() {
    if (defer([=, this] { predict_retry(); })) return;
    predict.revealed = false;
    predict.error.clear();
}

void AppState::predict_continue() {
    if (defer([=, this] { predict_continue(); })) return;
    Predict& p = predict;
    if (p.asked < 0 || !p.revealed) return;
    p.asked = -1;
    p.revealed = false;
    if (stop_at_gate(sim()->next_event_time())) return;  // another question about the same event
    if (p.resume) play();
    else step_forward();  // the event asked about, now shown
    p.resume = false;
}

}  // namespace tcplab
