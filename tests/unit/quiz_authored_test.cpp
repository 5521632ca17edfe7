// Authored questions (`ask` / `option` / `model`, engine/quiz/authored.h): each kind's answer from
// a lesson's run, for the lesson's own numbers and for two students; options and model answers
// attached to their question; every parser error and every run error with its line and column.
#include <catch2/catch.hpp>

#include "quiz/answer.h"
#include "quiz/authored.h"

using namespace tcplab;
using namespace tcplab::quiz;

namespace {

struct Keyed {
    Scenario sc;
    AuthoredKey key;
    Seq isn(int host) const { return *sc.config.hosts[static_cast<size_t>(host)].isn; }
};

Keyed key_of_text(const std::string& text, const std::string& file, const std::string& student = "") {
    auto r = parse_scenario(text, file);
    if (auto* e = std::get_if<std::vector<ScenarioError>>(&r)) FAIL(e->front().format());
    Keyed k{std::get<Scenario>(r), {}};
    apply_student(k.sc, student);
    k.key = authored_key(k.sc);
    return k;
}

Keyed key_of(const char* lesson, const std::string& student = "") {
    auto r = load_scenario_file(std::string(TCPLAB_SOURCE_DIR) + "/scenarios/" + lesson + ".scn");
    REQUIRE(std::holds_alternative<Scenario>(r));
    Keyed k{std::get<Scenario>(r), {}};
    apply_student(k.sc, student);
    k.key = authored_key(k.sc);
    REQUIRE(k.key.errors.empty());
    return k;
}

const AuthoredAnswer& by_id(const Keyed& k, const std::string& id) {
    for (const auto& a : k.key.answers)
        if (a.ask->id == id) return a;
    FAIL("no authored question " << id);
    return k.key.answers.front();
}

const std::string kHead =
    "hosts A=10.0.0.1 B=10.0.0.2\n"
    "isn A=1000 B=5000\n"
    "at 0 B listen 80\n"
    "at 10ms A connect B:80\n";

// The errors of kHead + body (body starts on line 5), parse errors first, then the run's.
std::vector<std::string> errors_of(const std::string& body) {
    auto r = parse_scenario(kHead + body, "t.scn");
    std::vector<std::string> out;
    if (auto* e = std::get_if<std::vector<ScenarioError>>(&r)) {
        for (const auto& x : *e) out.push_back(x.format());
        return out;
    }
    for (const auto& x : authored_key(std::get<Scenario>(r)).errors) out.push_back(x.format());
    return out;
}

}  // namespace

TEST_CASE("lesson 14: lost, state, field and flags answers follow each student's numbers", "[quiz][authored]") {
    for (const std::string student : {"", "alice", "bob"}) {
        INFO("student '" << student << "'");
        const Keyed k = key_of("14-time-wait-lost-last-ack", student);
        const Seq a = k.isn(0), b = k.isn(1), c = k.isn(2);
        if (student.empty()) CHECK((a == 1000 && b == 5000));
        else CHECK(a != 1000);

        const AuthoredAnswer& lost = by_id(k, "lost_seg");
        CHECK(lost.ask->kind == AuthoredQuestion::Kind::Lost);
        CHECK(lost.segment.id == "A.seg.4");
        CHECK(lost.segment.host == 0);
        CHECK(lost.segment.to_host == 1);
        CHECK(lost.segment.time == 550000);
        CHECK(lost.segment.flags == kACK);
        CHECK(lost.segment.seq.absolute == a + 2);
        CHECK(lost.segment.seq.symbolic == "u+1");
        CHECK(lost.segment.ack.absolute == b + 2);
        CHECK(lost.segment.ack.symbolic == "w+1");
        // The same key as the predict questions: the checker accepts it in every numbering.
        CHECK(check_number("w+1", b + 2, lost.segment.ack.context).correct);
        CHECK(check_number(std::to_string(b + 2), b + 2, lost.segment.ack.context, NumberReading::Absolute).correct);
        CHECK_FALSE(check_number("w", b + 2, lost.segment.ack.context).correct);

        CHECK(by_id(k, "b_waits").state == State::LastAck);
        CHECK(by_id(k, "a_still").state == State::TimeWait);
        const AuthoredAnswer& rtx = by_id(k, "rtx_seq");
        CHECK(rtx.segment.id == "B.seg.4");
        CHECK(rtx.segment.retransmission);
        CHECK(rtx.segment.seq.absolute == b + 1);
        CHECK(field_answer_text(rtx) == "w=" + std::to_string(b + 1));
        const AuthoredAnswer& rst = by_id(k, "c_answer");
        CHECK(field_answer_text(rst) == "RST");
        CHECK(rst.segment.seq.absolute == c + 2);  // <SEQ=SEG.ACK>: D's FIN acknowledged C's FIN
        CHECK(rst.segment.time == 1550000);
    }
    CHECK(key_of("14-time-wait-lost-last-ack", "alice").isn(0) != key_of("14-time-wait-lost-last-ack", "bob").isn(0));
}

