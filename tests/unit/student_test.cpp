// Per-student numbers (apply_student) and the notes' number placeholders (resolve_note_numbers).
#include <catch2/catch.hpp>

#include <filesystem>

#include "scenario/scenario.h"

using namespace tcplab;
namespace fs = std::filesystem;

namespace {

Scenario lesson(const std::string& name) {
    auto r = load_scenario_file(std::string(TCPLAB_SOURCE_DIR) + "/scenarios/" + name + ".scn");
    REQUIRE(std::holds_alternative<Scenario>(r));
    return std::get<Scenario>(r);
}

std::vector<Seq> isns(const Scenario& s) {
    std::vector<Seq> out;
    for (const auto& h : s.config.hosts) out.push_back(h.isn.value_or(0));
    return out;
}

}  // namespace

TEST_CASE("student numbers: FNV-1a 64, the same on every platform", "[student]") {
    CHECK(fnv1a64("") == 0xcbf29ce484222325ull);
    CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cull);
    CHECK(fnv1a64("foobar") == 0x85944171f73967e8ull);
    CHECK(student_hash("01-three-way-handshake", "alice") == fnv1a64("01-three-way-handshake\nalice"));
}

TEST_CASE("student numbers: same ID same numbers, different IDs different numbers", "[student]") {
    Scenario plain = lesson("01-three-way-handshake");
    CHECK(isns(plain) == std::vector<Seq>{1000, 5000});
    Scenario a1 = plain, a2 = plain, b = plain, none = plain;
    apply_student(a1, "alice");
    apply_student(a2, "alice");
    apply_student(b, "bob");
    apply_student(none, "");
    CHECK(isns(a1) == isns(a2));
    CHECK(a1.config.seed == a2.config.seed);
    CHECK(isns(a1) != isns(b));
    CHECK(isns(a1)[0] != isns(b)[0]);
    CHECK(isns(a1)[1] != isns(b)[1]);
    CHECK(isns(a1) != isns(plain));
    CHECK(isns(none) == isns(plain));  // no student: the lesson's `isn` line
    // The pinned values: a change of the hash or the draw would give every student new numbers.
    CHECK(isns(a1) == std::vector<Seq>{95935066u, 1647711603u});
    // The same ID on another lesson draws other numbers.
    Scenario other = lesson("02-four-way-close");
    apply_student(other, "alice");
    CHECK(isns(other) != isns(a1));
}

TEST_CASE("student numbers: every lesson's expectations still hold; `isn ... fixed` keeps the wrap", "[student]") {
    for (const auto& entry : fs::directory_iterator(fs::path(TCPLAB_SOURCE_DIR) / "scenarios")) {
        if (entry.path().extension() != ".scn") continue;
        auto r = load_scenario_file(entry.path().string());
        REQUIRE(std::holds_alternative<Scenario>(r));
        Scenario s = std::get<Scenario>(r);
        apply_student(s, "student-42");
        ScenarioRun run(s);
        run.run_to_end();
        INFO(entry.path().filename().string());
        CHECK(run.failed() == 0);
        CHECK(run.passed() > 0);
        for (const auto& n : s.notes) {
            INFO("note line " << n.line << ": " << n.en);
            CHECK(n.en.find('{') == std::string::npos);
            CHECK(n.zh.find('{') == std::string::npos);
        }
    }
    Scenario wrap = lesson("21-sequence-wraparound");
    apply_student(wrap, "alice");
    CHECK(isns(wrap) == std::vector<Seq>{4294967000u, 4294967295u});
}

TEST_CASE("note placeholders follow the run's numbers", "[student]") {
    Scenario plain = lesson("01-three-way-handshake");
    REQUIRE(plain.notes.size() >= 3);
    CHECK(plain.notes[1].en_source.find("seq=x={x};") != std::string::npos);
    CHECK(plain.notes[1].en.find("seq=x=1000;") != std::string::npos);
    CHECK(plain.notes[2].en == "B answers SYN,ACK: ack=x+1=1001 and its own seq=y=5000. B is in SYN_RCVD");
    Scenario s = plain;
    apply_student(s, "alice");
    CHECK(s.notes[2].en == "B answers SYN,ACK: ack=x+1=95935067 and its own seq=y=1647711603. B is in SYN_RCVD");
    CHECK(s.notes[2].zh.find("确认号 ack=x+1=95935067") != std::string::npos);
    // {C:u+1}: the first connection of host C (lesson 14's contrast pair).
    Scenario tw = lesson("14-time-wait-lost-last-ack");
    bool found = false;
    for (const auto& n : tw.notes)
        if (n.en_source.find("{C:u+1}") != std::string::npos) {
            found = true;
            CHECK(n.en.find("C answers RST seq=2002") != std::string::npos);
        }
    CHECK(found);
    // A name the run never has stays as written (and the lessons test above finds none).
    auto r = parse_scenario("hosts A=10.0.0.1 B=10.0.0.2\nat 0 B listen 80\nnote at 0 en: FIN {u} | zh: FIN {u}\n");
    REQUIRE(std::holds_alternative<Scenario>(r));
    CHECK(std::get<Scenario>(r).notes[0].en == "FIN {u}");
}
