// Predict mode's controller (web/predict.cpp, docs/teaching.md) on lesson 01 (x = 1000, y = 5000):
// playback stops before the event a question is about, nothing moves past a question until it is
// answered or skipped, the first answer is the one scored, and every answer is a results event.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "builtin_scenarios.h"
#include "ui/app_state.h"

using namespace tcplab;
using nlohmann::json;

namespace {

// Lesson 01 without its authored questions (ask/option/model lines, tests/web/authored_card_test.cpp):
// these tests are about the questions predict mode makes itself.
std::string lesson01() {
    for (const BuiltinScenario& b : builtin_scenarios()) {
        if (std::string(b.name).rfind("01-", 0) != 0) continue;
        std::string out, line;
        for (char c : std::string(b.text) + "\n") {
            if (c != '\n') { line += c; continue; }
            const bool authored = line.rfind("ask ", 0) == 0 || line.rfind("option ", 0) == 0 || line.rfind("model ", 0) == 0;
            out += (authored ? "" : line) + "\n";
            line.clear();
        }
        return out;
    }
    return {};
}

void start(AppState& s, const std::string& mode, const std::string& student = "") {
    s.options.student = student;
    s.set_predict(mode);
    std::string err;
    REQUIRE(s.load("01-three-way-handshake", lesson01(), &err));
    REQUIRE(s.predict.on);
}

const quiz::Question& asked(const AppState& s) {
    REQUIRE(s.predict.asked >= 0);
    return s.predict.plan.questions[static_cast<size_t>(s.predict.asked)];
}

std::vector<json> results(AppState& s) {
    std::vector<json> out;
    for (const std::string& e : s.events) {
        json j = json::parse(e);
        if (j.value("schema", "") == "tcplab-result") out.push_back(j);
    }
    return out;
}

int state_changes(const AppState& s, int host) {
    int n = 0;
    for (const TraceEntry& e : s.trace()) n += e.kind == TraceKind::StateChange && e.host == host;
    return n;
}

}  // namespace

TEST_CASE("predict: play stops before B's listen; a wrong state is scored wrong, a retry is practice", "[app][predict]") {
    AppState s;
    start(s, "states");
    s.play();
    s.advance(0.1);
    CHECK_FALSE(s.playing);
    const quiz::Question& q = asked(s);
    CHECK(q.id == "B.state.1");
    CHECK(q.state == State::Listen);
    CHECK(s.sim()->events_processed() == s.predict.plan.pause_event[static_cast<size_t>(s.predict.asked)]);
    CHECK(state_changes(s, 1) == 0);  // the change asked about has not happened yet

    // Nothing moves past the question.
    s.step_forward();
    s.jump_next();
    s.run_to_end();
    s.seek(sec(1));
    CHECK(state_changes(s, 1) == 0);
    CHECK(s.predict.asked >= 0);

    s.predict.state_pick = static_cast<int>(State::SynRcvd);
    s.predict_answer();
    CHECK(s.predict.revealed);
    CHECK_FALSE(s.predict.last_right);
    CHECK(s.predict_count(AppState::Predict::Wrong) == 1);
    s.predict_retry();
    s.predict.state_pick = static_cast<int>(State::Listen);
    s.predict_answer();
    CHECK(s.predict.last_right);
    CHECK(s.predict_count(AppState::Predict::Wrong) == 1);  // the first answer counts
    CHECK(s.predict_count(AppState::Predict::Right) == 0);

    auto r = results(s);
    REQUIRE(r.size() == 2);
    CHECK(r[0]["question"] == "B.state.1");
    CHECK(r[0]["answer"] == "SYN_RCVD");
    CHECK(r[0]["correct_answer"] == "LISTEN");
    CHECK(r[0]["result"] == "wrong");
    CHECK(r[0]["attempt"] == 1);
    CHECK(r[1]["result"] == "right");
    CHECK(r[1]["attempt"] == 2);
    CHECK(r[1]["lesson"] == "01-three-way-handshake");
    CHECK(r[1]["score"]["wrong"] == 1);

    // Continue: it plays on and B is in LISTEN; the next stop is A's connect.
    s.predict_continue();
    CHECK(s.sim()->host_state(1) == State::Listen);
    s.advance(0.2);
    s.advance(0.2);
    CHECK(asked(s).id == "A.state.1");
    CHECK(asked(s).state == State::SynSent);
    CHECK(state_changes(s, 0) == 0);
}

TEST_CASE("predict: the SYN and the SYN,ACK typed in symbolic numbers (x, x+1, y)", "[app][predict]") {
    AppState s;
    start(s, "numbers");
    s.numbering = Numbering::Symbolic;
    s.play();
    s.advance(0.1);
    REQUIRE(asked(s).id == "A.seg.1");
    s.predict.flags = kSYN;
    s.predict.seq = "x";
    s.predict_answer();
    CHECK(s.predict.last_right);
    s.predict_continue();
    for (int i = 0; i < 20 && s.predict.asked < 0; ++i) s.advance(0.2);
    REQUIRE(asked(s).id == "B.seg.1");
    s.predict.flags = kSYN | kACK;
    s.predict.seq = "y";
    s.predict.ack = "x";  // wrong: the SYN consumed one number
    s.predict_answer();
    CHECK_FALSE(s.predict.last_right);
    s.predict_retry();
    s.predict.ack = "x+1";
    s.predict.seq = "banana";  // unreadable: not an attempt, says what was expected
    s.predict_answer();
    CHECK_FALSE(s.predict.revealed);
    CHECK_FALSE(s.predict.error.empty());
    s.predict.seq = "5000";  // y as an absolute number is read as absolute in symbolic numbering
    s.predict_answer();
    CHECK(s.predict.last_right);
    auto r = results(s);
    REQUIRE(r.size() == 3);
    CHECK(r[1]["correct_answer"] == "SYN,ACK seq=5000 ack=1001");
    CHECK(r[1]["correct_symbolic"] == "SYN,ACK seq=y=5000 ack=x+1=1001");
}

TEST_CASE("predict: skipping every question ends with one score event", "[app][predict]") {
    AppState s;
    start(s, "both");
    const size_t total = s.predict.plan.questions.size();
    REQUIRE(total > 6);
    s.play();
    for (int i = 0; i < 2000 && s.predict_count(AppState::Predict::Pending) > 0; ++i) {
        if (s.predict.asked >= 0 && !s.predict.revealed) s.predict_skip();
        else if (s.predict.revealed) s.predict_continue();
        else {
            s.play();
            s.advance(0.25);
        }
    }
    CHECK(s.predict_count(AppState::Predict::Skipped) == static_cast<int>(total));
    auto r = results(s);
    REQUIRE(r.size() == total + 1);
    CHECK(r.back()["type"] == "score");
    CHECK(r.back()["skipped"] == total);
    CHECK(r.back()["total"] == total);
}

TEST_CASE("predict: a student's own numbers move the answers, the same ID the same ones", "[app][predict]") {
    auto syn_seq = [](const std::string& student) {
        AppState s;
        start(s, "numbers", student);
        return s.predict.plan.questions.at(0).seq.absolute;
    };
    CHECK(syn_seq("") == 1000);
    const Seq a = syn_seq("alice");
    CHECK(a != 1000);
    CHECK(syn_seq("alice") == a);
    CHECK(syn_seq("bob") != a);
}

TEST_CASE("predict: off, no question stops playback", "[app][predict]") {
    AppState s;
    std::string err;
    REQUIRE(s.load("01-three-way-handshake", lesson01(), &err));
    s.run_to_end();
    CHECK(s.predict.asked < 0);
    CHECK(s.sim()->host_state(0) == State::Established);
}
