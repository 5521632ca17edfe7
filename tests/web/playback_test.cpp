// Playback that fits a lesson: controller calls from the panels are applied between frames, a live
// call takes effect at once while paused, idle time is skipped (with the real times kept), and the
// lesson's length is known before it plays.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "app.h"
#include "headless_imgui.h"
#include "options.h"
#include "ui/app_state.h"
#include "ui/layout_report.h"

using namespace tcplab;
using nlohmann::json;

namespace {

json status(const App& app) { return json::parse(app.status_json()); }

// Handshake done by 150 ms, then nothing until A closes at 10 s; no `msl`: TIME_WAIT is 60 s.
const char* const kGap =
    "hosts A=10.0.0.1 B=10.0.0.2\nlink delay=50ms\nat 0 B listen 80\nat 0 A connect B:80\n"
    "at 10s A close\nat 10s B close\n";

// The gap lesson, playing from the start.
void start_gap(App& app, bool skip_idle) {
    AppOptions o;
    o.scenario_text = kGap;
    o.autoplay = true;
    o.skip_idle = skip_idle;
    app.init(o);
}

}  // namespace

TEST_CASE("playback: a controller call made while the panels draw applies after the frame", "[app][playback]") {
    AppState s;
    std::string err;
    REQUIRE(s.load("", kGap, &err));
    s.drawing = true;  // as inside App::frame
    s.step_forward();
    s.step_forward();
    CHECK(s.sim()->events_processed() == 0);  // queued: the panels may still hold references
    s.apply_commands();
    CHECK(s.sim()->events_processed() == 2);
    CHECK_FALSE(s.drawing);
    s.step_back();  // outside a frame: at once
    CHECK(s.sim()->events_processed() == 1);
}

TEST_CASE("playback: a live call takes effect at once while paused, also after the end", "[app][playback]") {
    AppState s;
    std::string err;
    REQUIRE(s.load("", "hosts A=10.0.0.1 B=10.0.0.2\nlink delay=50ms\nend 1s\n", &err));
    s.run_to_end();
    const Micros t = s.view_time;
    CHECK(t == sec(1));
    s.host_call(HostCall{1, Call::Listen, 0});
    CHECK(s.sim()->host_state(1) == State::Listen);
    s.host_call(HostCall{0, Call::Connect, 0});
    CHECK(s.sim()->host_state(0) == State::SynSent);
    CHECK(s.sim()->segments_in_flight() == 1);  // the SYN left at once
    CHECK(s.view_time == t);                   // time did not move
    CHECK_FALSE(s.playing);
}

TEST_CASE("playback: idle time is skipped by default, the times stay real", "[app][playback]") {
    HeadlessImGui ui(1280, 800);
    App app;
    start_gap(app, true);
    CHECK(status(app)["skip_idle"] == true);
    // 1x: 100 ms of virtual time per real second; the handshake's last ACK lands at 150 ms.
    int frames = 0;
    while (status(app)["time_us"].get<int64_t>() < msec(150) && frames < 200) {
        ui.frame(app, 0.1f);
        ++frames;
    }
    CHECK(frames == 15);
    CHECK(json::parse(app.states_json())["B"] == "ESTABLISHED");
    // Nothing on the wire, the close 9.85 s away: the next frame lands 0.25 s of real time before it.
    ui.frame(app, 0.1f);
    CHECK(status(app)["time_us"] == sec(10) - msec(25));
    // The 60 s TIME_WAIT is skipped as well: A is CLOSED after a few seconds of real time.
    frames = 0;
    while (json::parse(app.states_json())["A"] != "CLOSED" && frames < 600) {
        ui.frame(app, 0.1f);
        ++frames;
    }
    CHECK(frames < 60);  // under 6 s of real time
    CHECK(status(app)["time_us"].get<int64_t>() >= sec(70));
}

TEST_CASE("playback: skipidle off plays idle time at the chosen speed", "[app][playback]") {
    HeadlessImGui ui(1280, 800);
    App app;
    start_gap(app, false);
    for (int i = 0; i < 30; ++i) ui.frame(app, 0.1f);  // 3 s of real time
    CHECK(status(app)["skip_idle"] == false);
    CHECK(status(app)["time_us"] == msec(300));
    CHECK(app.link_url("http://x/").find("&skipidle=0") != std::string::npos);
    // The URL parameter's command-line form.
    const char* argv[] = {"tcplab", "--skip-idle", "0"};
    CHECK_FALSE(parse_launch_options(3, const_cast<char**>(argv)).app.skip_idle);
    const char* bad[] = {"tcplab", "--skip-idle", "maybe"};
    CHECK(parse_launch_options(3, const_cast<char**>(bad)).errors.size() == 1);
}

TEST_CASE("playback: the lesson's length and event count are known before it plays", "[app][playback]") {
    HeadlessImGui ui(1280, 800);
    App app;
    AppOptions o;
    o.scenario = "02-four-way-close";
    app.init(o);
    const json before = status(app);
    CHECK(before["time_us"] == 0);
    CHECK(before["sim_events"] == 0);
    const int64_t end = before["end_us"];
    const uint64_t events = before["end_events"];
    CHECK(end == sec(5));  // the last expectation, at 5 s (A is CLOSED after 2MSL = 4 s of TIME_WAIT)
    ui.frame(app);
    const ui::LaidOutBox* scrub = nullptr;
    for (const ui::LaidOutBox& b : ui::layout_report().boxes)
        if (b.id == "scrubber") scrub = &b;
    REQUIRE(scrub != nullptr);
    CHECK(scrub->text == "0 us / 5.000 s");
    app.run_to_end();
    const json after = status(app);
    CHECK(after["time_us"] == end);
    CHECK(after["sim_events"] == events);
    CHECK(after["end_us"] == end);
}

// Dear ImGui 1.86 polls key state once a frame, so a key pressed and released within one slow frame
// was lost; the shortcuts now come from the platform's key events, queued until the next frame.
TEST_CASE("playback: every key shortcut since the last frame is applied, in order", "[app][playback]") {
    HeadlessImGui ui(1280, 800);
    App app;
    AppOptions o;
    o.scenario = "02-four-way-close";
    app.init(o);
    ui.frame(app);
    REQUIRE(status(app)["sim_events"] == 0);
    app.shortcut(App::Shortcut::Step);
    app.shortcut(App::Shortcut::Step);
    app.shortcut(App::Shortcut::Step);
    app.shortcut(App::Shortcut::StepBack);
    CHECK(status(app)["sim_events"] == 0);  // nothing happens between frames
    ui.frame(app);
    CHECK(status(app)["sim_events"] == 2);
    CHECK(status(app)["playing"] == false);
    app.shortcut(App::Shortcut::PlayPause);
    ui.frame(app);
    CHECK(status(app)["playing"] == true);
    app.shortcut(App::Shortcut::PlayPause);
    ui.frame(app);
    CHECK(status(app)["playing"] == false);
    // Two presses within one frame cancel out: play, then pause again.
    app.shortcut(App::Shortcut::PlayPause);
    app.shortcut(App::Shortcut::PlayPause);
    ui.frame(app);
    CHECK(status(app)["playing"] == false);
}
