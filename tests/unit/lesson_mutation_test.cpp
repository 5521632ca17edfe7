// The mutation check over the lesson library: every lesson names its key event with `mutate`
// (the segment to drop, the call to remove ...). It must pass as written, and with the key event
// taken away at least one of its expects must fail: otherwise its expects prove nothing.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "export/coverage.h"
#include "scenario/scenario.h"

using namespace tcplab;

namespace {

int failures(const std::string& text, const std::string& file) {
    ParseResult r = parse_scenario(text, file);
    if (auto* errs = std::get_if<std::vector<ScenarioError>>(&r)) {
        for (const auto& e : *errs) FAIL(e.format());
        return -1;
    }
    ScenarioRun run(std::get<Scenario>(r));
    run.run_to_end();
    return run.failed();
}

}  // namespace

TEST_CASE("lesson mutation check: without its key event every lesson fails an expect", "[lessons]") {
    const auto files = scenario_files(std::string(TCPLAB_SOURCE_DIR) + "/scenarios");
    REQUIRE(files.size() >= 22);
    for (const std::string& file : files) {
        DYNAMIC_SECTION(file) {
            std::ifstream in(file, std::ios::binary);
            std::stringstream ss;
            ss << in.rdbuf();
            std::string error;
            auto mutated = mutated_scenario_text(ss.str(), error);
            INFO(file << ": " << error);
            REQUIRE(mutated);
            CHECK(failures(ss.str(), file) == 0);
            INFO("mutated text:\n" << *mutated);
            CHECK(failures(*mutated, file) > 0);
        }
    }
}

TEST_CASE("mutated_scenario_text: removes the named line, adds the others, refuses a removal that matches nothing", "[lessons]") {
    std::string error;
    auto t = mutated_scenario_text("at 500ms  A close   # FIN\nat 1s B close\nmutate remove at 500ms A close\nmutate drop next B FIN\n", error);
    REQUIRE(t);
    CHECK(*t == "at 1s B close\ndrop next B FIN\n");
    CHECK_FALSE(mutated_scenario_text("at 1s B close\nmutate remove at 2s B close\n", error));
    CHECK(error == "'mutate remove at 2s b close' matches no line");
    CHECK_FALSE(mutated_scenario_text("at 1s B close\n", error));
    CHECK(error == "no 'mutate' line");
}
