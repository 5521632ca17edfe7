// Predict mode's controller (docs/teaching.md): where playback stops, answers, skip, retry, the
// running score and the results events for the embedding page. The questions, their answers and
// the checking are the engine's (engine/quiz); this file only sequences them.
#include <algorithm>

#include "app.h"
#include "json_text.h"
#include "quiz/answer.h"
#include "ui/app_state.h"

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

std::string predict_answer_text(const Q& q, Numbering n) {
    if (q.kind == Q::Kind::State) return state_name(q.state);
    std::string s = flags_string(q.flags) + " seq=" + number_shown(q.seq, n);
    if (q.has_ack) s += " ack=" + number_shown(q.ack, n);
    return s;
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
    if (s.events_processed() != gate || s.next_event_time() > target) return false;
    // Stopped just before the event: the moment it happens, with its effects still to come.
    predict.resume = predict.resume || playing;
    playing = false;
    view_time = std::max(view_time, s.next_event_time());
    carry_us = 0;
    if (predict.asked != next) {  // a new question: an empty form
        predict.asked = next;
        predict.revealed = false;
        predict.error.clear();
        predict.state_pick = -1;
        predict.flags = 0;
        predict.seq.clear();
        predict.ack.clear();
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
    j.str("question", q.id).str("kind", q.kind == Q::Kind::State ? "state" : "segment")
        .str("host", a.sim()->host_name(q.host)).str("answer", p.given)
        .str("correct_answer", predict_answer_text(q, Numbering::Absolute))
        .str("correct_symbolic", predict_answer_text(q, Numbering::Symbolic)).str("result", verdict)
        .num("attempt", p.attempts[static_cast<size_t>(p.asked)]).raw("score", add_score(score, a).text());
    a.events.push_back(j.text());
    if (!p.done_sent && std::none_of(p.status.begin(), p.status.end(), [](auto s) { return s == AppState::Predict::Pending; })) {
        a.predict.done_sent = true;
        JsonObject done = head("score");
        a.events.push_back(add_score(done, a).text());
    }
}

}  // namespace

void AppState::predict_answer() {
    if (defer([=, this] { predict_answer(); })) return;
    Predict& p = predict;
    if (p.asked < 0 || p.revealed) return;
    const Q& q = p.plan.questions[static_cast<size_t>(p.asked)];
    bool right = false;
    p.error.clear();
    if (q.kind == Q::Kind::State) {
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
    const size_t i = static_cast<size_t>(p.asked);
    ++p.attempts[i];
    if (p.status[i] == Predict::Pending) p.status[i] = right ? Predict::Right : Predict::Wrong;
    p.last_right = right;
    p.revealed = true;
    emit_result(*this, q, right ? "right" : "wrong");
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
