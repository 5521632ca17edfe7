// The lesson library's content rules (issue 4): every scenario has both titles, descriptions in
// both languages, what it illustrates, narration in both languages, and assertions for every state
// its run goes through and for segments.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "export/coverage.h"
#include "scenario/scenario.h"

using namespace tcplab;

static std::vector<Scenario> library() {
    std::vector<Scenario> out;
    for (const auto& file : scenario_files(std::string(TCPLAB_SOURCE_DIR) + "/scenarios")) {
        ParseResult r = load_scenario_file(file);
        if (auto* errs = std::get_if<std::vector<ScenarioError>>(&r)) {
            for (const auto& e : *errs) FAIL(e.format());
            continue;
        }
        out.push_back(std::get<Scenario>(std::move(r)));
    }
    return out;
}

static int sentences(const std::string& text) {
    int n = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 3, "。") == 0) ++n;  // Chinese full stop
        else if (text[i] == '.' && (i + 1 == text.size() || text[i + 1] == ' ')) ++n;
    }
    return n;
}

TEST_CASE("lessons: the 22 lessons of issue 4 are all there", "[lessons]") {
    auto lib = library();
    REQUIRE(lib.size() >= 22);
    std::set<std::string> names;
    for (const auto& s : lib) names.insert(s.name);
    for (const char* n : {"01-three-way-handshake", "02-four-way-close", "03-server-closes-first", "04-half-close",
                          "05-fin-ack-combined", "06-simultaneous-open", "07-simultaneous-close",
                          "08-connection-refused", "09-connect-timeout", "10-lost-handshake-segments",
                          "11-old-duplicate-syn", "12-close-in-syn-rcvd", "13-listen-sends",
                          "14-time-wait-lost-last-ack", "15-time-wait-old-duplicates", "16-abort",
                          "17-fin-wait-2-timeout", "18-rst-in-time-wait", "19-blind-rst-and-syn",
                          "20-data-loss-retransmission", "21-sequence-wraparound", "22-reconnect-time-wait"})
        CHECK(names.count(n) == 1);
}

TEST_CASE("lessons: titles, descriptions, illustrates and narration in both languages", "[lessons]") {
    for (const auto& s : library()) {
        INFO(s.name);
        CHECK_FALSE(s.title.empty());
        CHECK_FALSE(s.title_zh.empty());
        CHECK_FALSE(s.illustrates.empty());
        CHECK(s.illustrates.find("RFC") != std::string::npos);
        CHECK(s.illustrates.find("course notes") != std::string::npos);
        CHECK(sentences(s.description) >= 2);
        CHECK(sentences(s.description) <= 5);
        CHECK(sentences(s.description_zh) >= 2);
        CHECK(sentences(s.description_zh) <= 5);
        CHECK(s.notes.size() >= 3);
        for (const auto& n : s.notes) {
            INFO("note line " << n.line);
            CHECK_FALSE(n.en.empty());
            CHECK_FALSE(n.zh.empty());
        }
    }
}

// Every state a connection of the run passes through is asserted by a state expectation, and the
// key segments are asserted too.
TEST_CASE("lessons: every state the run visits is asserted, and segments are asserted", "[lessons]") {
    for (const auto& s : library()) {
        INFO(s.name);
        std::set<State> asserted;
        int segment_expects = 0;
        for (const auto& e : s.expects) {
            if (e.kind == Expect::Kind::StateAt || e.kind == Expect::Kind::StateBy) asserted.insert(e.state);
            if (e.kind == Expect::Kind::Segment) ++segment_expects;
        }
        CHECK(segment_expects >= 2);
        ScenarioRun run(s);
        run.run_to_end();
        CHECK(run.failed() == 0);
        std::set<State> visited;
        for (const auto& t : run.sim().trace())
            if (t.kind == TraceKind::StateChange) visited.insert(t.to);
        for (State v : visited) {
            INFO("state visited but never asserted: " << state_name(v));
            CHECK(asserted.count(v) == 1);
        }
    }
}
