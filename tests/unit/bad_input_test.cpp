// The bad-input corpus (tests/bad): every malformed scenario file and packetdrill script must be
// rejected with exactly the messages in its sidecar NAME.expected ("file:line:column: error: ..."),
// never accepted and never crash. Packetdrill scripts that parse but must not pass (a wrong ack, a
// missing segment ...) are run; their expected text is the runner's FAIL/ERROR line. A scenario
// that parses is checked as `tcplab check` does for its authored questions (a segment, a drop or a
// time the run does not have).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pkt/pkt_runner.h"
#include "quiz/authored.h"
#include "scenario/scenario.h"

namespace fs = std::filesystem;
using namespace tcplab;

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) {
        while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.pop_back();
        if (!l.empty()) out.push_back(l);
    }
    return out;
}

// What tcplab reports for one bad input, one message per line. File names are given without
// directory so the expectations do not depend on where the tree is checked out.
std::vector<std::string> report(const fs::path& p) {
    const std::string name = p.filename().string();
    const std::string text = read_file(p);
    std::vector<std::string> out;
    if (p.extension() == ".scn") {
        ParseResult r = parse_scenario(text, name);
        if (auto* errors = std::get_if<std::vector<ScenarioError>>(&r)) {
            for (const auto& e : *errors) out.push_back(e.format());
            return out;
        }
        // What only the run can tell: an authored question it cannot answer (tcplab check).
        for (const auto& e : quiz::authored_key(std::get<Scenario>(r)).errors) out.push_back(e.format());
        if (out.empty()) out.push_back("(accepted without error)");
        return out;
    }
    auto r = pkt::parse_pkt_script(text, name);
    if (auto* errors = std::get_if<std::vector<pkt::PktError>>(&r)) {
        for (const auto& e : *errors) out.push_back(e.format());
        return out;
    }
    pkt::PktRunOptions opt;
    opt.profile = *profile_by_name("rfc9293");
    opt.strict = name.find(".strict.") != std::string::npos;  // name.strict.pkt: as `tcplab pkt --strict`
    pkt::PktRunResult res = pkt::run_pkt_script(std::get<pkt::PktScript>(r), opt);
    out.push_back(res.outcome == pkt::PktRunResult::Outcome::Pass ? "(passed)" : res.summary(name));
    return out;
}

}  // namespace

TEST_CASE("bad input corpus: each file gets exactly its expected located errors") {
    const fs::path dir = fs::path(TCPLAB_SOURCE_DIR) / "tests" / "bad";
    std::vector<fs::path> inputs;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".scn" || e.path().extension() == ".pkt") inputs.push_back(e.path());
    std::sort(inputs.begin(), inputs.end());
    REQUIRE(inputs.size() >= 20);
    for (const fs::path& p : inputs) {
        DYNAMIC_SECTION(p.filename().string()) {
            fs::path expected_file = p;
            expected_file.replace_extension(p.extension().string() + ".expected");
            INFO("expectation file: " << expected_file.string());
            REQUIRE(fs::exists(expected_file));
            std::vector<std::string> expected = lines_of(read_file(expected_file));
            REQUIRE_FALSE(expected.empty());
            CHECK(report(p) == expected);
        }
    }
}
