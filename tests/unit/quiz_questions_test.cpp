// Predict questions from a lesson's trace (engine/quiz/questions.h), and the key against the checker:
// what the key says is what the checker accepts, and a wrong answer is rejected.
#include <catch2/catch.hpp>

#include <filesystem>

#include "quiz/questions.h"

using namespace tcplab;
using namespace tcplab::quiz;
namespace fs = std::filesystem;

namespace {

struct Ran {
    Scenario sc;
    std::vector<Question> qs;
};

Ran questions_of(const std::string& path, Mode mode, const std::string& student = "") {
    auto r = load_scenario_file(path);
    REQUIRE(std::holds_alternative<Scenario>(r));
    Ran out{std::get<Scenario>(r), {}};
    apply_student(out.sc, student);
    ScenarioRun run(out.sc);
    run.run_to_end();
    out.qs = predict_questions(out.sc, run.sim().trace(), mode);
    return out;
}

std::string lesson(const char* name) { return std::string(TCPLAB_SOURCE_DIR) + "/scenarios/" + name + ".scn"; }

const Question& by_id(const std::vector<Question>& qs, const std::string& id) {
    for (const auto& q : qs)
        if (q.id == id) return q;
    FAIL("no question " << id);
    return qs.front();
}

}  // namespace

TEST_CASE("lesson 01: the questions in order, with exact answers and rules", "[quiz]") {
    Ran r = questions_of(lesson("01-three-way-handshake"), Mode::Both);
    std::vector<std::string> ids;
    for (const auto& q : r.qs) ids.push_back(q.id);
    CHECK(ids == std::vector<std::string>{"B.state.1", "A.state.1", "A.seg.1", "B.state.2", "B.seg.1", "A.state.2",
                                          "A.seg.2", "B.state.3", "A.seg.3", "B.seg.2"});
    const Question& synack = by_id(r.qs, "B.seg.1");
    CHECK(synack.kind == Question::Kind::Segment);
    CHECK(synack.flags == (kSYN | kACK));
    CHECK(synack.seq.absolute == 5000);
    CHECK(synack.seq.symbolic == "y");
    CHECK(synack.seq.relative == "0");
    CHECK(synack.ack.absolute == 1001);
    CHECK(synack.ack.symbolic == "x+1");
    CHECK(synack.ack.relative == "1");
    CHECK(synack.time == 60000);
    CHECK(synack.why.rule_key == "listen.rcv_syn");
    CHECK(synack.why.section == "3.10.7.2");
    REQUIRE(synack.why.notes.size() == 1);
    CHECK(synack.why.notes[0].first == "B answers SYN,ACK: ack=x+1=1001 and its own seq=y=5000. B is in SYN_RCVD");
    const Question& est = by_id(r.qs, "A.state.2");
    CHECK(est.from == State::SynSent);
    CHECK(est.state == State::Established);
    CHECK(est.why.rule_key == "syn_sent.rcv_syn_ack");
    CHECK(by_id(r.qs, "B.seg.2").ack.symbolic == "x+1+5");
    // The page pauses just before the entry asked about: its index in the trace, in trace order.
    for (size_t i = 1; i < r.qs.size(); ++i) CHECK(r.qs[i - 1].pause_index < r.qs[i].pause_index);

    Ran states = questions_of(lesson("01-three-way-handshake"), Mode::States);
    Ran numbers = questions_of(lesson("01-three-way-handshake"), Mode::Numbers);
    CHECK(states.qs.size() == 5);
    CHECK(numbers.qs.size() == 5);
    for (const auto& q : states.qs) CHECK(q.kind == Question::Kind::State);
    for (const auto& q : numbers.qs) CHECK(q.kind == Question::Kind::Segment);
    CHECK(by_id(numbers.qs, "B.seg.1").pause_index == synack.pause_index);  // ids do not depend on the mode
}

TEST_CASE("lesson 02 under a student: u, v, w and the same ids", "[quiz]") {
    Ran plain = questions_of(lesson("02-four-way-close"), Mode::Numbers);
    Ran alice = questions_of(lesson("02-four-way-close"), Mode::Numbers, "alice");
    REQUIRE(plain.qs.size() == alice.qs.size());
    for (size_t i = 0; i < plain.qs.size(); ++i) {
        CHECK(plain.qs[i].id == alice.qs[i].id);
        CHECK(plain.qs[i].seq.symbolic == alice.qs[i].seq.symbolic);
    }
    const Question& fin = by_id(plain.qs, "B.seg.5");
    CHECK(fin.flags == (kFIN | kACK));
    CHECK(fin.seq.symbolic == "w");
    CHECK(fin.seq.absolute == 5201);
    CHECK(fin.ack.symbolic == "u+1");
    CHECK(fin.ack.absolute == 1102);
    CHECK(by_id(alice.qs, "B.seg.5").seq.absolute != 5201);
    CHECK(by_id(plain.qs, "B.seg.3").seq.symbolic == "v");
}

TEST_CASE("the key is what the checker accepts, in every lesson; wrong answers are rejected", "[quiz]") {
    for (const auto& entry : fs::directory_iterator(fs::path(TCPLAB_SOURCE_DIR) / "scenarios")) {
        if (entry.path().extension() != ".scn") continue;
        Ran r = questions_of(entry.path().string(), Mode::Both, "student-7");
        INFO(entry.path().filename().string());
        REQUIRE(!r.qs.empty());
        for (const Question& q : r.qs) {
            INFO(q.id);
            if (q.kind == Question::Kind::State) {
                CHECK(check_state(state_name(q.state), q.state).correct);
                CHECK_FALSE(check_state(state_name(q.state == State::Closed ? State::Listen : State::Closed), q.state).correct);
                continue;
            }
            CHECK(check_flags(flags_string(q.flags), q.flags).correct);
            CHECK_FALSE(check_flags("RST,SYN,FIN", q.flags).correct);
            std::vector<std::pair<const NumberKey*, Seq>> nums = {{&q.seq, q.seq.absolute}};
            if (q.has_ack) nums.push_back({&q.ack, q.ack.absolute});
            for (auto [k, truth] : nums) {
                CHECK(check_number(std::to_string(truth), truth, k->context, NumberReading::Absolute).correct);
                CHECK(check_number(k->relative, truth, k->context, NumberReading::Relative).correct);
                CHECK(check_number(k->symbolic, truth, k->context, NumberReading::Symbolic).correct);
                CHECK_FALSE(check_number(std::to_string(truth + 1), truth, k->context, NumberReading::Absolute).correct);
                CHECK_FALSE(check_number(k->symbolic + "+1", truth, k->context, NumberReading::Symbolic).correct);
            }
        }
    }
}