TEST_CASE("lesson 02: u, u+1 and w+1 answers move with the student, states do not", "[quiz][authored]") {
    for (const std::string student : {"", "carol", "dave"}) {
        INFO("student '" << student << "'");
        const Keyed k = key_of("02-four-way-close", student);
        const Seq a = k.isn(0), b = k.isn(1);
        CHECK(by_id(k, "fin_seq").segment.seq.absolute == a + 101);
        CHECK(by_id(k, "fin_seq").segment.seq.symbolic == "u");
        CHECK(field_answer_text(by_id(k, "fin_seq")) == "u=" + std::to_string(a + 101));
        CHECK(by_id(k, "b_fin_ack").segment.ack.absolute == a + 102);
        CHECK(by_id(k, "last_ack").segment.ack.absolute == b + 202);
        CHECK(field_answer_text(by_id(k, "last_ack")) == "w+1=" + std::to_string(b + 202));
        CHECK(by_id(k, "close_wait").state == State::CloseWait);
        CHECK(by_id(k, "fin_wait_2").state == State::FinWait2);
        CHECK(check_state("终止等待2", by_id(k, "fin_wait_2").state).correct);
    }
    CHECK(key_of("02-four-way-close", "carol").isn(0) != key_of("02-four-way-close", "dave").isn(0));
}

TEST_CASE("lessons 01, 04, 07, 11: each lesson's answers", "[quiz][authored]") {
    const Keyed l01 = key_of("01-three-way-handshake", "erin");
    CHECK(by_id(l01, "syn_rcvd").state == State::SynRcvd);
    CHECK(by_id(l01, "synack_ack").segment.ack.absolute == l01.isn(0) + 1);
    CHECK(by_id(l01, "synack_ack").segment.ack.symbolic == "x+1");
    CHECK(by_id(l01, "data_seq").segment.seq.absolute == l01.isn(0) + 1);
    CHECK(by_id(l01, "data_seq").segment.len == 5);

    const Keyed l04 = key_of("04-half-close");
    CHECK(by_id(l04, "b_sends").state == State::CloseWait);
    CHECK(by_id(l04, "a_receives").state == State::FinWait2);
    CHECK(field_answer_text(by_id(l04, "data_ack")) == "v+1000=6001");
    CHECK(field_answer_text(by_id(l04, "b_fin_seq")) == "w=6005");

    const Keyed l07 = key_of("07-simultaneous-close");
    CHECK(by_id(l07, "a_closing").state == State::Closing);
    CHECK(field_answer_text(by_id(l07, "b_acks")) == "u+1=1002");
    CHECK(by_id(l07, "b_time_wait").state == State::TimeWait);

    const Keyed l11 = key_of("11-old-duplicate-syn", "frank");
    CHECK(by_id(l11, "b_fooled").state == State::SynRcvd);
    CHECK(by_id(l11, "b_back").state == State::Listen);
    CHECK(field_answer_text(by_id(l11, "rst_flags")) == "RST");
    // The old SYN's number (seq=900 in the file) moves with A's ISN as every number of A's space does.
    CHECK(by_id(l11, "rst_seq").segment.seq.absolute == l11.isn(0) - 100 + 1);
    CHECK(by_id(l11, "old_ack").segment.ack.symbolic == "x+1");
}

