// Native journeys: the real buttons and the scrubber clicked and dragged as a person would, with the
// mouse at the boxes the layout report gives, on headless ImGui frames. Under ASan
// (scripts/test.d/30-sanitize.sh) any memory error on the way fails the test: a panel holding a
// reference into the run across a step back was the browser's "memory access out of bounds".
// After every step the app's reported states must match the engine's trace.
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "app.h"
#include "builtin_scenarios.h"
#include "headless_imgui.h"
#include "scenario/scenario.h"
#include "ui/layout_report.h"

using namespace tcplab;
using nlohmann::json;

namespace {

json status(const App& app) { return json::parse(app.status_json()); }

const ui::LaidOutBox* find_box(const std::string& id) {
    for (const ui::LaidOutBox& b : ui::layout_report().boxes)
        if (b.id == id) return &b;
    return nullptr;
}

// A person at the mouse: frames with the pointer at display coordinates.
struct Person {
    HeadlessImGui& ui;
    App& app;

    void frame_at(float x, float y, bool down) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(x, y);
        io.MouseDown[0] = down;
        ui.frame(app);
    }
    ImVec2 at(const std::string& id, float fx = 0.5f) {
        ui.frame(app);  // the layout of the current state
        const ui::LaidOutBox* b = find_box(id);
        INFO("control " << id);
        REQUIRE(b != nullptr);
        REQUIRE_FALSE(b->clipped);  // visible, where a person can click it
        return ImVec2(b->x + b->w * fx, b->y + b->h * 0.5f);
    }
    void click(const std::string& id) {
        ImVec2 p = at(id);
        frame_at(p.x, p.y, false);
        frame_at(p.x, p.y, true);
        frame_at(p.x, p.y, false);
        frame_at(-100, -100, false);
    }
    // Press on the scrubber at fraction `from` of its width, drag through `to`, release.
    void drag_scrubber(float from, std::initializer_list<float> to) {
        ImVec2 p = at("scrubber", from);
        const ui::LaidOutBox* b = find_box("scrubber");
        const float x0 = b->x, w = b->w;
        frame_at(p.x, p.y, false);
        frame_at(p.x, p.y, true);
        for (float f : to) frame_at(x0 + w * f, p.y, true);
        frame_at(x0 + w * *(to.end() - 1), p.y, false);
        frame_at(-100, -100, false);
    }
};

// Each connection's state as the trace tells it (its last state change) must be what the app shows.
void check_states_match_trace(const App& app) {
    json tr = json::parse(app.trace_json());
    std::map<int, std::string> last;
    for (const json& e : tr["entries"])
        if (e["kind"] == "state_change" && e["conn"].is_number()) last[e["conn"].get<int>()] = e["to"];
    json st = json::parse(app.states_json());
    for (const json& c : st["connections"]) {
        const int id = c["id"];
        INFO("connection " << id << " at " << status(app)["time_us"]);
        REQUIRE(last.count(id) == 1);
        CHECK(c["state"] == last[id]);
    }
}

// The scripted run's whole trace as text, one entry per line, from a fresh engine run.
std::vector<std::string> reference_trace(const std::string& lesson) {
    for (const BuiltinScenario& b : builtin_scenarios()) {
        if (lesson != b.name) continue;
        ParseResult p = parse_scenario(b.text, lesson);
        const Scenario& sc = std::get<Scenario>(p);
        ScenarioRun run(sc);
        run.run_to_end();
        std::vector<std::string> out;
        for (const TraceEntry& e : run.sim().trace()) out.push_back(std::to_string(e.time) + " " + e.text);
        return out;
    }
    FAIL("no lesson " << lesson);
    return {};
}

// The app's trace so far is the scripted run's trace up to the same point.
void check_prefix_of(const App& app, const std::vector<std::string>& ref) {
    json tr = json::parse(app.trace_json());
    const json& entries = tr["entries"];
    REQUIRE(entries.size() <= ref.size());
    for (size_t i = 0; i < entries.size(); ++i) {
        INFO("entry " << i);
        REQUIRE(std::to_string(entries[i]["time_us"].get<int64_t>()) + " " + entries[i]["text"].get<std::string>() == ref[i]);
    }
}

}  // namespace

TEST_CASE("journeys: play, pause, step, step back three times, scrubber, End then < Step", "[journey]") {
    const std::string lesson = GENERATE(as<std::string>{}, "01-three-way-handshake", "02-four-way-close",
                                        "04-half-close", "06-simultaneous-open", "07-simultaneous-close",
                                        "14-time-wait-lost-last-ack");
    INFO(lesson);
    const std::vector<std::string> ref = reference_trace(lesson);
    HeadlessImGui ui(1400, 1400);  // tall: the four-host lessons' controls fit without scrolling
    App app;
    AppOptions o;
    o.scenario = lesson;
    app.init(o);
    Person p{ui, app};
    auto check = [&] {
        check_states_match_trace(app);
        check_prefix_of(app, ref);
    };

    p.click("play_pause");
    CHECK(status(app)["playing"] == true);
    for (int i = 0; i < 90; ++i) ui.frame(app);  // 1.5 s of real time
    p.click("play_pause");
    CHECK(status(app)["playing"] == false);
    check();
    for (int i = 0; i < 3; ++i) {
        p.click("step");
        check();
    }
    const size_t before = status(app)["events"];
    for (int i = 0; i < 3; ++i) {
        p.click("step_back");
        check();
    }
    CHECK(status(app)["events"].get<size_t>() < before);
    p.drag_scrubber(0.6f, {0.2f, 0.8f, 0.1f, 0.5f});
    check();
    p.drag_scrubber(0.3f, {0.3f});  // a click at 30%
    check();
    p.click("end");
    check();
    const size_t at_end = status(app)["events"];
    p.click("step_back");
    check();
    CHECK(status(app)["events"].get<size_t>() < at_end);
    p.click("reset");
    CHECK(status(app)["time_us"] == 0);
    check();
}

TEST_CASE("journeys: a live call from the host buttons, then going back and forth over it", "[journey]") {
    HeadlessImGui ui(1280, 800);
    App app;
    AppOptions o;
    o.scenario = "02-four-way-close";
    app.init(o);
    Person p{ui, app};
    p.click("end");
    // Everything is closed at the end: A connects again, live.
    p.click("call.B.listen");
    p.click("call.A.connect");
    check_states_match_trace(app);
    CHECK(json::parse(app.states_json())["A"] == "SYN_SENT");
    for (int i = 0; i < 6; ++i) {
        p.click("step");
        check_states_match_trace(app);
    }
    for (int i = 0; i < 3; ++i) {
        p.click("step_back");
        check_states_match_trace(app);
    }
    p.drag_scrubber(0.9f, {0.1f, 1.0f});
    check_states_match_trace(app);
    p.click("end");
    check_states_match_trace(app);
    CHECK(json::parse(app.states_json())["A"] == "ESTABLISHED");
}
