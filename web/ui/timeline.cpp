// The ladder diagram: one lifeline per host, time flowing down, one arrow per segment whose slope is
// its delay. Time is linear or compressed (idle gaps drawn as short breaks, ui/time_axis.h). Every
// drawn segment gets its label: labels are placed along their arrows where they collide with no
// other label, state tag or timer text, else stacked with a leader line; what still does not fit is
// counted on screen, never dropped silently. Only the visible time range is drawn (binary search on
// the send-ordered segment index), so a 10,000-segment trace costs the same as a short one.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "i18n.h"
#include "imgui.h"
#include "imgui_internal.h"  // SetItemUsingMouseWheel
#include "label_placer.h"
#include "layout_report.h"
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
    return length(a + ab * t - p);
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

// Retransmissions are dashed in their sender's colour (never another colour).
void dashed_line(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thick) {
    float len = length(b - a);
    if (len < 1) return;
    ImVec2 dir = (b - a) * (1.0f / len);
    for (float s = 0; s < len; s += 10.0f) dl->AddLine(a + dir * s, a + dir * std::min(len, s + 6.0f), col, thick);
}

TextBox text_box(ImVec2 p, ImVec2 size, float pad = 2.0f) { return TextBox{p - ImVec2(pad, 0), p + size + ImVec2(pad, 0)}; }

// Where a segment's label may go, in order of preference: above, then below, its arrow at points
// spread along it (so the labels of crossing segments separate), then stacked off the middle.
// Labels wider than the lanes are kept inside [x_min, x_max].
std::vector<TextBox> label_candidates(ImVec2 a, ImVec2 b, ImVec2 ts, float line_h, float x_min, float x_max,
                                      std::vector<ImVec2>* anchors) {
    std::vector<TextBox> c;
    anchors->clear();
    auto left_of = [&](float cx) { return std::clamp(cx - ts.x * 0.5f, x_min + 2, std::max(x_min + 2, x_max - ts.x - 2)); };
    for (float f : {0.5f, 0.35f, 0.65f, 0.22f, 0.78f, 0.42f, 0.58f, 0.3f, 0.7f}) {
        ImVec2 p = a + (b - a) * f;
        c.push_back(text_box(ImVec2(left_of(p.x), p.y - ts.y - 1), ts));
        anchors->push_back(p);
        c.push_back(text_box(ImVec2(left_of(p.x), p.y + 2), ts));
        anchors->push_back(p);
    }
    ImVec2 mid = a + (b - a) * 0.5f;
    for (int k = 1; k <= 10; ++k) {
        for (float sgn : {-1.0f, 1.0f}) {
            c.push_back(text_box(ImVec2(left_of(mid.x), mid.y - ts.y * 0.5f + sgn * k * (line_h + 2)), ts));
            anchors->push_back(mid);
        }
    }
    return c;
}

}  // namespace

