// The layouts for real sizes, checked from the layout report (web/ui/layout_report.h) as the
// browser tests see it: for each size the app is embedded at, in English and Chinese, for lessons
// with two and four hosts, with all panels and with the README's panels=graph,timeline:
// no two state boxes overlap, no two drawn graph labels overlap (nor a label and a box), host
// markers are all drawn and apart, the transport controls are all there and unclipped, no text is
// smaller than 11 px, no control's text is wider than the control. Text is measured with the app's
// own font (the CJK subset at 16 px), so Chinese widths are the page's.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app.h"
#include "headless_imgui.h"
#include "imgui.h"
#include "ui/layout_report.h"
#include "vtime.h"

using namespace tcplab;
using tcplab::ui::LaidOutBox;

namespace {

struct Size {
    float w, h;
    const char* layout;
};
const Size kSizes[] = {{1280, 800, "wide"}, {960, 600, "embed"}, {800, 500, "embed"}, {640, 480, "small"}, {390, 844, "phone"}};
const char* kTransport[] = {"reset", "step_back", "play_pause", "step", "next", "end", "scrubber", "speed"};

bool overlap(const LaidOutBox& a, const LaidOutBox& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
bool starts(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::vector<LaidOutBox> boxes(const char* kind, const char* prefix = "") {
    std::vector<LaidOutBox> out;
    for (const LaidOutBox& b : ui::layout_report().boxes)
        if (b.kind == kind && starts(b.id, prefix)) out.push_back(b);
    return out;
}
const LaidOutBox* find_box(const std::string& id) {
    for (const LaidOutBox& b : ui::layout_report().boxes)
        if (b.id == id) return &b;
    return nullptr;
}

// Text width at the box's font size, with the font the frame used.
float text_width(const LaidOutBox& b) {
    return ImGui::CalcTextSize(b.text.c_str()).x * b.font_px / ImGui::GetFontSize();
}

std::string where(const std::string& what, const LaidOutBox& b) {
    return what + " " + b.id + " '" + b.text + "' at " + std::to_string(b.x) + "," + std::to_string(b.y) + " " +
           std::to_string(b.w) + "x" + std::to_string(b.h);
}

// Everything the report says about this frame that must hold at every size.
void check_frame(const std::string& ctx, bool graph_shown, int hosts_in_graph) {
    INFO(ctx);
    const auto& rep = ui::layout_report();
    for (const LaidOutBox& b : rep.boxes) {
        if (b.text.empty()) continue;
        INFO(where("text", b));
        CHECK(b.font_px >= 11.0f);
    }
    for (const char* id : kTransport) {
        INFO(std::string("transport control ") + id);
        const LaidOutBox* b = find_box(id);
        REQUIRE(b != nullptr);
        INFO(where("control", *b));
        CHECK_FALSE(b->clipped);
        CHECK(b->x >= 0);
        CHECK(b->x + b->w <= rep.width);
        CHECK(b->y + b->h <= rep.height);
    }
    // Every control lies within the width of the panel it is in (a panel may scroll vertically,
    // never sideways) and its text fits it.
    std::vector<LaidOutBox> panels = boxes("panel");
    for (const LaidOutBox& b : boxes("control")) {
        INFO(where("control", b));
        bool inside = false;
        for (const LaidOutBox& p : panels)
            inside |= b.x >= p.x - 0.5f && b.x + b.w <= p.x + p.w + 0.5f && b.y + b.h > p.y && b.y < p.y + p.h;
        CHECK(inside);
        if (!b.text.empty() && b.id != "scrubber") CHECK(text_width(b) <= b.w + 1.0f);
    }
    for (const LaidOutBox& b : boxes("tab")) {
        INFO(where("tab", b));
        CHECK_FALSE(b.clipped);
        CHECK(text_width(b) <= b.w + 1.0f);
    }
    if (!graph_shown) return;
    std::vector<LaidOutBox> nodes = boxes("node"), labels = boxes("label", "edge."), markers = boxes("marker");
    CHECK(nodes.size() == 12);  // 11 states, CLOSED twice as in the figure
    for (size_t i = 0; i < nodes.size(); ++i) {
        INFO(where("node", nodes[i]));
        CHECK_FALSE(nodes[i].clipped);
        CHECK(text_width(nodes[i]) <= nodes[i].w);
        for (size_t j = i + 1; j < nodes.size(); ++j) {
            INFO(where("and node", nodes[j]));
            CHECK_FALSE(overlap(nodes[i], nodes[j]));
        }
    }
    for (size_t i = 0; i < labels.size(); ++i) {
        INFO(where("label", labels[i]));
        CHECK_FALSE(labels[i].clipped);
        for (size_t j = i + 1; j < labels.size(); ++j) {
            INFO(where("and label", labels[j]));
            CHECK_FALSE(overlap(labels[i], labels[j]));
        }
        for (const LaidOutBox& n : nodes) {
            INFO(where("and node", n));
            CHECK_FALSE(overlap(labels[i], n));
        }
        for (const LaidOutBox& m : markers) {
            INFO(where("and marker", m));
            CHECK_FALSE(overlap(labels[i], m));
        }
    }
    int filled = 0;
    for (size_t i = 0; i < markers.size(); ++i) {
        INFO(where("marker", markers[i]));
        CHECK_FALSE(markers[i].clipped);
        filled += markers[i].id.find(".listener") == std::string::npos;
        for (size_t j = i + 1; j < markers.size(); ++j) {
            INFO(where("and marker", markers[j]));
            CHECK_FALSE(overlap(markers[i], markers[j]));
        }
        for (const LaidOutBox& n : nodes) {
            INFO(where("and node", n));
            CHECK_FALSE(overlap(markers[i], n));
        }
    }
    CHECK(filled == hosts_in_graph);
}

AppOptions lesson(const char* name, const char* lang = "en", const char* panels = "all") {
    AppOptions o;
    o.scenario = name;
    o.lang = lang;
    o.panels = panels;
    return o;
}

// A click as a person makes it: press and release at the middle of a reported box.
void click(HeadlessImGui& ui, App& app, const LaidOutBox& b) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(b.x + b.w / 2, b.y + b.h / 2);
    ui.frame(app);
    io.MouseDown[0] = true;
    ui.frame(app);
    io.MouseDown[0] = false;
    ui.frame(app);
    io.MousePos = ImVec2(-1000, -1000);
    ui.frame(app);
}

}  // namespace

TEST_CASE("layouts: every size, both languages, lessons with 2 and 4 hosts, all panels and graph,timeline", "[layout]") {
    HeadlessImGui ui(1280, 800, true);
    struct Lesson {
        const char* name;
        Micros at;    // a moment in the middle of the lesson
        int hosts;    // hosts with a connection on the graph then
    };
    const Lesson lessons[] = {{"01-three-way-handshake", msec(60), 2},
                              {"07-simultaneous-close", sec(1), 2},
                              {"14-time-wait-lost-last-ack", sec(2), 4},
                              {"04-half-close", msec(700), 2}};
    for (const Size& size : kSizes) {
        ImGui::GetIO().DisplaySize = ImVec2(size.w, size.h);
        for (const char* lang : {"en", "zh"}) {
            for (const Lesson& l : lessons) {
                for (const char* panels : {"all", "graph,timeline"}) {
                    std::string ctx = std::to_string(int(size.w)) + "x" + std::to_string(int(size.h)) + " " + lang + " " +
                                      l.name + " panels=" + panels;
                    App app;
                    app.init(lesson(l.name, lang, panels));
                    ui.frame(app);
                    ui.frame(app);
                    CHECK(ui::layout_report().layout == size.layout);
                    check_frame(ctx + " at 0", true, 0);
                    app.seek(l.at);
                    ui.frame(app);
                    check_frame(ctx + " mid-lesson", true, l.hosts);
                    // Every tab can be opened, and what it shows fits too.
                    for (const LaidOutBox& tab : boxes("tab")) {
                        click(ui, app, tab);
                        check_frame(ctx + " after clicking " + tab.id, true, l.hosts);
                    }
                    app.run_to_end();
                    ui.frame(app);
                    check_frame(ctx + " at the end", true, l.hosts);
                }
            }
        }
    }
}

TEST_CASE("layouts: the TIME_WAIT countdown is in the transport bar whatever panels says", "[layout]") {
    HeadlessImGui ui(960, 600, true);
    for (const char* panels : {"graph,timeline", "timeline", "all"}) {
        App app;
        app.init(lesson("07-simultaneous-close", "zh", panels));
        app.seek(sec(1));  // both sides in TIME_WAIT (2MSL = 60 s)
        ui.frame(app);
        INFO(panels);
        const LaidOutBox* a = find_box("countdown.A");
        const LaidOutBox* b = find_box("countdown.B");
        REQUIRE(a != nullptr);
        REQUIRE(b != nullptr);
        CHECK(a->text == "A 时间等待 3.40 s");  // 2MSL = 4 s from 400 ms, seen at 1 s
        CHECK_FALSE(overlap(*a, *b));
        app.run_to_end();
        ui.frame(app);
        CHECK(find_box("countdown.A") == nullptr);  // CLOSED: no countdown
    }
}

TEST_CASE("layouts: transport=0 hides the bar and the controls panel carries the transport", "[layout]") {
    HeadlessImGui ui(1280, 800, true);
    App app;
    AppOptions o = lesson("02-four-way-close");
    o.transport = false;
    app.init(o);
    ui.frame(app);
    CHECK(find_box("transport") == nullptr);
    const LaidOutBox* play = find_box("play_pause");
    const LaidOutBox* controls = find_box("controls");
    REQUIRE(play != nullptr);
    REQUIRE(controls != nullptr);
    CHECK(play->x >= controls->x);
    CHECK(play->x + play->w <= controls->x + controls->w);
    o.panels = "graph,timeline";
    App bare;
    bare.init(o);
    ui.frame(bare);
    CHECK(find_box("play_pause") == nullptr);
}

TEST_CASE("layouts: clicking the transport's buttons steps, goes back and plays", "[layout]") {
    HeadlessImGui ui(960, 600, true);
    App app;
    app.init(lesson("02-four-way-close", "en", "graph,timeline"));
    ui.frame(app);
    auto events = [&] { return nlohmann::json::parse(app.status_json())["events"].get<int>(); };
    auto press = [&](const char* id) {
        const LaidOutBox* b = find_box(id);
        REQUIRE(b != nullptr);
        click(ui, app, *b);
    };
    press("step");
    press("step");
    press("step");
    int after3 = events();
    CHECK(after3 > 0);
    press("step_back");
    CHECK(events() < after3);
    press("end");
    int end = events();
    press("step_back");
    CHECK(events() < end);
    press("reset");
    CHECK(events() < after3);
    press("play_pause");
    CHECK(nlohmann::json::parse(app.status_json())["playing"] == true);
    press("play_pause");
    CHECK(nlohmann::json::parse(app.status_json())["playing"] == false);
}

TEST_CASE("layouts: the lesson picker shows the lesson's title in the UI language", "[layout]") {
    HeadlessImGui ui(1280, 800, true);
    App app;
    app.init(lesson("07-simultaneous-close", "zh"));
    ui.frame(app);
    const LaidOutBox* pick = find_box("scenario");
    REQUIRE(pick != nullptr);
    CHECK(pick->text == "07  同时关闭");
    app.set_lang("en");
    ui.frame(app);
    CHECK(find_box("scenario")->text == "07  Simultaneous close");
}
