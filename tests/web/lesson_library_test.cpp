// The lesson library as the front end knows it (web/builtin_scenarios.h): the titles the build
// reads from each file (web/tools/embed_text.py) are the ones the scenario parser reads, since the
// browser shows them before it has fetched a lesson; and a lesson's name can be given in part.
#include <catch2/catch.hpp>

#include "builtin_scenarios.h"
#include "scenario/parser.h"

using namespace tcplab;

TEST_CASE("lesson library: each lesson's compiled-in titles equal what its text parses to", "[app][lessons]") {
    REQUIRE(builtin_scenarios().size() >= 24);
    for (const BuiltinScenario& b : builtin_scenarios()) {
        INFO(b.name);
        REQUIRE(b.text);
        ParseResult r = parse_scenario(b.text, std::string(b.name) + ".scn");
        const Scenario* sc = std::get_if<Scenario>(&r);
        REQUIRE(sc);
        CHECK(std::string(b.title) == sc->title);
        CHECK(std::string(b.title_zh) == sc->title_zh);
        CHECK_FALSE(sc->title.empty());
    }
}

TEST_CASE("lesson library: a name, a unique part of one, and what is neither", "[app][lessons]") {
    REQUIRE(find_builtin("07-simultaneous-close"));
    CHECK(std::string(find_builtin("simultaneous-close")->name) == "07-simultaneous-close");
    CHECK(find_builtin("simultaneous") == nullptr);  // open and close: not unique
    CHECK(find_builtin("no-such-lesson") == nullptr);
    CHECK(find_builtin("") == nullptr);
}

TEST_CASE("lesson library: a text that is not compiled in comes from the page's source, or says why not", "[app][lessons]") {
    BuiltinScenario fetched{"99-fetched", "Fetched", "", nullptr};
    std::string out;
    set_lesson_source(nullptr);
    CHECK(builtin_text(fetched, &out) == LessonText::Failed);
    CHECK(out.find("99-fetched") != std::string::npos);
    set_lesson_source([](const char* name, std::string* text) {
        *text = std::string("title ") + name;
        return std::string(name) == "99-fetched" ? LessonText::Ready : LessonText::Pending;
    });
    CHECK(builtin_text(fetched, &out) == LessonText::Ready);
    CHECK(out == "title 99-fetched");
    BuiltinScenario other{"98-later", "", "", nullptr};
    CHECK(builtin_text(other, &out) == LessonText::Pending);
    set_lesson_source(nullptr);
}
