// Teaching mode: a student's typed seq/ack, flags and state checked against the true values.
#include <catch2/catch.hpp>

#include "quiz/answer.h"
#include "segment.h"

using namespace tcplab;
using namespace tcplab::quiz;

namespace {

// A's side of the notes' four-way close: x=1000, y=5000, u=1101, v=5001, w=5201.
Labeler::Context ctx(Seq base = 1000) {
    return Labeler::Context{base, {{'x', 1000}, {'y', 5000}, {'u', 1101}, {'v', 5001}, {'w', 5201}}};
}

bool right(std::string_view a, Seq truth, NumberReading r = NumberReading::Any, Labeler::Context c = ctx()) {
    Verdict v = check_number(a, truth, c, r);
    INFO(a << ": " << v.error);
    REQUIRE(v.parsed);
    return v.correct;
}

}  // namespace

TEST_CASE("numbers: absolute, relative and every symbolic form", "[quiz]") {
    CHECK(right("1001", 1001));
    CHECK(right("1", 1001));                       // relative to the side's ISN
    CHECK(right("1", 1001, NumberReading::Relative));
    CHECK_FALSE(right("1", 1001, NumberReading::Absolute));
    CHECK_FALSE(right("1001", 1001, NumberReading::Relative));  // relative 1001 is 2001
    CHECK(right("1001", 1001, NumberReading::Symbolic));
    CHECK(right("x+1", 1001));
    CHECK(right("X + 1", 1001));
    CHECK(right(" x+1+100 ", 1101));
    CHECK(right("u", 1101));
    CHECK(right("u+1", 1102));
    CHECK(right("y + 1", 5001, NumberReading::Absolute, ctx(5000)));
    CHECK(right("v", 5001));
    CHECK(right("w+1", 5202));
    CHECK(right("w-1+2", 5202));
    CHECK(right("u+1", 1102, NumberReading::Relative));  // names read the same in every mode
    // Wrong answers are rejected.
    CHECK_FALSE(right("x", 1001));
    CHECK_FALSE(right("y+1", 1001));
    CHECK_FALSE(right("1000", 1001));
    CHECK_FALSE(right("w", 5202));
}

TEST_CASE("numbers: arithmetic modulo 2^32 near the wrap", "[quiz]") {
    // Lesson 21: x=4294967000, y=4294967295 = 2^32-1; y+1 is 0, x+1+1000 is 705.
    Labeler::Context c{4294967295u, {{'x', 4294967000u}, {'y', 4294967295u}}};
    CHECK(right("y+1", 0, NumberReading::Any, c));
    CHECK(right("0", 0, NumberReading::Absolute, c));
    CHECK(right("4294967295+1", 0, NumberReading::Absolute, c));
    CHECK(right("4294967296", 0, NumberReading::Absolute, c));   // not wrapped by the student
    CHECK(right("1", 0, NumberReading::Relative, c));            // relative to y
    Labeler::Context a{4294967000u, c.symbols};
    CHECK(right("x+1+1000", 705, NumberReading::Any, a));
    CHECK(right("4294968001", 705, NumberReading::Absolute, a));
    CHECK(right("1001", 705, NumberReading::Relative, a));
    CHECK(right("4294967295+2", 1, NumberReading::Absolute, a));
    CHECK_FALSE(right("4294968000", 705, NumberReading::Absolute, a));
    CHECK_FALSE(right("x+1000", 705, NumberReading::Any, a));
}

TEST_CASE("numbers: an answer that cannot be read says what was expected", "[quiz]") {
    Labeler::Context early{1000, {{'x', 1000}}};
    for (const char* bad : {"", "x+", "x 1", "z+1", "1001!", "x++1", "99999999999999999999"}) {
        Verdict v = check_number(bad, 1001, early, NumberReading::Any);
        INFO(bad);
        CHECK_FALSE(v.parsed);
        CHECK_FALSE(v.correct);
        CHECK_FALSE(v.error.empty());
    }
    CHECK(check_number("", 1001, early).error.find("expected a number (1001)") != std::string::npos);
    CHECK(check_number("y+1", 1001, early).error == "'y' is not defined at this segment (defined: x)");
    CHECK(check_number("x 1", 1001, early).error.find("expected '+' or '-'") != std::string::npos);
}

TEST_CASE("flags in any spelling; PSH counts only when named", "[quiz]") {
    for (const char* a : {"SYN,ACK", "ACK SYN", "syn+ack", "SYN, ACK", "ack/syn", "SA"}) {
        INFO(a);
        CHECK(check_flags(a, kSYN | kACK).correct);
    }
    CHECK(check_flags("FIN ACK", kFIN | kACK).correct);
    CHECK(check_flags("ACK", kACK | kPSH).correct);
    CHECK(check_flags("PSH,ACK", kACK | kPSH).correct);
    CHECK_FALSE(check_flags("PSH,ACK", kACK).correct);
    CHECK_FALSE(check_flags("SYN", kSYN | kACK).correct);
    CHECK_FALSE(check_flags("FIN", kFIN | kACK).correct);
    CHECK(check_flags("FIN", kFIN | kACK).parsed);
    Verdict bad = check_flags("SYNACK!", kSYN);
    CHECK_FALSE(bad.parsed);
    CHECK(bad.error.find("expected flag names") == 0);
    CHECK_FALSE(check_flags("", kSYN).parsed);
}

TEST_CASE("states: names in any case and form, and the course notes' Chinese names", "[quiz]") {
    CHECK(check_state("SYN_SENT", State::SynSent).correct);
    CHECK(check_state("syn sent", State::SynSent).correct);
    CHECK(check_state("synsent", State::SynSent).correct);
    CHECK(check_state("同步已发送", State::SynSent).correct);
    CHECK(check_state("同步已发送状态", State::SynSent).correct);
    CHECK(check_state("SYN-RECEIVED", State::SynRcvd).correct);
    CHECK(check_state("同步收到", State::SynRcvd).correct);
    CHECK(check_state("fin_wait_2", State::FinWait2).correct);
    CHECK(check_state("FIN-WAIT-1", State::FinWait1).correct);
    CHECK(check_state("Time wait", State::TimeWait).correct);
    CHECK(check_state("时间等待", State::TimeWait).correct);
    CHECK(check_state("收听", State::Listen).correct);
    CHECK(check_state("已建立连接", State::Established).correct);
    CHECK(check_state("关闭等待", State::CloseWait).correct);
    CHECK(check_state("最后确认", State::LastAck).correct);
    CHECK(check_state("同时关闭", State::Closing).correct);
    CHECK(check_state("关闭", State::Closed).correct);
    CHECK(check_state("终止等待1", State::FinWait1).correct);
    // Wrong ones.
    CHECK_FALSE(check_state("FIN_WAIT_1", State::FinWait2).correct);
    CHECK_FALSE(check_state("关闭", State::CloseWait).correct);
    CHECK(check_state("关闭", State::CloseWait).parsed);
    Verdict bad = check_state("WAITING", State::TimeWait);
    CHECK_FALSE(bad.parsed);
    CHECK(bad.error.find("expected a state: CLOSED, LISTEN") == 0);
}
