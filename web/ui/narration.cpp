// The event log: every trace entry up to the current time, told in the chosen language from the
// entry's message key and parameters (engine/i18n), with the cause and RFC section of the rule behind
// state changes. Segments are labelled as the ladder labels them (Labeler::summary). Lines wrap; the
// filters default to what a student needs: teaching notes, segments, states and calls; timers and
// check results are one click away.
#include "narration.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "i18n.h"
#include "imgui.h"
#include "layout_report.h"
#include "panels.h"
#include "text.h"
#include "theme.h"
#include "vec.h"

namespace tcplab::ui {

namespace {

enum Filter { kSegments, kStates, kTimers, kCalls, kNotes, kChecks, kFilterCount };
constexpr bool kDefaultFilter[kFilterCount] = {true, true, false, true, true, false};
bool g_filter[kFilterCount] = {true, true, false, true, true, false};
bool g_autoscroll = true;

Filter filter_of(TraceKind k) {
    switch (k) {
        case TraceKind::SegmentSent:
        case TraceKind::SegmentDelivered:
        case TraceKind::SegmentDropped:
        case TraceKind::SegmentDuplicated:
        case TraceKind::SegmentInjected: return kSegments;
        case TraceKind::StateChange:
        case TraceKind::RuleFired: return kStates;
        case TraceKind::TimerSet:
        case TraceKind::TimerCancelled:
        case TraceKind::TimerFired: return kTimers;
        case TraceKind::UserCall:
        case TraceKind::UserResult:
        case TraceKind::DataDelivered: return kCalls;
        case TraceKind::Expect: return kChecks;
        default: return kNotes;
    }
}

// The filtered rows with their wrapped heights, rebuilt when the trace, the filter, the width, the
// language or the numbering changes; extended as the trace grows.
struct Rows {
    std::vector<uint32_t> entries;
    std::vector<float> top;  // y of each row in the list; top[n] = total height
    size_t scanned = 0;
    uint64_t generation = ~0ull;
    int filter_bits = -1;
    float wrap_w = -1;
    std::string lang;
    Numbering numbering = Numbering::Symbolic;
} g_rows;

std::string host_name(const Simulator& sim, int h) { return h >= 0 && h < sim.host_count() ? sim.host_name(h) : "?"; }

// "cause [RFC 9293 §3.10.7.4]" in the current language.
std::string rule_text(Rule r) {
    if (r == Rule::None) return "";
    const RuleInfo& info = rule_info(r);
    std::string s = tr(std::string("rule.") + info.key);
    if (info.section && *info.section) s += std::string("  [") + (std::isdigit(static_cast<unsigned char>(info.section[0])) ? "RFC 9293 §" : "") + info.section + "]";
    return s;
}

}  // namespace

std::string narrate(const AppState& app, const TraceEntry& e) {
    const Simulator& sim = *app.sim();
    const Labeler& lab = app.index.labeler;
    std::vector<std::pair<std::string, std::string>> params;
    for (const TraceParam& p : e.params) params.emplace_back(p.name, p.value);
    std::string host = host_name(sim, e.host);
    params.emplace_back("host", host);
    switch (e.kind) {
        case TraceKind::StateChange:
            return fill(tr("state.change"), {{"host", host}, {"from", state_name(e.from)}, {"to", state_name(e.to)}}) + ": " +
                   rule_text(e.rule);
        case TraceKind::RuleFired: return host + ": " + rule_text(e.rule);
        case TraceKind::SegmentSent:
        case TraceKind::SegmentDelivered:
        case TraceKind::SegmentDropped:
        case TraceKind::SegmentDuplicated:
        case TraceKind::SegmentInjected: {
            std::string src = e.kind == TraceKind::SegmentDelivered ? host_name(sim, e.peer_host) : host;
            std::string dst = e.kind == TraceKind::SegmentDelivered ? host : host_name(sim, e.peer_host);
            // The segment as the ladder labels it ("SYN,ACK seq=y ack=x+1"), the same in both languages.
            std::string seg = lab.summary(e, app.numbering);
            std::string route = src + " -> " + dst + ": ";
            switch (e.kind) {
                case TraceKind::SegmentSent: return route + seg + (e.retransmission ? std::string(" ") + tr("ui.timeline.retx") : "");
                case TraceKind::SegmentDelivered: return fill(tr("ui.log.receives"), {{"host", dst}}) + " " + seg;
                case TraceKind::SegmentInjected: return route + seg + " " + tr("ui.log.injected");
                default: return route + seg + ": " + tr(e.key);
            }
        }
        case TraceKind::TimerSet:
        case TraceKind::TimerCancelled:
        case TraceKind::TimerFired: {
            const char* tmpl = e.kind == TraceKind::TimerSet ? "timer.set" : e.kind == TraceKind::TimerCancelled ? "timer.cancelled" : "timer.fired";
            return fill(tr(tmpl), {{"host", host}, {"timer", tr(std::string("timer.") + timer_name(e.timer))},
                                   {"deadline", format_time(e.deadline)}});
        }
        case TraceKind::Note:
            // Scenario narration: the note's own text in the chosen language (matched by its line).
            if (app.scenario && app.lang == "zh")
                for (const ScenarioNote& n : app.scenario->notes)
                    if (n.line == e.line && !n.zh.empty()) return n.zh;
            return e.text;
        case TraceKind::Expect: {
            const std::string* text = e.param("text");
            std::string detail;
            if (!e.ok && app.run)
                for (const ExpectResult& r : app.run->results())
                    if (r.expect && r.expect->loc.line == e.line) detail = r.detail;
            return fill(tr(e.ok ? "expect.ok" : "expect.failed"), {{"text", text ? *text : e.text}, {"detail", detail}});
        }
        default: break;
    }
    if (!has_message(e.key)) return e.text;
    std::string text = tcplab::format(e.key, app.lang == "zh" ? Lang::Zh : Lang::En, params);
    // A template whose parameters the entry does not carry: the engine's English line says it all.
    return text.find('{') == std::string::npos ? text : e.text;
}

std::string narration_text(const AppState& app, size_t trace_index) {
    if (!app.ready() || trace_index >= app.trace().size()) return "";
    const TraceEntry& e = app.trace()[trace_index];
    if (!kDefaultFilter[filter_of(e.kind)]) return "";
    return narrate(app, e);
}

namespace {

ImU32 line_color(const TraceEntry& e) {
    if (e.kind == TraceKind::StateChange) return host_color(e.host);
    if (e.kind == TraceKind::SegmentDropped || (e.kind == TraceKind::Expect && !e.ok)) return palette().lost;
    return ImGui::GetColorU32(ImGuiCol_Text);
}

// What hovering (or tapping) a line explains: the line, the rule's cause and RFC section.
void line_tooltip(const TraceEntry& e, const std::string& line) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
    ImGui::TextUnformatted(line.c_str());
    if (e.rule != Rule::None) {
        std::string why = std::string(tr("ui.log.why")) + " " + rule_text(e.rule);
        ImGui::TextDisabled("%s", why.c_str());
    }
    ImGui::TextDisabled("%s", tr("ui.log.double_click"));
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

}  // namespace

void draw_log(AppState& app) {
    const char* keys[kFilterCount] = {"ui.log.segments", "ui.log.states", "ui.log.timers",
                                      "ui.log.calls",    "ui.log.other",  "ui.log.checks"};
    const char* ids[kFilterCount] = {"segments", "states", "timers", "calls", "notes", "checks"};
    for (int f = 0; f < kFilterCount; ++f) {
        same_line_if_fits(checkbox_width(tr(keys[f])));  // the filter row wraps instead of running off the panel
        ImGui::Checkbox(tr(keys[f]), &g_filter[f]);
        report_item("control", std::string("log.filter.") + ids[f], tr(keys[f]));
    }
    same_line_if_fits(checkbox_width(tr("ui.log.follow")));
    ImGui::Checkbox(tr("ui.log.follow"), &g_autoscroll);
    report_item("control", "log.follow", tr("ui.log.follow"));
    if (!app.ready()) return;
    const Trace& trace = app.trace();

    ImGui::BeginChild("##log_rows", ImVec2(0, 0), false);
    // The widest times format_time writes ("999.9 ms" is wider than "10.000 s" in most fonts).
    const float time_w = std::max(ImGui::CalcTextSize("00.000 s ").x, ImGui::CalcTextSize("000.0 ms ").x) + 4;
    const float wrap_w = std::max(60.0f, ImGui::GetContentRegionAvail().x - time_w - 4);
    const float pad = 2.0f;
    int bits = 0;
    for (int f = 0; f < kFilterCount; ++f) bits |= g_filter[f] << f;
    if (g_rows.generation != app.generation || g_rows.filter_bits != bits || g_rows.scanned > trace.size() ||
        g_rows.wrap_w != wrap_w || g_rows.lang != app.lang || g_rows.numbering != app.numbering) {
        g_rows = Rows{};
        g_rows.generation = app.generation;
        g_rows.filter_bits = bits;
        g_rows.wrap_w = wrap_w;
        g_rows.lang = app.lang;
        g_rows.numbering = app.numbering;
        g_rows.top.push_back(0);
    }
    size_t before = g_rows.entries.size();
    for (; g_rows.scanned < trace.size(); ++g_rows.scanned) {
        const TraceEntry& e = trace[g_rows.scanned];
        if (!g_filter[filter_of(e.kind)]) continue;
        std::string line = narrate(app, e);
        float h = ImGui::CalcTextSize(line.c_str(), nullptr, false, wrap_w).y + pad;
        g_rows.entries.push_back(static_cast<uint32_t>(g_rows.scanned));
        g_rows.top.push_back(g_rows.top.back() + h);
    }

    // Only the rows in view are drawn; the list's full height keeps the scrollbar honest.
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float scroll = ImGui::GetScrollY(), view_h = ImGui::GetWindowHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    auto first = std::upper_bound(g_rows.top.begin(), g_rows.top.end(), scroll) - g_rows.top.begin() - 1;
    for (size_t r = static_cast<size_t>(std::max<ptrdiff_t>(0, first)); r < g_rows.entries.size(); ++r) {
        float y0 = g_rows.top[r], y1 = g_rows.top[r + 1];
        if (y0 > scroll + view_h) break;
        const TraceEntry& e = trace[g_rows.entries[r]];
        std::string line = narrate(app, e);
        ImGui::SetCursorScreenPos(origin + ImVec2(0, y0));
        ImGui::PushID(static_cast<int>(r));
        ImGui::InvisibleButton("##row", ImVec2(time_w + wrap_w, std::max(1.0f, y1 - y0)));
        ImGui::PopID();
        bool is_segment = e.kind == TraceKind::SegmentSent || e.kind == TraceKind::SegmentInjected;
        bool hovered = ImGui::IsItemHovered();
        if (hovered || (is_segment && app.selected == static_cast<int64_t>(e.index)))
            dl->AddRectFilled(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ImGui::GetColorU32(hovered ? ImGuiCol_HeaderHovered : ImGuiCol_Header));
        if (ImGui::IsItemClicked()) {
            if (is_segment) app.selected = static_cast<int64_t>(e.index);
            if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) app.seek(e.time);
        }
        std::string t = format_time(e.time);
        ImVec2 p = origin + ImVec2(0, y0 + pad * 0.5f);
        dl->AddText(p + ImVec2(time_w - 4 - ImGui::CalcTextSize(t.c_str()).x, 0), ImGui::GetColorU32(ImGuiCol_TextDisabled), t.c_str());
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), p + ImVec2(time_w, 0), line_color(e), line.c_str(), nullptr, wrap_w);
        if (y1 <= scroll + view_h && y0 >= scroll)
            report_box("label", "log." + std::to_string(r), p + ImVec2(time_w, 0), p + ImVec2(time_w + wrap_w, y1 - y0 - pad), line,
                       ImGui::GetFontSize());
        if (hovered) line_tooltip(e, line);
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(time_w + wrap_w, g_rows.top.back()));
    if (g_autoscroll && g_rows.entries.size() != before) ImGui::SetScrollY(std::max(0.0f, g_rows.top.back() - view_h));
    ImGui::EndChild();
}

}  // namespace tcplab::ui
