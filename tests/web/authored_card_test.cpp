// The lesson's own questions (ask lines, docs/teaching.md) asked in the page (web/predict.cpp): in
// every predict mode, each stops playback when the run reaches its time, before that time's
// events, ahead of the predict questions stopping there. Lesson 01 (x = 1000, y = 5000) and lesson
// 14 (the lost last ACK). Answers are checked as `tcplab quiz` keys them (engine/quiz/authored).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "builtin_scenarios.h"
#include "ui/app_state.h"

using namespace tcplab;
using nlohmann::json;
using Kind = AuthoredQuestion::Kind;

namespace {

void start(AppState& s, const char* lesson, const std::string& mode = "states", const std::string& student = "") {
    s.options.student = student;
    s.set_predict(mode);
    const BuiltinScenario* b = find_builtin(lesson);
    REQUIRE(b);
    std::string err;
    REQUIRE(s.load(b->name, b->text, &err));
}

// The answer events, of one question or of all.
std::vector<json> results(const AppState& s, const std::string& question = "") {
    std::vector<json> out;
    for (const std::string& e : s.events) {
        json j = json::parse(e);
        if (j.value("schema", "") == "tcplab-result" && j["type"] == "answer" && (question.empty() || j["question"] == question))
            out.push_back(j);
    }
    return out;
}

// Plays on, skipping every other question, until the one with this id is on the card.
const quiz::AuthoredAnswer& play_to(AppState& s, const std::string& id) {
    for (int i = 0; i < 2000; ++i) {
        if (s.predict.asked >= 0) {
            const quiz::Question& q = s.predict.plan.questions[static_cast<size_t>(s.predict.asked)];
            if (q.id == id) {
                REQUIRE(s.asked_authored());
                return *s.asked_authored();
            }
            if (!s.predict.revealed) s.predict_skip();
            s.predict_continue();
            continue;
        }
        s.play();
        s.advance(0.05);
    }
    FAIL("the question " << id << " was never asked");
    return *s.asked_authored();
}

}  // namespace

TEST_CASE("ask in the page: lesson 01's five questions join the plan at their times, in time order", "[app][ask]") {
    AppState s;
    start(s, "01-three-way");
    const quiz::PredictPlan& p = s.predict.plan;
    std::vector<std::string> authored;
    for (size_t i = 0; i < p.questions.size(); ++i) {
        if (i > 0) CHECK(p.pause_event[i - 1] <= p.pause_event[i]);
        if (p.questions[i].kind == quiz::Question::Kind::Authored) authored.push_back(p.questions[i].id);
    }
    CHECK(authored == std::vector<std::string>{"syn_cost", "syn_rcvd", "synack_ack", "why_three", "data_seq"});
    CHECK(p.authored.size() == 5);
}

TEST_CASE("ask in the page: a choice stops at 10ms before A's SYN; wrong, then right on retry", "[app][ask]") {
    AppState s;
    start(s, "01-three-way");
    const quiz::AuthoredAnswer& a = play_to(s, "syn_cost");
    CHECK(a.ask->kind == Kind::Choice);
    CHECK(s.view_time == msec(10));
    for (const TraceEntry& e : s.trace()) CHECK(e.kind != TraceKind::SegmentSent);  // the SYN is still to come
    s.predict.choice = 1;  // "It carries no data and consumes no sequence number"
    s.predict_answer();
    CHECK(s.predict.revealed);
    CHECK_FALSE(s.predict.last_right);
    s.predict_retry();
    s.predict.choice = 0;
    s.predict_answer();
    CHECK(s.predict.last_right);
    auto r = results(s, "syn_cost");
    REQUIRE(r.size() == 2);
    CHECK(r[0]["kind"] == "authored-choice");
    CHECK(r[0]["result"] == "wrong");
    CHECK(r[0]["answer"] == "It carries no data and consumes no sequence number");
    CHECK(r[0]["correct_answer"] == "It carries no data, but it consumes one sequence number");
    CHECK(r[1]["result"] == "right");
    CHECK(s.predict_count(AppState::Predict::Wrong) == 1);  // the first answer is the one scored
}

