// The ladder diagram: one lifeline per host, time flowing down, one arrow per segment whose slope is
// its delay. Only the visible time range is drawn (binary search on the send-ordered segment index),
// so a 10,000-segment trace costs the same as a short one.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "i18n.h"
#include "imgui.h"
#include "imgui_internal.h"  // SetItemUsingMouseWheel
#include "panels.h"
#include "render/pulses.h"
#include "text.h"
#include "theme.h"
#include "vec.h"

namespace tcplab::ui {

namespace {


float dist_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
    ImVec2 ab = b - a, ap = p - a;
    float l2 = ab.x * ab.x + ab.y * ab.y;
    float t = l2 > 0 ? std::clamp((ap.x * ab.x + ap.y * ab.y) / l2, 0.0f, 1.0f) : 0.0f;
    ImVec2 q = a + ab * t - p;
    return std::sqrt(q.x * q.x + q.y * q.y);
}

// A "nice" tick step (1, 2, 5 x 10^n microseconds) for about `px` pixels between ticks.
double tick_step(double us_per_px, double px) {
    double raw = us_per_px * px;
    double p10 = std::pow(10.0, std::floor(std::log10(std::max(raw, 1.0))));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (p10 * m >= raw) return p10 * m;
    return p10 * 10;
}

// Propagation delay of the host pair's link, for drawing where a lost segment dies.
Micros link_delay(const SimConfig& c, int from, int to) {
    for (const auto& d : c.links)
        if (d.from == from && d.to == to) return d.params.delay;
    return c.link.delay;
}

}  // namespace

