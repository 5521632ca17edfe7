// The exercise-link builder's links (web/links.cpp, docs/teaching.md): exactly the parameters
// web/tcplab-api.js reads, absolute when the page said where it is, and an iframe snippet whose
// attribute values are escaped.
#include <catch2/catch.hpp>

#include "builtin_scenarios.h"
#include "ui/app_state.h"

using namespace tcplab;

namespace {

void open_lesson(AppState& s, const std::string& name) {
    for (const BuiltinScenario& b : builtin_scenarios())
        if (b.name == name) {
            std::string err;
            REQUIRE(s.load(name, b.text, &err));
            return;
        }
    FAIL("no built-in lesson " << name);
}

}  // namespace

TEST_CASE("exercise link: lesson, mode, language, panels and student ID, in the page's parameters", "[app][exercise]") {
    AppState s;
    s.options.page_url = "https://course.example/lab/";
    open_lesson(s, "04-half-close");
    auto& e = s.exercise;
    CHECK(s.exercise_url() == "https://course.example/lab/?scenario=04-half-close&lang=en&predict=states");

    e.mode = 0;  // watch: no predict parameter, and all six panels leave panels= out
    CHECK(s.exercise_url() == "https://course.example/lab/?scenario=04-half-close&lang=en");
    e.mode = 3;
    e.lang = 1;
    e.panel[4] = e.panel[5] = false;  // no TCB, no timers
    CHECK(s.exercise_url() == "https://course.example/lab/?scenario=04-half-close&lang=zh&panels=graph,timeline,controls,log&predict=both");

    e.student = 1;  // this ID: percent-encoded, UTF-8
    e.student_id = "li 4/王";
    CHECK(s.exercise_url() ==
          "https://course.example/lab/?scenario=04-half-close&lang=zh&panels=graph,timeline,controls,log&predict=both"
          "&student=li%204%2F%E7%8E%8B");
    e.student = 2;  // each student types it
    CHECK(s.exercise_url() == "https://course.example/lab/?scenario=04-half-close&lang=zh&panels=graph,timeline,controls,log&predict=both&askid=1");
    e.student = 1;
    e.student_id.clear();  // "this ID" with no ID yet: no student parameter (the buttons are disabled)
    CHECK(s.exercise_url().find("student") == std::string::npos);
}

TEST_CASE("exercise link: the iframe snippet escapes the link and is titled in the link's language", "[app][exercise]") {
    AppState s;
    s.options.page_url = "https://course.example/lab/";
    open_lesson(s, "01-three-way-handshake");
    s.exercise.lang = 1;
    CHECK(s.exercise_iframe() ==
          "<iframe src=\"https://course.example/lab/?scenario=01-three-way-handshake&amp;lang=zh&amp;predict=states\" "
          "width=\"960\" height=\"600\" style=\"border:0\" allow=\"clipboard-write\" title=\"tcplab: 三次握手\"></iframe>");
    s.exercise.lang = 0;
    CHECK(s.exercise_iframe().find("title=\"tcplab: Three-way handshake\"") != std::string::npos);
}

TEST_CASE("exercise link: a teacher's own text goes in s=, and the view's Copy link is absolute", "[app][exercise]") {
    AppState s;
    s.options.page_url = "https://course.example/lab/index.html";
    std::string err;
    REQUIRE(s.load("", "hosts A=10.0.0.1 B=10.0.0.2\nat 0 B listen 80\nat 1ms A connect B:80\n", &err));
    CHECK(s.exercise_url().rfind("https://course.example/lab/index.html?s=eAE", 0) == 0);
    CHECK(s.link_url(s.options.page_url).rfind("https://course.example/lab/index.html?s=eAE", 0) == 0);
}
