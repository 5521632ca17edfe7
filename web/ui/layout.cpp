// One window filling the canvas: the transport bar on top (unless transport=0), the panels below,
// arranged for the canvas size:
//   wide  (>= 1100 px): controls and timers | state diagram over the log | ladder over the TCB
//   embed (760..1100) and small (< 760): the state diagram, as large as its aspect allows, beside
//         a tab area holding the other panels (the ladder first)
//   phone (narrow or portrait): the state diagram on top, the other panels as tabs under it
// Every panel that is enabled can be reached at every size. When the narration is not in view, a
// caption under the transport bar tells the latest state change.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

#include "imgui.h"
#include "layout_report.h"
#include "panels.h"
#include "text.h"
#include "theme.h"
#include "transport.h"
#include "vec.h"

namespace tcplab::ui {

const char* const kPanelNames[kPanelCount] = {"graph", "timeline", "controls", "log", "tcb", "timers"};
const char* const kTabTitles[kPanelCount] = {"ui.tab.graph", "ui.tab.timeline", "ui.tab.controls",
                                             "ui.tab.log",   "ui.tab.tcb",      "ui.tab.timers"};

namespace {

constexpr float kWide = 1100.0f, kEmbed = 760.0f, kPhone = 600.0f;
constexpr float kGap = 4.0f;

struct Rect {
    float x, y, w, h;
};

const char* kPanelTitles[kPanelCount] = {"ui.panel.graph", "ui.panel.timeline", "ui.panel.controls",
                                         "ui.panel.log",   "ui.panel.tcb",      "ui.panel.timers"};

const char* layout_name(float w, float h) {
    if (w < kPhone || (h > w * 1.25f && w < kWide)) return "phone";
    if (w < kEmbed) return "small";
    if (w < kWide) return "embed";
    return "wide";
}

// Height of a panel's title row (the panels draw their header items on it).
float header_height() { return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.y; }

void draw_panel(AppState& app, Panel p, Rect r) {
    if (r.w < 10 || r.h < 10) return;
    // A button in the transport or in another panel may have rebuilt the trace earlier in this
    // frame (reset, step back, a live call): the panels read the index of the trace as it is now.
    app.refresh_index();
    ImGui::SetCursorPos(ImVec2(r.x, r.y));
    char id[32];
    std::snprintf(id, sizeof id, "##panel_%s", kPanelNames[p]);
    // Graph and timeline handle wheel and drag themselves.
    ImGuiWindowFlags flags = (p == kPanelGraph || p == kPanelTimeline)
                                 ? ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse
                                 : 0;
    if (ImGui::BeginChild(id, ImVec2(r.w, r.h), true, flags)) {
        report_box("panel", kPanelNames[p], ImGui::GetWindowPos(), ImGui::GetWindowPos() + ImGui::GetWindowSize());
        // The title in its short form when the long one would crowd the panel's own header items.
        const char* title = tr(kPanelTitles[p]);
        if (ImGui::CalcTextSize(title).x > r.w * 0.4f) title = tr(kTabTitles[p]);
        ImGui::TextDisabled("%s", title);
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

// A row of tab buttons over the panel chosen among `tabs` (one panel: no tab row).
void draw_tabs(AppState& app, const std::vector<Panel>& tabs, Rect r) {
    if (tabs.empty()) return;
    if (tabs.size() == 1) {
        draw_panel(app, tabs.front(), r);
        return;
    }
    // Compared as ints: -1 (no tab chosen yet) is not a valid Panel value.
    if (std::none_of(tabs.begin(), tabs.end(), [&](Panel p) { return static_cast<int>(p) == app.active_tab; }))
        app.active_tab = tabs.front();
    const float sp = ImGui::GetStyle().ItemSpacing.x;
    const float bh = ImGui::GetFrameHeight();
    // Each tab as wide as its label needs, the spare width shared out evenly.
    std::vector<float> need;
    float total = 0;
    for (Panel p : tabs) {
        need.push_back(ImGui::CalcTextSize(tr(kTabTitles[p])).x + 2 * ImGui::GetStyle().FramePadding.x);
        total += need.back();
    }
    float spare = std::max(0.0f, r.w - total - sp * static_cast<float>(tabs.size() - 1)) / static_cast<float>(tabs.size());
    ImGui::SetCursorPos(ImVec2(r.x, r.y));
    const ImVec4 active = ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive);
    for (size_t i = 0; i < tabs.size(); ++i) {
        Panel p = tabs[i];
        if (i) ImGui::SameLine();
        bool on = app.active_tab == p;
        if (on) ImGui::PushStyleColor(ImGuiCol_Button, active);
        std::string label = std::string(tr(kTabTitles[p])) + "##tab_" + kPanelNames[p];
        if (ImGui::Button(label.c_str(), ImVec2(std::floor(need[i] + spare), bh))) app.active_tab = p;
        if (on) ImGui::PopStyleColor();
        report_item("tab", std::string("tab.") + kPanelNames[p], tr(kTabTitles[p]));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(kPanelTitles[p]));
    }
    float used = bh + kGap;
    draw_panel(app, static_cast<Panel>(app.active_tab), Rect{r.x, r.y + used, r.w, r.h - used});
}

// The panels other than the state diagram, in the order the tabs show them.
std::vector<Panel> tab_panels(const AppState& app) {
    std::vector<Panel> out;
    for (Panel p : {kPanelTimeline, kPanelLog, kPanelTimers, kPanelTcb, kPanelControls})
        if (app.panel_on[p]) out.push_back(p);
    return out;
}

// The state diagram keeps the aspect of the RFC figure: its panel is as tall as that allows.
float graph_height_for(float width) { return (width - 2 * ImGui::GetStyle().WindowPadding.x) / kGraphAspect + header_height() + 2 * ImGui::GetStyle().WindowPadding.y; }
float graph_width_for(float height) { return (height - header_height() - 2 * ImGui::GetStyle().WindowPadding.y) * kGraphAspect + 2 * ImGui::GetStyle().WindowPadding.x; }

void layout_wide(AppState& app, Rect c) {
    const bool* on = app.panel_on;
    bool left = on[kPanelControls] || on[kPanelTimers];
    bool col_a = on[kPanelGraph] || on[kPanelLog];
    bool col_b = on[kPanelTimeline] || on[kPanelTcb];
    if (!col_a && !col_b) {
        // Only the side panels: side by side over the whole width.
        float w = on[kPanelControls] && on[kPanelTimers] ? std::floor((c.w - kGap) / 2) : c.w;
        if (on[kPanelControls]) draw_panel(app, kPanelControls, Rect{c.x, c.y, w, c.h});
        if (on[kPanelTimers]) draw_panel(app, kPanelTimers, Rect{c.x + c.w - w, c.y, w, c.h});
        return;
    }
    float lw = left ? std::clamp(c.w * 0.22f, 270.0f, 360.0f) : 0.0f;
    if (left) {
        float th = on[kPanelControls] ? (on[kPanelTimers] ? 190.0f : 0.0f) : c.h;
        if (on[kPanelControls]) draw_panel(app, kPanelControls, Rect{c.x, c.y, lw, c.h - (th > 0 ? th + kGap : 0)});
        if (on[kPanelTimers]) draw_panel(app, kPanelTimers, Rect{c.x, c.y + c.h - th, lw, th});
    }
    float x = c.x + (left ? lw + kGap : 0);
    float rest = c.x + c.w - x;
    float aw = col_a && col_b ? std::floor((rest - kGap) * 0.5f) : (col_a ? rest : 0.0f);
    float bw = col_b ? rest - (col_a ? aw + kGap : 0.0f) : 0.0f;
    // The diagram's height sets the split of both columns, so the two lower panels line up.
    float top_h = on[kPanelGraph] ? std::min(graph_height_for(aw), c.h * 0.68f) : std::floor(c.h * 0.62f);
    auto column = [&](Panel upper, Panel lower, float cx, float cw) {
        if (on[upper] && on[lower]) {
            draw_panel(app, upper, Rect{cx, c.y, cw, top_h});
            draw_panel(app, lower, Rect{cx, c.y + top_h + kGap, cw, c.h - top_h - kGap});
        } else if (on[upper] || on[lower]) {
            draw_panel(app, on[upper] ? upper : lower, Rect{cx, c.y, cw, c.h});
        }
    };
    if (col_a) column(kPanelGraph, kPanelLog, x, aw);
    if (col_b) column(kPanelTimeline, kPanelTcb, x + rest - bw, bw);
}

void offer_inspector(AppState& app, Rect r) {
    app.inspector_area[0] = r.x;
    app.inspector_area[1] = r.y;
    app.inspector_area[2] = r.w;
    app.inspector_area[3] = r.h;
}

// Embed and small: the diagram beside the tab area.
void layout_side_by_side(AppState& app, Rect c) {
    std::vector<Panel> tabs = tab_panels(app);
    if (!app.panel_on[kPanelGraph]) return draw_tabs(app, tabs, c);
    if (tabs.empty()) return draw_panel(app, kPanelGraph, c);
    float gw = std::floor(std::min(graph_width_for(c.h), c.w * 0.54f));
    offer_inspector(app, Rect{c.x, c.y, gw, c.h});
    draw_panel(app, kPanelGraph, Rect{c.x, c.y, gw, c.h});
    draw_tabs(app, tabs, Rect{c.x + gw + kGap, c.y, c.w - gw - kGap, c.h});
}

// Phone: the diagram over the tab area.
void layout_stacked(AppState& app, Rect c) {
    std::vector<Panel> tabs = tab_panels(app);
    if (!app.panel_on[kPanelGraph]) return draw_tabs(app, tabs, c);
    if (tabs.empty()) return draw_panel(app, kPanelGraph, c);
    float gh = std::floor(std::min(graph_height_for(c.w), c.h * 0.55f));
    offer_inspector(app, Rect{c.x, c.y, c.w, gh});
    draw_panel(app, kPanelGraph, Rect{c.x, c.y, c.w, gh});
    draw_tabs(app, tabs, Rect{c.x, c.y + gh + kGap, c.w, c.h - gh - kGap});
}

// The latest state change up to the current time, told in one or two lines under the transport bar,
// for layouts where the narration panel is not in view (panels=graph,timeline; another tab open).
float caption_height(float width) {
    float lines = width < kWide ? 2.0f : 1.0f;
    return lines * ImGui::GetTextLineHeight() + (lines - 1) * ImGui::GetStyle().ItemSpacing.y + 2 * kGap;
}

// `text` cut at a UTF-8 boundary (with "...") so that, wrapped at `w`, it is at most `h` tall.
std::string fit_wrapped(std::string text, float w, float h) {
    if (ImGui::CalcTextSize(text.c_str(), nullptr, false, w).y <= h + 0.5f) return text;
    while (!text.empty()) {
        do text.pop_back();
        while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80);
        if (!text.empty()) text.pop_back();
        std::string t = text + "...";
        if (ImGui::CalcTextSize(t.c_str(), nullptr, false, w).y <= h + 0.5f) return t;
    }
    return text;
}

void draw_caption(AppState& app, Rect r) {
    app.refresh_index();  // the transport may have rebuilt the trace this frame
    const Trace& trace = app.trace();
    const TraceEntry* last = nullptr;
    for (auto it = app.index.state_changes.rbegin(); it != app.index.state_changes.rend(); ++it)
        if (trace[*it].time <= app.view_time) {
            last = &trace[*it];
            break;
        }
    ImGui::SetCursorPos(ImVec2(r.x, r.y));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(kGap * 2, kGap));
    if (ImGui::BeginChild("##caption", ImVec2(r.w, r.h), true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        float w = ImGui::GetContentRegionAvail().x;
        float h = r.h - 2 * kGap;
        std::string text = last ? format_time(last->time) + "  " + narrate(app, *last) : tr("ui.caption.none");
        text = fit_wrapped(text, w, h);
        ImVec2 p = ImGui::GetCursorScreenPos();
        ImVec2 size = ImGui::CalcTextSize(text.c_str(), nullptr, false, w);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(last ? host_color(last->host) : palette().dim_text));
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        report_box("label", "caption", p, p + size, text);
    }
    ImGui::EndChild();
    ImGui::PopStyleVar();
}

