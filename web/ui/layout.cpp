// One window filling the canvas, split into panels. Wide screens: controls on the left, the state
// graph over the timeline in the middle, timers / TCB / log on the right. Under kNarrow pixels the
// panels stack vertically and the window scrolls.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "imgui.h"
#include "layout_report.h"
#include "panels.h"
#include "text.h"
#include "theme.h"
#include "vec.h"

namespace tcplab::ui {

namespace {

constexpr float kNarrow = 900.0f;

struct Rect {
    float x, y, w, h;
};

const char* kPanelNames[kPanelCount] = {"graph", "timeline", "controls", "log", "tcb", "timers"};
const char* kPanelTitles[kPanelCount] = {"ui.panel.graph", "ui.panel.timeline", "ui.panel.controls",
                                         "ui.panel.log",   "ui.panel.tcb",      "ui.panel.timers"};

void draw_panel(AppState& app, Panel p, Rect r) {
    if (r.w < 10 || r.h < 10) return;
    ImGui::SetCursorPos(ImVec2(r.x, r.y));
    char id[32];
    std::snprintf(id, sizeof id, "##panel_%s", kPanelNames[p]);
    // Graph and timeline handle wheel and drag themselves.
    ImGuiWindowFlags flags = (p == kPanelGraph || p == kPanelTimeline)
                                 ? ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse
                                 : 0;
    if (ImGui::BeginChild(id, ImVec2(r.w, r.h), true, flags)) {
        report_box("panel", kPanelNames[p], ImGui::GetWindowPos(), ImGui::GetWindowPos() + ImGui::GetWindowSize());
        ImGui::TextDisabled("%s", tr(kPanelTitles[p]));
        switch (p) {
            case kPanelGraph: draw_graph(app); break;
            case kPanelTimeline: draw_timeline(app); break;
            case kPanelControls: draw_controls(app); break;
            case kPanelLog: draw_log(app); break;
            case kPanelTcb: draw_tcb(app); break;
            case kPanelTimers: draw_timers(app); break;
            default: break;
        }
    }
    ImGui::EndChild();
}

}  // namespace

void parse_panels(AppState& app, const std::string& list) {
    if (list.empty() || list == "all") {
        for (bool& on : app.panel_on) on = true;
        return;
    }
    for (bool& on : app.panel_on) on = false;
    // A plain split, not std::stringstream: iostreams would pull the locale machinery into the wasm.
    bool any = false;
    std::string_view rest = list;
    while (!rest.empty()) {
        size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        for (int p = 0; p < kPanelCount; ++p)
            if (item == kPanelNames[p]) app.panel_on[p] = any = true;
    }
    if (!any)
        for (bool& on : app.panel_on) on = true;
}

void draw_frame_overlay(AppState& app) {
    const auto& ms = app.stats.last_ms;
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - 10, 10), ImGuiCond_Always, ImVec2(1, 0));
    ImGui::SetNextWindowBgAlpha(0.75f);
    ImGuiWindowFlags f = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                         ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs;
    if (ImGui::Begin("##frame_overlay", nullptr, f)) {
        float last = ms.empty() ? 0.0f : ms.back();
        float worst = ms.empty() ? 0.0f : *std::max_element(ms.begin(), ms.end());
        ImGui::Text("%.2f ms  (%.0f fps)  max %.1f", last, last > 0 ? 1000.0f / last : 0.0f, worst);
        if (!ms.empty()) ImGui::PlotLines("##ft", ms.data(), static_cast<int>(ms.size()), 0, nullptr, 0.0f, 33.3f, ImVec2(220, 40));
        ImGui::Text("%zu events, %zu segments", app.trace().size(), app.index.segments.size());
    }
    ImGui::End();
}

void draw_layout(AppState& app, float width, float height) {
    bool narrow = width < kNarrow;
    report_begin_frame(narrow ? "small" : "wide", width, height);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width, height));
    ImGuiWindowFlags f = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                         ImGuiWindowFlags_NoBackground;
    if (!narrow) f |= ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4, 4));
    ImGui::Begin("tcplab", nullptr, f);
    ImGui::PopStyleVar();
    const bool* on = app.panel_on;
    const float gap = 4.0f;
    const float W = width - 2 * gap, H = height - 2 * gap;

    if (narrow) {
        // Stacked: each panel gets a height that suits it; the window scrolls.
        float y = gap;
        const std::pair<Panel, float> order[] = {
            {kPanelControls, 470}, {kPanelGraph, 430},  {kPanelTimeline, 520},
            {kPanelTimers, 170},   {kPanelTcb, 300},    {kPanelLog, 360}};
        int shown = 0;
        for (auto [p, h] : order) shown += on[p];
        for (auto [p, h] : order) {
            if (!on[p]) continue;
            float ph = shown == 1 ? H : (shown == 2 && (on[kPanelGraph] && on[kPanelTimeline]) ? H / 2 - gap : h);
            draw_panel(app, p, Rect{gap, y, W, ph});
            y += ph + gap;
        }
        ImGui::SetCursorPos(ImVec2(0, y));
        ImGui::Dummy(ImVec2(1, 1));
    } else {
        bool left = on[kPanelControls];
        bool middle = on[kPanelGraph] || on[kPanelTimeline];
        bool right = on[kPanelTimers] || on[kPanelTcb] || on[kPanelLog];
        float lw = left ? std::clamp(W * 0.23f, 270.0f, 360.0f) : 0.0f;
        float rw = right ? (middle ? std::clamp(W * 0.27f, 290.0f, 460.0f) : W - lw - (left ? gap : 0)) : 0.0f;
        float mx = gap + (left ? lw + gap : 0);
        float mw = W - (left ? lw + gap : 0) - (right ? rw + gap : 0);
        if (!middle && left && !right) lw = W;
        if (left) draw_panel(app, kPanelControls, Rect{gap, gap, lw, H});
        if (middle) {
            if (on[kPanelGraph] && on[kPanelTimeline]) {
                float gh = std::floor(H * 0.48f);
                draw_panel(app, kPanelGraph, Rect{mx, gap, mw, gh});
                draw_panel(app, kPanelTimeline, Rect{mx, gap + gh + gap, mw, H - gh - gap});
            } else {
                draw_panel(app, on[kPanelGraph] ? kPanelGraph : kPanelTimeline, Rect{mx, gap, mw, H});
            }
        }
        if (right) {
            float rx = gap + W - rw;
            float y = gap;
            int n = on[kPanelTimers] + on[kPanelTcb] + on[kPanelLog];
            float th = on[kPanelTimers] ? (n == 1 ? H : 190.0f) : 0.0f;
            float bh = on[kPanelTcb] ? (n == 1 ? H : (on[kPanelLog] ? std::floor((H - th) * 0.45f) : H - th - gap)) : 0.0f;
            if (on[kPanelTimers]) {
                draw_panel(app, kPanelTimers, Rect{rx, y, rw, th});
                y += th + gap;
            }
            if (on[kPanelTcb]) {
                draw_panel(app, kPanelTcb, Rect{rx, y, rw, bh});
                y += bh + gap;
            }
            if (on[kPanelLog]) draw_panel(app, kPanelLog, Rect{rx, y, rw, gap + H - y});
        }
    }
    ImGui::End();
    draw_inspector(app);
    if (app.show_overlay) draw_frame_overlay(app);
}

}  // namespace tcplab::ui