void draw_timeline(AppState& app) {
    const Palette& pal = palette();
    TimelineView& v = app.timeline;

    // Header: numbering mode, follow, fit.
    ImGui::SameLine();
    ImGui::SetNextItemWidth(130);
    int mode = static_cast<int>(app.numbering);
    const char* modes[3] = {tr("ui.num.absolute"), tr("ui.num.relative"), tr("ui.num.symbolic")};
    if (ImGui::Combo("##numbering", &mode, modes, 3)) app.numbering = static_cast<Numbering>(mode);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("ui.num.tip"));
    ImGui::SameLine();
    ImGui::Checkbox(tr("ui.timeline.follow"), &v.follow);
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("ui.timeline.fit"))) {
        v.fit = true;
        v.follow = false;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("ui.timeline.help"));
    if (!app.ready()) return;

    const Simulator& sim = *app.sim();
    const Trace& trace = app.trace();
    const TraceIndex& ix = app.index;

    ImVec2 avail = ImGui::GetContentRegionAvail();
    ImVec2 top = ImGui::GetCursorScreenPos();
    if (avail.x < 80 || avail.y < 60) return;
    ImGui::InvisibleButton("##timeline_canvas", avail, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    ImGui::SetItemUsingMouseWheel();  // the wheel zooms here instead of scrolling the page
    bool hovered = ImGui::IsItemHovered();
    bool active = ImGui::IsItemActive();
    ImGuiIO& io = ImGui::GetIO();

    const float header_h = 22.0f;   // host names
    const float axis_w = 64.0f;     // time labels
    const float plot_top = top.y + header_h;
    const float plot_h = std::max(20.0f, avail.y - header_h - 4);
    Micros extent = app.timeline_extent();

    // --- Zoom and pan -------------------------------------------------------------------------
    if (v.initial) {
        Micros rtt = 2 * link_delay(sim.config(), 0, sim.host_count() > 1 ? 1 : 0);
        v.us_per_px = std::max(1.0, static_cast<double>(std::max<Micros>(5 * rtt, msec(100))) / plot_h);
        v.top_us = -plot_h * 0.03 * v.us_per_px;
        v.initial = false;
    }
    if (v.fit) {
        v.us_per_px = std::max(1.0, static_cast<double>(extent) * 1.05 / plot_h);
        v.top_us = 0;
        v.fit = false;
    }
    if (hovered && io.MouseWheel != 0.0f) {
        double at = v.top_us + (io.MousePos.y - plot_top) * v.us_per_px;
        double f = std::pow(1.2, -io.MouseWheel);
        v.us_per_px = std::clamp(v.us_per_px * f, 1.0, 1e8);
        v.top_us = at - (io.MousePos.y - plot_top) * v.us_per_px;
        v.follow = false;
    }
    if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
        v.top_us -= io.MouseDelta.y * v.us_per_px;
        v.follow = false;
    }
    double visible_us = plot_h * v.us_per_px;
    if (v.follow) {
        // Keep the current time in the lower part of the view.
        double cur = static_cast<double>(app.view_time);
        if (cur > v.top_us + visible_us * 0.92 || cur < v.top_us) v.top_us = cur - visible_us * 0.85;
    }
    v.top_us = std::max(v.top_us, -visible_us * 0.05);
    const double t0 = v.top_us, t1 = v.top_us + visible_us;
    auto y_of = [&](Micros t) { return plot_top + static_cast<float>((static_cast<double>(t) - t0) / v.us_per_px); };

    // --- Lifelines ------------------------------------------------------------------------------
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(top, top + avail, true);
    int hosts = std::max(1, sim.host_count());
    // Room for the state names written outside the first and last lifelines.
    float state_w = ImGui::CalcTextSize("FIN_WAIT_1").x + 14;
    float lane_left = top.x + axis_w + state_w, lane_right = top.x + avail.x - state_w;
    auto x_of = [&](int host) {
        if (hosts == 1) return (lane_left + lane_right) * 0.5f;
        return lane_left + (lane_right - lane_left) * host / static_cast<float>(hosts - 1);
    };
    for (int h = 0; h < sim.host_count(); ++h) {
        float x = x_of(h);
        dl->AddLine(ImVec2(x, plot_top), ImVec2(x, top.y + avail.y), with_alpha(host_color(h), 0.55f), 2.0f);
        const std::string& name = sim.host_name(h);
        ImVec2 ts = ImGui::CalcTextSize(name.c_str());
        dl->AddText(ImVec2(x - ts.x * 0.5f, top.y + 2), host_color(h), name.c_str());
    }

    // --- Time axis --------------------------------------------------------------------------------
    double step = tick_step(v.us_per_px, 60.0);
    for (double t = std::ceil(std::max(0.0, t0) / step) * step; t <= t1; t += step) {
        float y = y_of(static_cast<Micros>(t));
        dl->AddLine(ImVec2(top.x + axis_w - 6, y), ImVec2(top.x + avail.x, y), with_alpha(pal.grid, 0.5f));
        std::string label = format_time(static_cast<Micros>(t));
        dl->AddText(ImVec2(top.x + 2, y - ImGui::GetFontSize() * 0.5f), pal.dim_text, label.c_str());
    }

    // --- State names on the lifelines -------------------------------------------------------------
    {
        auto first = std::lower_bound(ix.state_changes.begin(), ix.state_changes.end(), t0,
                                      [&](uint32_t i, double t) { return static_cast<double>(trace[i].time) < t; });
        float last_y[8] = {-1e9f, -1e9f, -1e9f, -1e9f, -1e9f, -1e9f, -1e9f, -1e9f};
        for (auto it = first; it != ix.state_changes.end() && static_cast<double>(trace[*it].time) <= t1; ++it) {
            const TraceEntry& e = trace[*it];
            if (e.host < 0) continue;
            float x = x_of(e.host), y = y_of(e.time);
            int slot = e.host % 8;
            if (y - last_y[slot] < ImGui::GetFontSize()) y = last_y[slot] + ImGui::GetFontSize();  // no overlap
            last_y[slot] = y;
            const char* name = state_name(e.to);
            ImVec2 ts = ImGui::CalcTextSize(name);
            bool left = (hosts > 1 && e.host == 0) || (hosts > 2 && e.host < hosts / 2);
            ImVec2 p = left ? ImVec2(x - ts.x - 8, y - ts.y * 0.5f) : ImVec2(x + 8, y - ts.y * 0.5f);
            dl->AddRectFilled(p - ImVec2(3, 1), p + ts + ImVec2(3, 1), with_alpha(host_color(e.host), 0.25f), 3.0f);
            dl->AddText(p, pal.panel_text, name);
            dl->AddCircleFilled(ImVec2(x, y_of(e.time)), 3.5f, host_color(e.host));
        }
    }

    // --- Segments -------------------------------------------------------------------------------
    // Segments are in send order; one that ends in view started at most max_flight earlier.
    const Micros now = app.view_time;
    const double from_t = t0 - static_cast<double>(ix.max_flight) - 1;
    auto first = std::lower_bound(ix.segments.begin(), ix.segments.end(), from_t,
                                  [&](uint32_t i, double t) { return static_cast<double>(trace[i].time) < t; });
    int64_t hover_entry = -1;
    float hover_d = 6.0f;
    ImVec2 mouse = io.MousePos;
    float last_label_y[64];
    for (float& y : last_label_y) y = -1e9f;
    // Zoomed far out, many arrows fall on the same pixels: draw one per pixel row and direction
    // (lost and retransmitted ones always), so a whole 10,000-segment trace stays cheap.
    float last_drawn_y[64];
    for (float& y : last_drawn_y) y = -1e9f;
    int drawn = 0;
    for (auto it = first; it != ix.segments.end() && static_cast<double>(trace[*it].time) <= t1; ++it) {
        const TraceEntry& e = trace[*it];
        int from = e.host, to = e.peer_host;
        if (from < 0 || to < 0) continue;
        auto drop = ix.dropped.find(e.packet_id);
        bool lost = e.arrival < 0 || drop != ix.dropped.end();
        // Where it would arrive, and where the arrow stops: at the arrival, where it was dropped in
        // flight, or half-way for a segment the channel lost when it was sent.
        Micros nominal = e.arrival >= 0 ? e.arrival : e.time + link_delay(sim.config(), from, to);
        Micros end_t = e.arrival;
        if (lost) {
            Micros dropped_at = drop != ix.dropped.end() ? trace[drop->second].time : e.time;
            end_t = dropped_at > e.time && dropped_at < nominal ? dropped_at : e.time + (nominal - e.time) / 2;
        }
        if (nominal <= e.time) nominal = e.time + 1;
        bool in_flight = !lost && e.arrival > now;
        if (static_cast<double>(end_t) < t0) continue;
        ImVec2 a(x_of(from), y_of(e.time));
        ImVec2 target(x_of(to), y_of(nominal));
        ImVec2 full_b = a + (target - a) * (static_cast<float>(end_t - e.time) / static_cast<float>(nominal - e.time));
        Micros shown_end = std::min(end_t, now);
        float frac = end_t > e.time ? static_cast<float>(shown_end - e.time) / static_cast<float>(end_t - e.time) : 1.0f;
        frac = std::clamp(frac, 0.0f, 1.0f);
        ImVec2 b = a + (full_b - a) * frac;

        bool selected = app.selected == static_cast<int64_t>(e.index);
        int pair = (from % 8) * 8 + (to % 8);
        if (!selected && !lost && !e.retransmission && !in_flight && a.y - last_drawn_y[pair] < 1.0f) continue;
        last_drawn_y[pair] = a.y;
        ImU32 col = host_color(from);
        if (e.retransmission) col = pal.retransmission;
        if (lost) col = pal.lost;
        if (e.kind == TraceKind::SegmentInjected) col = pal.duplicate;
        float thick = selected ? 3.0f : 1.6f;
        dl->AddLine(a, b, selected ? pal.selected : col, thick);
        if (in_flight) {
            // The head of a segment still on the wire, drawn by the pulse shader.
            render::add_pulse(dl, a, b, 1.0f, col, 2.0f);
        } else if (!lost) {
            ImVec2 dir = full_b - a;
            float len = std::max(1.0f, std::sqrt(dir.x * dir.x + dir.y * dir.y));
            dir = dir * (1.0f / len);
            ImVec2 perp(-dir.y, dir.x);
            dl->AddTriangleFilled(b, b - dir * 9 + perp * 4, b - dir * 9 - perp * 4, selected ? pal.selected : col);
        }
        if (lost && frac >= 1.0f) {
            float s = 6;
            dl->AddLine(b - ImVec2(s, s), b + ImVec2(s, s), pal.lost, 2.5f);
            dl->AddLine(b - ImVec2(s, -s), b + ImVec2(s, -s), pal.lost, 2.5f);
        }
        // Label above the arrow's middle, skipped when it would overwrite the previous one.
        ImVec2 mid = a + (full_b - a) * 0.5f;
        int side = (std::min(from, to) % 8) * 8 + std::max(from, to) % 8;
        if (mid.y - last_label_y[side] > ImGui::GetFontSize() * 0.95f || selected) {
            std::string label = ix.labeler.summary(e, app.numbering);
            if (e.retransmission) label = std::string(tr("ui.timeline.retx")) + " " + label;
            if (ix.duplicated.count(e.packet_id)) label += std::string(" ") + tr("ui.timeline.dup");
            if (lost) label += std::string(" ") + tr("ui.timeline.lost");
            ImVec2 ts = ImGui::CalcTextSize(label.c_str());
            ImVec2 p(mid.x - ts.x * 0.5f, mid.y - ts.y - 1);
            dl->AddRectFilled(p - ImVec2(2, 0), p + ts + ImVec2(2, 0), with_alpha(pal.canvas, 0.8f), 2.0f);
            dl->AddText(p, selected ? pal.selected : (lost ? pal.lost : pal.panel_text), label.c_str());
            last_label_y[side] = mid.y;
        }
        if (hovered) {
            float d = dist_to_segment(mouse, a, full_b);
            if (d < hover_d) {
                hover_d = d;
                hover_entry = static_cast<int64_t>(e.index);
            }
        }
        ++drawn;
    }

    // --- Cursor at the current time ---------------------------------------------------------------
    float cy = y_of(now);
    dl->AddLine(ImVec2(top.x + axis_w - 6, cy), ImVec2(top.x + avail.x, cy), pal.cursor, 1.5f);
    std::string nl = format_time(now);
    dl->AddText(ImVec2(top.x + 2, cy - ImGui::GetFontSize() - 1), pal.cursor, nl.c_str());
    dl->PopClipRect();

    // --- Interaction: hover, select, drop in flight ---------------------------------------------
    if (hover_entry >= 0) {
        const TraceEntry& e = trace[static_cast<size_t>(hover_entry)];
        bool in_flight = e.arrival > now && !ix.dropped.count(e.packet_id);
        ImGui::BeginTooltip();
        ImGui::Text("%s -> %s  %s", sim.host_name(e.host).c_str(), sim.host_name(e.peer_host).c_str(),
                    ix.labeler.summary(e, Numbering::Absolute).c_str());
        ImGui::TextDisabled("%s %s  #%llu", tr("ui.timeline.sent_at"), format_time(e.time).c_str(),
                            static_cast<unsigned long long>(e.packet_id));
        ImGui::TextDisabled("%s", tr(in_flight ? "ui.timeline.click_drop" : "ui.timeline.click_inspect"));
        ImGui::EndTooltip();
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            if (in_flight && io.KeyShift) app.drop_in_flight(e.packet_id);
            else app.selected = hover_entry;
        }
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
            app.selected = hover_entry;
            ImGui::OpenPopup("##segment_menu");
        }
    }
    if (ImGui::BeginPopup("##segment_menu")) {
        if (app.selected >= 0 && static_cast<size_t>(app.selected) < trace.size()) {
            const TraceEntry& e = trace[static_cast<size_t>(app.selected)];
            bool in_flight = e.arrival > app.view_time && !ix.dropped.count(e.packet_id);
            if (ImGui::MenuItem(tr("ui.timeline.inspect"))) {}
            if (ImGui::MenuItem(tr("ui.timeline.drop"), nullptr, false, in_flight)) app.drop_in_flight(e.packet_id);
        }
        ImGui::EndPopup();
    }
    (void)drawn;
}

}  // namespace tcplab::ui