TEST_CASE("the six lessons: every question has its answer, a choice and a why with its model", "[quiz][authored]") {
    for (const char* lesson : {"01-three-way-handshake", "02-four-way-close", "04-half-close", "07-simultaneous-close",
                               "14-time-wait-lost-last-ack", "11-old-duplicate-syn"}) {
        INFO(lesson);
        const Keyed k = key_of(lesson, "grace");
        CHECK(k.key.answers.size() == k.sc.authored.size());
        CHECK(k.key.answers.size() >= 3);
        int choice = 0, why = 0;
        for (const AuthoredAnswer& a : k.key.answers) {
            CHECK_FALSE(a.text.en.empty());
            CHECK_FALSE(a.text.zh.empty());
            if (a.ask->kind == AuthoredQuestion::Kind::Choice) {
                ++choice;
                CHECK(a.options.size() >= 3);
                for (const auto& o : a.options) CHECK_FALSE(o.text.zh.empty());
            }
            if (a.ask->kind == AuthoredQuestion::Kind::Why) {
                ++why;
                CHECK_FALSE(a.model.en.empty());
                CHECK_FALSE(a.model.zh.empty());
            }
        }
        CHECK(choice >= 1);
        CHECK(why >= 1);
    }
}

TEST_CASE("options and model answers attach to their own question; texts fill placeholders", "[quiz][authored]") {
    const std::string text = kHead +
                             "ask c1 at 0 choice en: first {x} | zh: 第一 {x}\n"
                             "ask c2 at 0 choice en: second\n"
                             "option c2 correct en: c2 right | zh: 对\n"
                             "option c1 en: c1 wrong\n"
                             "option c1 correct en: c1 right seq={x+1}\n"
                             "ask w at 100ms why en: why?\n"
                             "option c2 en: c2 wrong\n"
                             "model w en: because {y+1} | zh: 因为\n";
    for (const std::string student : {"", "heidi"}) {
        const Keyed k = key_of_text(text, "t.scn", student);
        REQUIRE(k.key.errors.empty());
        const std::string x = std::to_string(k.isn(0));
        const AuthoredAnswer& c1 = by_id(k, "c1");
        CHECK(c1.text.en == "first " + x);
        CHECK(c1.text.zh == "第一 " + x);
        REQUIRE(c1.options.size() == 2);
        CHECK(c1.options[0].text.en == "c1 wrong");
        CHECK_FALSE(c1.options[0].correct);
        CHECK(c1.options[1].text.en == "c1 right seq=" + std::to_string(k.isn(0) + 1));
        CHECK(c1.options[1].correct);
        const AuthoredAnswer& c2 = by_id(k, "c2");
        REQUIRE(c2.options.size() == 2);
        CHECK(c2.options[0].text.en == "c2 right");
        CHECK(c2.options[0].text.zh == "对");
        CHECK(c2.options[0].correct);
        CHECK(c2.options[1].text.en == "c2 wrong");
        CHECK(c2.options[1].text.line == 11);
        const AuthoredAnswer& w = by_id(k, "w");
        CHECK(w.model.en == "because " + std::to_string(k.isn(1) + 1));
        CHECK(w.model.zh == "因为");
        CHECK(w.model.line == 12);
        CHECK(w.options.empty());
        CHECK(w.ask->loc.line == 10);
        CHECK(w.ask->loc.column == 16);
    }
}

TEST_CASE("ask parser errors, each with its line and column", "[quiz][authored]") {
    CHECK(errors_of("ask\n") == std::vector<std::string>{"t.scn:5:4: error: missing question id after 'ask'"});
    CHECK(errors_of("ask 1q at 0 B state en: s\n") ==
          std::vector<std::string>{"t.scn:5:5: error: bad question id '1q' (letters, digits, _; starting with a letter)"});
    CHECK(errors_of("ask q at 0 B state en: s\nask q at 0 A state en: s\n") ==
          std::vector<std::string>{"t.scn:6:5: error: question id 'q' used twice (first on line 5)"});
    CHECK(errors_of("ask q by 0 B state en: s\n") == std::vector<std::string>{"t.scn:5:7: error: expected 'at', got 'by'"});
    CHECK(errors_of("ask q at 5 B state en: s\n") ==
          std::vector<std::string>{"t.scn:5:10: error: bad time '5' (write e.g. 0, 250us, 500ms, 2s, 1.5s, 2min)"});
    CHECK(errors_of("ask q at 0\n") ==
          std::vector<std::string>{"t.scn:5:11: error: missing what is asked (HOST state, FROM->TO seq|ack|flags|len, "
                                   "lost, choice, why) after '0'"});
    CHECK(errors_of("ask q at 0 C state en: s\n") ==
          std::vector<std::string>{"t.scn:5:12: error: expected what is asked (HOST state, FROM->TO seq|ack|flags|len, "
                                   "lost, choice, why), got 'C'"});
    CHECK(errors_of("ask q at 0 B flags en: s\n") ==
          std::vector<std::string>{"t.scn:5:14: error: expected 'state' after the host, got 'flags'"});
    CHECK(errors_of("ask q at 0 A->B win en: s\n") ==
          std::vector<std::string>{"t.scn:5:17: error: unknown field 'win' (seq, ack, flags, len)"});
    CHECK(errors_of("ask q at 0 A->C seq en: s\n") == std::vector<std::string>{"t.scn:5:15: error: unknown host 'C' (hosts: A, B)"});
    CHECK(errors_of("ask q at 0 lost\n") == std::vector<std::string>{"t.scn:5:16: error: missing text after 'lost'"});
    CHECK(errors_of("ask q at 0 lost zh: 丢失\n") ==
          std::vector<std::string>{"t.scn:5:17: error: missing English text (write en: ... | zh: ...)"});
    CHECK(errors_of("ask q at 0 lost en: seq={z}\n") ==
          std::vector<std::string>{"t.scn:5:25: error: bad placeholder '{z}' (write a number name of the course notes: "
                                   "{x}, {y+1}, {u+1}, {w}, {x+1+100}, {C:x+1})"});
}