TEST_CASE("ask in the page: B's state at 60ms is asked before the SYN arrives; seq/ack typed symbolic", "[app][ask]") {
    AppState s;
    s.numbering = Numbering::Symbolic;
    start(s, "01-three-way");
    const quiz::AuthoredAnswer& st = play_to(s, "syn_rcvd");
    CHECK(st.state == State::SynRcvd);
    CHECK(s.sim()->host_state(1) == State::Listen);  // not on screen yet: the SYN is arriving
    s.predict.state_pick = static_cast<int>(State::Established);
    s.predict_answer();
    CHECK_FALSE(s.predict.last_right);
    s.predict_continue();

    play_to(s, "synack_ack");
    s.predict.field = "ack please";
    s.predict_answer();
    CHECK_FALSE(s.predict.revealed);  // unreadable: not an attempt
    CHECK_FALSE(s.predict.error.empty());
    s.predict.field = "x+1";
    s.predict_answer();
    CHECK(s.predict.revealed);
    CHECK(s.predict.last_right);
    s.predict_continue();

    play_to(s, "data_seq");
    s.predict.field = "x";  // the SYN consumed one number: the data starts at x+1
    s.predict_answer();
    CHECK_FALSE(s.predict.last_right);
    auto r = results(s);
    REQUIRE(r.size() >= 3);
    CHECK(r.back()["question"] == "data_seq");
    CHECK(r.back()["kind"] == "authored-field");
    CHECK(r.back()["correct_answer"] == "1001");
    CHECK(r.back()["correct_symbolic"] == "x+1=1001");
}

TEST_CASE("ask in the page: why shows the model answer, then the student's own verdict is the result", "[app][ask]") {
    AppState s;
    start(s, "01-three-way");
    play_to(s, "why_three");
    s.predict.essay = "so that an old SYN cannot open a connection";
    const size_t before = results(s).size();
    s.predict_answer();  // "Show the model answer"
    CHECK(s.predict.revealed);
    CHECK(results(s).size() == before);  // no verdict yet
    s.predict_self_check(true);
    s.predict_self_check(false);  // once only
    auto r = results(s);
    REQUIRE(r.size() == before + 1);
    CHECK(r.back()["kind"] == "authored-why");
    CHECK(r.back()["result"] == "right");
    CHECK(r.back()["answer"] == "so that an old SYN cannot open a connection");
    CHECK(r.back()["correct_answer"].get<std::string>().find("old duplicate") != std::string::npos);
}

TEST_CASE("ask in the page: lesson 14's lost segment is one of the choices; picking another is wrong", "[app][ask]") {
    AppState s;
    start(s, "14-time-wait");
    const quiz::AuthoredAnswer& a = play_to(s, "lost_seg");
    REQUIRE(a.candidates.size() >= 2);
    int lost = -1;
    for (size_t i = 0; i < a.candidates.size(); ++i)
        if (a.candidates[i].pause_index == a.segment.pause_index) lost = static_cast<int>(i);
    REQUIRE(lost >= 0);
    CHECK(a.segment.flags == kACK);  // A's last ACK, as the lesson drops it
    s.predict.choice = lost == 0 ? 1 : 0;
    s.predict_answer();
    CHECK_FALSE(s.predict.last_right);
    s.predict_retry();
    s.predict.choice = lost;
    s.predict_answer();
    CHECK(s.predict.last_right);
    CHECK(results(s).back()["correct_answer"].get<std::string>().rfind("A->B ACK seq=", 0) == 0);
}

TEST_CASE("ask in the page: a student's own numbers move the field answers", "[app][ask]") {
    auto ack_for = [](const std::string& student) {
        AppState s;
        start(s, "01-three-way", "states", student);
        return play_to(s, "synack_ack").segment.ack.absolute;
    };
    CHECK(ack_for("") == 1001);
    CHECK(ack_for("bob") == ack_for("bob"));
    CHECK(ack_for("bob") != ack_for("alice"));
}

TEST_CASE("ask in the page: a skipped why shows the model answer and takes no self-check", "[app][ask]") {
    AppState s;
    start(s, "01-three-way");
    play_to(s, "why_three");
    s.predict_skip();
    CHECK(s.predict.revealed);
    s.predict_self_check(true);  // too late: skipped is what counts
    CHECK(s.predict_count(AppState::Predict::Skipped) >= 1);
    auto r = results(s, "why_three");
    REQUIRE(r.size() == 1);
    CHECK(r[0]["result"] == "skipped");
    s.predict_continue();
    CHECK_FALSE((s.asked_authored() && s.asked_authored()->ask->id == "why_three"));  // moved on
}
