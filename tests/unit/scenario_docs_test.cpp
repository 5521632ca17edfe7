// docs/scenarios.md is generated from scenarios/ (tcplab docs-scenarios) and checked in; it must
// match what the generator makes from the current library.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "export/scenario_docs.h"

using namespace tcplab;

TEST_CASE("scenario docs: docs/scenarios.md is up to date", "[docs][scenarios]") {
    const std::string root = TCPLAB_SOURCE_DIR;
    std::vector<std::string> errors;
    std::string page = scenarios_markdown(root + "/scenarios", &errors);
    REQUIRE(errors.empty());
    std::ifstream in(root + "/docs/scenarios.md", std::ios::binary);
    REQUIRE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    INFO("regenerate with: tcplab docs-scenarios scenarios -o docs/scenarios.md");
    CHECK(ss.str() == page);
}

TEST_CASE("scenario docs: every scenario has both titles, a link and its transitions", "[docs][scenarios]") {
    std::vector<std::string> errors;
    std::string page = scenarios_markdown(std::string(TCPLAB_SOURCE_DIR) + "/scenarios", &errors);
    REQUIRE(errors.empty());
    for (const char* s : {"01-three-way-handshake", "07-simultaneous-close", "22-reconnect-time-wait"}) {
        INFO(s);
        CHECK(page.find(std::string("index.html?scenario=") + s) != std::string::npos);
    }
    CHECK(page.find("三次握手") != std::string::npos);
    CHECK(page.find("FIN_WAIT_1 → CLOSING") != std::string::npos);
    CHECK(page.find("**not covered**") == std::string::npos);
}