void draw_timeline(AppState& app) {
    const Palette& pal = palette();
    TimelineView& v = app.timeline;

    // Toolbar: numbering mode, compressed time, follow, fit; it wraps in a narrow panel.
    const char* modes[3] = {tr("ui.num.absolute"), tr("ui.num.relative"), tr("ui.num.symbolic")};
    float combo_w = 0;
    for (const char* m : modes) combo_w = std::max(combo_w, ImGui::CalcTextSize(m).x);
    combo_w += ImGui::GetFrameHeight() + ImGui::GetStyle().FramePadding.x * 2 + 4;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(combo_w);
    int mode = static_cast<int>(app.numbering);
    if (ImGui::Combo("##numbering", &mode, modes, 3)) app.numbering = static_cast<Numbering>(mode);
    report_item("control", "timeline.numbering", modes[mode]);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("ui.num.tip"));
    same_line_if_fits(checkbox_width(tr("ui.timeline.compressed")));
    if (ImGui::Checkbox(tr("ui.timeline.compressed"), &v.compressed)) v.fit = true;
    report_item("control", "timeline.compressed", tr("ui.timeline.compressed"));
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
        ImGui::TextUnformatted(tr("ui.timeline.compressed_tip"));
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
    same_line_if_fits(checkbox_width(tr("ui.timeline.follow")));
    ImGui::Checkbox(tr("ui.timeline.follow"), &v.follow);
    report_item("control", "timeline.follow", tr("ui.timeline.follow"));
    same_line_if_fits(small_button_width(tr("ui.timeline.fit")));
    if (ImGui::SmallButton(tr("ui.timeline.fit"))) {
        v.fit = true;
        v.follow = false;
    }
    report_item("control", "timeline.fit", tr("ui.timeline.fit"));
    // The help, or how many texts found no room at this zoom (last frame's count): in the toolbar,
    // where it covers nothing of the ladder.
    const std::string hidden_text = v.hidden > 0 ? fill(tr("ui.timeline.hidden"), {{"n", std::to_string(v.hidden)}}) : "";
    const char* hint = v.hidden > 0 ? hidden_text.c_str() : tr("ui.timeline.help");
    const bool hint_fits = ImGui::GetItemRectMax().x + ImGui::CalcTextSize(hint).x + 16 <
                           ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (hint_fits || v.hidden > 0) {
        if (hint_fits) ImGui::SameLine();
        if (v.hidden > 0) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(pal.warning));
            ImGui::TextWrapped("%s", hint);
            ImGui::PopStyleColor();
            report_item("label", "timeline.hidden", hint);
        } else {
            ImGui::TextDisabled("%s", hint);
        }
    }
    if (!app.ready()) return;

    const Simulator& sim = *app.sim();
    const Trace& trace = app.trace();
    const TraceIndex& ix = app.index;
    const TimeAxis& axis = ix.axis;
    const bool comp = v.compressed;
    const float fs = ImGui::GetFontSize();
    const float line_h = ImGui::GetTextLineHeight();

    ImVec2 avail = ImGui::GetContentRegionAvail();
    ImVec2 top = ImGui::GetCursorScreenPos();
    if (avail.x < 80 || avail.y < 60) return;
    ImGui::InvisibleButton("##timeline_canvas", avail, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    ImGui::SetItemUsingMouseWheel();  // the wheel zooms here instead of scrolling the page
    bool hovered = ImGui::IsItemHovered();
    bool active = ImGui::IsItemActive();
    ImGuiIO& io = ImGui::GetIO();

    const float header_h = line_h + 8;  // host names
    const float axis_w = ImGui::CalcTextSize("00.000 s").x + 10;  // time labels
    const float plot_top = top.y + header_h;
    const float plot_h = std::max(20.0f, avail.y - header_h - 4);
    auto disp = [&](double t) { return axis.to_display(t, comp); };

    // --- Zoom and pan -------------------------------------------------------------------------
    const Micros now = app.view_time;
    if (v.initial) {
        Micros rtt = 2 * link_delay(sim.config(), 0, sim.host_count() > 1 ? 1 : 0);
        v.us_per_px = std::max(1.0, static_cast<double>(std::max<Micros>(5 * rtt, msec(100))) / plot_h);
        v.top_us = -plot_h * 0.03 * v.us_per_px;
        v.initial = false;
    }
    if (v.fit) {
        // The segments, not the emptiness of TIME_WAIT after them (compressed, that is one break).
        double from = ix.first_segment >= 0 ? disp(static_cast<double>(ix.first_segment)) : 0.0;
        double to = disp(static_cast<double>(ix.segments_end));
        if (comp) to = std::max(to, disp(static_cast<double>(std::max(app.timeline_extent(), now))));
        double span = std::max(to - from, 1000.0);
        v.us_per_px = std::max(1.0, span * 1.12 / plot_h);
        v.top_us = from - span * 0.05;
        v.fit = false;
        v.settle_frames = 60;
    }
    auto zoom_at = [&](float y, double f) {
        double at = v.top_us + (y - plot_top) * v.us_per_px;
        v.us_per_px = std::clamp(v.us_per_px * f, 1.0, 1e8);
        v.top_us = at - (y - plot_top) * v.us_per_px;
        v.follow = false;
    };
    if (hovered && io.MouseWheel != 0.0f) zoom_at(io.MousePos.y, std::pow(1.2, -io.MouseWheel));
    bool pinch_here = app.pinch_x >= top.x && app.pinch_x < top.x + avail.x && app.pinch_y >= top.y && app.pinch_y < top.y + avail.y;
    if (app.pinch_zoom > 0.0f && app.pinch_zoom != 1.0f && pinch_here) zoom_at(app.pinch_y, 1.0 / app.pinch_zoom);
    if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.0f)) {
        v.top_us -= io.MouseDelta.y * v.us_per_px;
        v.follow = false;
    }
    double visible_us = plot_h * v.us_per_px;
    const double now_d = disp(static_cast<double>(now));
    if (v.follow) {
        // Keep the current time in the lower part of the view ...
        if (now_d > v.top_us + visible_us * 0.92 || now_d < v.top_us) v.top_us = now_d - visible_us * 0.85;
        // ... but never scroll the last segments away (linear time during TIME_WAIT).
        auto last = std::upper_bound(ix.segments.begin(), ix.segments.end(), now,
                                     [&](Micros t, uint32_t i) { return t < trace[i].time; });
        if (last != ix.segments.begin()) {
            double last_d = disp(static_cast<double>(trace[*(last - 1)].time));
            if (last_d < v.top_us + visible_us * 0.1) v.top_us = last_d - visible_us * 0.3;
        }
    }
    v.top_us = std::max(v.top_us, -visible_us * 0.05);
    const double d0 = v.top_us, d1 = v.top_us + visible_us;
    const double t0 = axis.from_display(d0, comp), t1 = axis.from_display(d1, comp);
    auto y_of = [&](double t) { return plot_top + static_cast<float>((disp(t) - d0) / v.us_per_px); };

    // --- Lifelines ------------------------------------------------------------------------------
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 canvas_min = top, canvas_max = top + avail;
    dl->PushClipRect(canvas_min, canvas_max, true);
    int hosts = std::max(1, sim.host_count());
    // Room for the state names written outside the first and last lifelines.
    // In a narrow panel (the lanes would get under 40% of the width) less, so the lanes keep most
    // of it; the outer hosts' tags then go inwards.
    float state_w = ImGui::CalcTextSize("ESTABLISHED").x + 16;
    const float plot_w = avail.x - axis_w;
    if (plot_w - 2 * state_w < 0.4f * plot_w) state_w = std::max(24.0f, plot_w * 0.2f);
    float lane_left = top.x + axis_w + state_w, lane_right = top.x + avail.x - state_w;
    auto x_of = [&](int host) {
        if (hosts == 1) return (lane_left + lane_right) * 0.5f;
        return lane_left + (lane_right - lane_left) * host / static_cast<float>(hosts - 1);
    };
    // The side of its lifeline a host's tags go: outwards for the outer hosts.
    auto tags_left = [&](int host) { return (hosts > 1 && host == 0) || (hosts > 2 && host < hosts / 2); };
    LabelPlacer placer;
    int hidden = 0;  // texts with no room at this zoom
    placer.begin(ImVec2(top.x + axis_w, plot_top), canvas_max);
    for (int h = 0; h < sim.host_count(); ++h) {
        float x = x_of(h);
        dl->AddLine(ImVec2(x, plot_top), ImVec2(x, top.y + avail.y), host_color(h, 0.55f), 2.0f);
        const std::string& name = sim.host_name(h);
        ImVec2 ts = ImGui::CalcTextSize(name.c_str());
        dl->AddText(ImVec2(x - ts.x * 0.5f, top.y + 2), host_color(h), name.c_str());
    }

    // --- Time axis: ticks on the linear pieces, a marked break for each compressed gap -----------
    struct BreakMark {
        size_t i;
        float ya, yb;
    };
    std::vector<BreakMark> break_marks;
    double step = tick_step(v.us_per_px, 60.0);
    // Past the end of a compressed axis every time maps to its last row: no ticks there.
    const double tick_end = comp ? std::min(t1, static_cast<double>(axis.last_activity() + axis.gap())) : t1;
    const float now_label_y = y_of(static_cast<double>(now)) - fs - 1;  // the cursor's time, drawn below
    auto ticks = [&](double from, double to) {
        for (double t = std::ceil(std::max({0.0, t0, from}) / step) * step; t <= std::min(tick_end, to); t += step) {
            float y = y_of(t);
            dl->AddLine(ImVec2(top.x + axis_w - 6, y), ImVec2(top.x + avail.x, y), with_alpha(pal.grid, 0.5f));
            if (std::fabs(y - fs * 0.5f - now_label_y) < fs + 2) continue;  // the cursor's label wins
            std::string label = format_time(static_cast<Micros>(t));
            dl->AddText(ImVec2(top.x + 2, y - fs * 0.5f), pal.dim_text, label.c_str());
        }
    };
    {
        double piece = 0;
        const auto& breaks = axis.breaks();
        for (size_t i = 0; i <= breaks.size(); ++i) {
            bool in_break = comp && i < breaks.size();
            double end = in_break ? static_cast<double>(breaks[i].from) : std::numeric_limits<double>::infinity();
            if (end >= t0 && piece <= t1) ticks(piece, end);
            if (!in_break) break;
            piece = static_cast<double>(breaks[i].to);
            const TimeBreak& b = breaks[i];
            if (static_cast<double>(b.to) < t0 || static_cast<double>(b.from) > t1) continue;
            float ya = y_of(static_cast<double>(b.from)), yb = y_of(static_cast<double>(b.to));
            dl->AddRectFilled(ImVec2(top.x + axis_w - 6, ya), ImVec2(top.x + avail.x, yb), with_alpha(pal.grid, 0.18f));
            // A zigzag across the lanes, and the real length of the gap on the axis.
            float ym = (ya + yb) * 0.5f;
            for (float x = top.x + axis_w - 6; x < top.x + avail.x; x += 12) {
                dl->AddLine(ImVec2(x, ym - 3), ImVec2(x + 6, ym + 3), pal.dim_text, 1.2f);
                dl->AddLine(ImVec2(x + 6, ym + 3), ImVec2(x + 12, ym - 3), pal.dim_text, 1.2f);
            }
            break_marks.push_back({i, ya, yb});
        }
    }

    // --- State tags on the lifelines (placed first: segment labels go around them) ---------------
    {
        auto first = std::lower_bound(ix.state_changes.begin(), ix.state_changes.end(), t0,
                                      [&](uint32_t i, double t) { return static_cast<double>(trace[i].time) < t; });
        for (auto it = first; it != ix.state_changes.end() && static_cast<double>(trace[*it].time) <= t1; ++it) {
            const TraceEntry& e = trace[*it];
            if (e.host < 0 || e.host >= sim.host_count()) continue;
            float x = x_of(e.host), y = y_of(static_cast<double>(e.time));
            const char* name = state_name(e.to);
            ImVec2 ts = ImGui::CalcTextSize(name);
            bool left = tags_left(e.host);
            // Moved down past the tags already there (several changes at one instant), else on the
            // lifeline's other side.
            std::vector<TextBox> cands;
            for (float px : {left ? x - ts.x - 8 : x + 8, left ? x + 8 : x - ts.x - 8})
                for (int k = 0; k <= 6; ++k) cands.push_back(text_box(ImVec2(px, y - ts.y * 0.5f + k * (ts.y + 2)), ts, 3));
            int at = placer.place(cands);
            if (at < 0) {  // no room at this zoom: counted, and a followed or fitted view zooms in
                if (y >= plot_top && y <= canvas_max.y) ++hidden;
                dl->AddCircleFilled(ImVec2(x, y), 3.5f, host_color(e.host));
                continue;
            }
            const TextBox& box = cands[static_cast<size_t>(at)];
            left = box.max.x <= x;
            ImVec2 p = box.min + ImVec2(3, 0);
            dl->AddRectFilled(box.min - ImVec2(0, 1), box.max + ImVec2(0, 1), host_color(e.host, 0.25f), 3.0f);
            dl->AddText(p, pal.panel_text, name);
            dl->AddCircleFilled(ImVec2(x, y), 3.5f, host_color(e.host));
            if (std::fabs(p.y + ts.y * 0.5f - y) > 2) dl->AddLine(ImVec2(x, y), ImVec2(left ? box.max.x : box.min.x, p.y + ts.y * 0.5f), host_color(e.host, 0.6f));
            report_box("label", "state." + sim.host_name(e.host) + "." + std::to_string(e.index), box.min, box.max, name, fs);
        }
    }

    // --- The real length of each break, where there is room in its band --------------------------
    for (const BreakMark& m : break_marks) {
        const TimeBreak& b = axis.breaks()[m.i];
        std::string text = fill(tr("ui.timeline.idle"), {{"t", format_time(b.to - b.from)}});
        ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        float ym = (m.ya + m.yb) * 0.5f;
        std::vector<TextBox> cands;
        for (float x : {top.x + axis_w + 4, (lane_left + x_of(std::min(1, hosts - 1))) * 0.5f - ts.x * 0.5f,
                        (lane_left + lane_right) * 0.5f - ts.x * 0.5f, lane_right - ts.x})
            for (float y : {ym - ts.y - 4, ym + 4}) cands.push_back(text_box(ImVec2(x, y), ts));
        int at = placer.place(cands);
        if (at < 0) {
            if (ym >= plot_top && ym <= canvas_max.y) ++hidden;
            continue;
        }
        const TextBox& box = cands[static_cast<size_t>(at)];
        dl->AddRectFilled(box.min, box.max, with_alpha(pal.canvas, 0.9f), 2.0f);
        dl->AddText(box.min + ImVec2(2, 0), pal.dim_text, text.c_str());
        report_box("label", "break." + std::to_string(m.i), box.min, box.max, text, fs);
    }

    // --- Long timers (TIME_WAIT's 2MSL, FIN_WAIT_2, long RTOs): a band on the lifeline ------------
    for (const TimerSpan& s : ix.timers) {
        if (s.host < 0 || s.host >= sim.host_count() || s.kind == TimerKind::DelayedAck) continue;
        Micros end = s.end >= 0 ? s.end : std::max(now, s.start);
        Micros shown_end = s.end >= 0 ? s.end : s.deadline;
        if (end - s.start < axis.gap() && s.kind != TimerKind::TimeWait) continue;
        if (static_cast<double>(shown_end) < t0 || static_cast<double>(s.start) > t1) continue;
        float x = x_of(s.host);
        float ya = y_of(static_cast<double>(s.start)), yb = y_of(static_cast<double>(shown_end));
        float yn = y_of(static_cast<double>(std::min(end, shown_end)));
        dl->AddRectFilled(ImVec2(x - 6, ya), ImVec2(x + 6, yb), host_color(s.host, 0.12f), 3.0f);
        dl->AddRectFilled(ImVec2(x - 6, ya), ImVec2(x + 6, yn), host_color(s.host, 0.30f), 3.0f);
        bool running = s.end < 0 && now < s.deadline;
        std::string timer = tr(std::string("ui.timeline.timer.") + timer_name(s.kind));
        std::string text = running ? fill(tr("ui.timeline.timer_left"), {{"timer", timer}, {"t", format_time(s.deadline - now)}})
                                   : fill(tr("ui.timeline.timer_ran"), {{"timer", timer}, {"t", format_time(shown_end - s.start)}});
        ImVec2 ts = ImGui::CalcTextSize(text.c_str());
        bool left = tags_left(s.host);
        // Beside the band, as near its visible middle (or the current time) as there is room.
        float ymid = running ? std::clamp(yn, std::max(ya, plot_top), std::min(yb, canvas_max.y)) - ts.y * 0.5f
                             : (std::max(ya, plot_top) + std::min(yb, canvas_max.y)) * 0.5f - ts.y * 0.5f;
        std::vector<TextBox> cands;
        for (float px : {left ? x - ts.x - 10 : x + 10, left ? x + 10 : x - ts.x - 10})
            for (int k = 0; k < 12; ++k)
                for (float sgn : {1.0f, -1.0f}) cands.push_back(text_box(ImVec2(px, ymid + sgn * k * (line_h + 2)), ts));
        int at = placer.place(cands);
        if (at < 0) {
            ++hidden;
            continue;
        }
        const TextBox& box = cands[static_cast<size_t>(at)];
        dl->AddRectFilled(box.min, box.max, with_alpha(pal.canvas, 0.85f), 2.0f);
        dl->AddText(box.min + ImVec2(2, 0), host_color(s.host), text.c_str());
        report_box("label", "timer." + sim.host_name(s.host) + "." + std::to_string(s.set), box.min, box.max, text, fs);
    }

    // --- Segments -------------------------------------------------------------------------------
    // Segments are in send order; one that ends in view started at most max_flight earlier.
    const double from_t = t0 - static_cast<double>(ix.max_flight) - 1;
    auto first = std::lower_bound(ix.segments.begin(), ix.segments.end(), from_t,
                                  [&](uint32_t i, double t) { return static_cast<double>(trace[i].time) < t; });
    int64_t hover_entry = -1;
    float hover_d = 6.0f;
    ImVec2 mouse = io.MousePos;
    // Zoomed far out, many arrows fall on the same pixels: draw one per pixel row and direction
    // (lost and retransmitted ones always), so a whole 10,000-segment trace stays cheap. What is not
    // drawn or labelled is counted on screen.
    float last_drawn_y[64];
    for (float& y : last_drawn_y) y = -1e9f;
    int labelled = 0;
    constexpr int kMaxLabels = 400;
    auto last_in_view = std::upper_bound(first, ix.segments.end(), t1,
                                         [&](double t, uint32_t i) { return t < static_cast<double>(trace[i].time); });
    const bool crowded = last_in_view - first > kMaxLabels;
    std::vector<ImVec2> anchors;
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
        ImVec2 a(x_of(from), y_of(static_cast<double>(e.time)));
        ImVec2 target(x_of(to), y_of(static_cast<double>(nominal)));
        ImVec2 full_b = a + (target - a) * (static_cast<float>(end_t - e.time) / static_cast<float>(nominal - e.time));
        Micros shown_end = std::min(end_t, now);
        float frac = end_t > e.time ? static_cast<float>(shown_end - e.time) / static_cast<float>(end_t - e.time) : 1.0f;
        frac = std::clamp(frac, 0.0f, 1.0f);
        ImVec2 b = a + (full_b - a) * frac;

        bool selected = app.selected == static_cast<int64_t>(e.index);
        int pair = (from % 8) * 8 + (to % 8);
        if (crowded && !selected && !lost && !e.retransmission && !in_flight && a.y - last_drawn_y[pair] < 1.0f) {
            if (a.y >= plot_top) ++hidden;
            continue;
        }
        last_drawn_y[pair] = a.y;
        ImU32 col = selected ? pal.selected : host_color(from, lost ? 0.6f : 1.0f);
        float thick = selected ? 3.0f : 1.6f;
        if (e.retransmission || e.kind == TraceKind::SegmentInjected) dashed_line(dl, a, b, col, thick);
        else dl->AddLine(a, b, col, thick);
        if (in_flight) {
            // The head of a segment still on the wire, drawn by the pulse shader.
            render::add_pulse(dl, a, b, 1.0f, col, 2.0f);
        } else if (!lost) {
            ImVec2 dir = full_b - a;
            dir = dir * (1.0f / std::max(1.0f, length(dir)));
            ImVec2 perp(-dir.y, dir.x);
            dl->AddTriangleFilled(b, b - dir * 9 + perp * 4, b - dir * 9 - perp * 4, col);
        }
        if (lost && frac >= 1.0f) {
            float s = 6;
            dl->AddLine(b - ImVec2(s, s), b + ImVec2(s, s), pal.lost, 2.5f);
            dl->AddLine(b - ImVec2(s, -s), b + ImVec2(s, -s), pal.lost, 2.5f);
        }
        TextBox seg_box{ImVec2(std::min(a.x, full_b.x), std::min(a.y, full_b.y)) - ImVec2(2, 2),
                        ImVec2(std::max(a.x, full_b.x), std::max(a.y, full_b.y)) + ImVec2(2, 2)};
        report_box("segment", "seg." + std::to_string(e.index), seg_box.min, seg_box.max);

        // The label, placed where it collides with nothing.
        std::string label = ix.labeler.summary(e, app.numbering);
        if (e.retransmission) label = std::string("[") + tr("ui.timeline.retrans_tag") + "] " + label;
        if (app.what_if_overlay && !app.what_if_overlay->real_sends(e)) label += std::string(" ") + tr("ui.whatif.not_real");
        if (ix.duplicated.count(e.packet_id)) label += std::string(" ") + tr("ui.timeline.dup");
        if (lost) label += std::string(" ") + tr("ui.timeline.lost");
        ImVec2 ts = ImGui::CalcTextSize(label.c_str());
        int at = -1;
        if (labelled < kMaxLabels || selected) {
            std::vector<TextBox> cands = label_candidates(a, full_b, ts, line_h, top.x + axis_w, canvas_max.x, &anchors);
            at = placer.place(cands);
            if (at >= 0) {
                const TextBox& box = cands[static_cast<size_t>(at)];
                ImVec2 anchor = anchors[static_cast<size_t>(at)];
                if (anchor.y < box.min.y - 3 || anchor.y > box.max.y + 3)  // stacked: a leader line to the arrow
                    dl->AddLine(anchor, ImVec2(std::clamp(anchor.x, box.min.x, box.max.x), anchor.y < box.min.y ? box.min.y : box.max.y),
                                with_alpha(col, 0.7f), 1.0f);
                dl->AddRectFilled(box.min, box.max, with_alpha(pal.canvas, 0.85f), 2.0f);
                dl->AddText(box.min + ImVec2(2, 0), selected ? pal.selected : pal.panel_text, label.c_str());
                report_box("label", "seglabel." + std::to_string(e.index), box.min, box.max, label, fs);
                ++labelled;
            }
        }
        float mid_y = (a.y + full_b.y) * 0.5f;
        if (at < 0 && mid_y >= plot_top && mid_y <= canvas_max.y) ++hidden;
        if (hovered) {
            float d = dist_to_segment(mouse, a, full_b);
            if (d < hover_d) {
                hover_d = d;
                hover_entry = static_cast<int64_t>(e.index);
            }
        }
    }

    // --- What if: real TCP's own segments this run does not send, faded and dotted -------------------
    if (app.what_if_overlay) {
        const AppState::WhatIfOverlay& o = *app.what_if_overlay;
        for (const TraceEntry& e : o.real_only) {
            if (e.time > now || static_cast<double>(e.time) > t1) continue;  // as the run shows its own: up to now
            const Micros end_t = e.arrival >= 0 ? e.arrival : e.time + link_delay(sim.config(), e.host, e.peer_host);
            if (static_cast<double>(end_t) < t0 || e.host >= sim.host_count() || e.peer_host >= sim.host_count()) continue;
            const ImVec2 a(x_of(e.host), y_of(static_cast<double>(e.time)));
            const ImVec2 full(x_of(e.peer_host), y_of(static_cast<double>(end_t)));
            const float frac = end_t > e.time ? std::clamp(static_cast<float>(std::min(end_t, now) - e.time) / static_cast<float>(end_t - e.time), 0.0f, 1.0f) : 1.0f;
            const ImVec2 b = a + (full - a) * frac;
            const ImU32 col = with_alpha(host_color(e.host), 0.45f);
            const float len = length(b - a);
            for (float d = 0; d < len; d += 6.0f)  // dotted: 2 px on, 4 px off
                dl->AddLine(a + (b - a) * (d / std::max(len, 1.0f)), a + (b - a) * (std::min(d + 2.0f, len) / std::max(len, 1.0f)), col, 1.6f);
            const std::string label = std::string(tr("ui.whatif.real_only")) + " " + o.labels.summary(e, app.numbering);
            const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
            std::vector<ImVec2> ghost_anchors;
            std::vector<TextBox> cands = label_candidates(a, full, ts, line_h, top.x + axis_w, canvas_max.x, &ghost_anchors);
            const int at = placer.place(cands);
            if (at >= 0) {
                const TextBox& box = cands[static_cast<size_t>(at)];
                dl->AddRectFilled(box.min, box.max, with_alpha(pal.canvas, 0.85f), 2.0f);
                dl->AddText(box.min + ImVec2(2, 0), pal.dim_text, label.c_str());
                report_box("label", "whatif.real." + std::to_string(e.index), box.min, box.max, label, fs);
            } else {
                ++hidden;
            }
        }
    }

    // --- Cursor at the current time ---------------------------------------------------------------
    float cy = y_of(static_cast<double>(now));
    std::string nl = format_time(now);
    if (cy <= canvas_max.y) {
        dl->AddLine(ImVec2(top.x + axis_w - 6, cy), ImVec2(top.x + avail.x, cy), pal.cursor, 1.5f);
        dl->AddText(ImVec2(top.x + 2, cy - fs - 1), pal.cursor, nl.c_str());
    } else {
        std::string text = fill(tr("ui.timeline.now_below"), {{"t", nl}});
        dl->AddText(ImVec2(top.x + 2, canvas_max.y - fs - 4), pal.cursor, text.c_str());
    }
    // A fitted or followed view zooms in until every text has room (a few frames); a view the user
    // zoomed out says how many texts do not fit.
    // Not closer than about one flight time over the plot's height.
    const double min_upp = std::max(1.0, 1.5 * static_cast<double>(std::max<Micros>(ix.max_flight, msec(1))) / plot_h);
    if (hidden > 0 && (v.settle_frames > 0 || v.follow) && v.us_per_px * 0.85 >= min_upp) {
        float at_y = v.follow ? std::clamp(cy, plot_top, canvas_max.y) : plot_top;
        double at = v.top_us + (at_y - plot_top) * v.us_per_px;
        v.us_per_px *= 0.85;
        v.top_us = at - (at_y - plot_top) * v.us_per_px;
        if (v.settle_frames > 0) --v.settle_frames;
    } else if (hidden == 0) {
        v.settle_frames = 0;
    }
    v.hidden = hidden;
    dl->PopClipRect();

    // --- Interaction: hover, select, drop in flight ---------------------------------------------
    if (hover_entry >= 0) {
        const TraceEntry& e = trace[static_cast<size_t>(hover_entry)];
        bool in_flight = e.arrival > now && !ix.dropped.count(e.packet_id);
        ImGui::BeginTooltip();
        ImGui::Text("%s -> %s  %s", sim.host_name(e.host).c_str(), sim.host_name(e.peer_host).c_str(),
                    ix.labeler.summary(e, app.numbering).c_str());
        if (app.numbering != Numbering::Absolute) ImGui::TextDisabled("%s", ix.labeler.summary(e, Numbering::Absolute).c_str());
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
            report_item("control", "menu.inspect", tr("ui.timeline.inspect"));
            if (ImGui::MenuItem(tr("ui.timeline.drop"), nullptr, false, in_flight)) app.drop_in_flight(e.packet_id);
            report_item("control", "menu.drop", tr("ui.timeline.drop"));
        }
        ImGui::EndPopup();
    }
}

}  // namespace tcplab::ui