// Whether the narration panel is on screen in this layout.
bool log_in_view(const AppState& app, std::string_view layout) {
    if (!app.panel_on[kPanelLog]) return false;
    if (layout == "wide") return true;
    return app.active_tab == kPanelLog;
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
    const char* layout = layout_name(width, height);
    report_begin_frame(layout, width, height);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(width, height));
    ImGuiWindowFlags f = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                         ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                         ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoScrollbar |
                         ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(kGap, kGap));
    ImGui::Begin("tcplab", nullptr, f);
    ImGui::PopStyleVar();
    Rect c{kGap, kGap, width - 2 * kGap, height - 2 * kGap};
    app.inspector_area[2] = 0;  // the wide layout leaves the inspector its own place

    if (app.options.transport && app.ready()) {
        float th = transport_height(app, c.w - 2 * kGap);
        ImGui::SetCursorPos(ImVec2(c.x, c.y));
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(kGap, kGap));
        if (ImGui::BeginChild("##transport", ImVec2(c.w, th), true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
            report_box("panel", "transport", ImGui::GetWindowPos(), ImGui::GetWindowPos() + ImGui::GetWindowSize());
            draw_transport(app, c.w - 2 * kGap);
        }
        ImGui::EndChild();
        ImGui::PopStyleVar();
        c.y += th + kGap;
        c.h -= th + kGap;
    }

    std::string_view l = layout;
    if (app.ready() && !log_in_view(app, l)) {
        float ch = caption_height(c.w);
        draw_caption(app, Rect{c.x, c.y, c.w, ch});
        c.y += ch + kGap;
        c.h -= ch + kGap;
    }
    if (l == "wide") layout_wide(app, c);
    else if (l == "phone") layout_stacked(app, c);
    else layout_side_by_side(app, c);
    ImGui::End();
    draw_inspector(app);
    draw_predict_card(app);
    if (app.show_overlay) draw_frame_overlay(app);
}

}  // namespace tcplab::ui