TEST_CASE("option and model errors, each with its line and column", "[quiz][authored]") {
    CHECK(errors_of("option c en: a\n") == std::vector<std::string>{"t.scn:5:8: error: option for 'c': no earlier 'ask c'"});
    CHECK(errors_of("model w en: a\nask w at 0 why en: w\nmodel w en: m\n") ==
          std::vector<std::string>{"t.scn:5:7: error: model for 'w': no earlier 'ask w'"});
    CHECK(errors_of("ask w at 0 why en: w\nmodel w en: m\noption w en: a\n") ==
          std::vector<std::string>{"t.scn:7:8: error: option for 'w': the ask on line 5 is not a choice question"});
    CHECK(errors_of("ask s at 0 B state en: s\nmodel s en: m\n") ==
          std::vector<std::string>{"t.scn:6:7: error: model for 's': the ask on line 5 is not a why question"});
    CHECK(errors_of("ask w at 0 why en: w\nmodel w en: m\nmodel w en: again\n") ==
          std::vector<std::string>{"t.scn:7:1: error: 'w' already has a model answer (line 6)"});
    std::string nine = "ask c at 0 choice en: c\noption c correct en: 1\n";
    for (int i = 2; i <= 9; ++i) nine += "option c en: " + std::to_string(i) + "\n";
    CHECK(errors_of(nine) == std::vector<std::string>{"t.scn:14:1: error: 'c' has more than 8 options"});
    CHECK(errors_of("ask c at 0 choice en: c\noption c correct en: only\n") ==
          std::vector<std::string>{"t.scn:5:12: error: choice 'c' needs 2 to 8 'option c ...' lines (has 1)"});
    CHECK(errors_of("ask c at 0 choice en: c\noption c en: a\noption c en: b\n") ==
          std::vector<std::string>{"t.scn:5:12: error: choice 'c' has no correct option (write 'option c correct ...')"});
    CHECK(errors_of("ask w at 0 why en: w\n") ==
          std::vector<std::string>{"t.scn:5:12: error: why 'w' has no model answer (write 'model w ...')"});
}

TEST_CASE("what the run cannot answer is an error at the ask line", "[quiz][authored]") {
    // The run: SYN at 10ms, SYN,ACK at 60ms, ACK at 110ms, B ESTABLISHED at 160ms, nothing after.
    CHECK(errors_of("ask q at 100ms B->A seq en: s\n") ==
          std::vector<std::string>{"t.scn:5:16: error: 'q': B sends A no segment at or after 100ms"});
    CHECK(errors_of("ask q at 0 A->B ack en: s\n") ==
          std::vector<std::string>{"t.scn:5:12: error: 'q': the segment sent at 10ms (SYN) has no ACK, so no ack field"});
    CHECK(errors_of("ask q at 0 lost en: s\n") ==
          std::vector<std::string>{"t.scn:5:12: error: 'q': the run drops no segment at or after 0ms"});
    CHECK(errors_of("ask q at 10s A state en: s\n") ==
          std::vector<std::string>{"t.scn:5:10: error: 'q' asks at 10s, after the end of the run (160ms)"});
    // The same questions at times and on segments the run has are answered.
    CHECK(errors_of("ask q at 60ms B->A seq en: s\nask r at 50ms A->B ack en: s\nask t at 160ms B state en: s\n").empty());
}
