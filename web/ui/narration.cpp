// The event log: every trace entry up to the current time, told in the chosen language from the
// entry's message key and parameters (engine/i18n), with the RFC section of the rule behind state
// changes. Sequence numbers follow the timeline's numbering mode.
#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "i18n.h"
#include "imgui.h"
#include "panels.h"
#include "text.h"
#include "theme.h"

namespace tcplab::ui {

namespace {

enum Filter { kSegments, kStates, kTimers, kCalls, kOther, kFilterCount };
bool g_filter[kFilterCount] = {true, true, false, true, true};
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
        default: return kOther;
    }
}

// The filtered rows, rebuilt only when the trace or the filter changes.
struct Rows {
    std::vector<uint32_t> entries;
    size_t scanned = 0;
    uint64_t generation = ~0ull;
    int filter_bits = -1;
} g_rows;

std::string host_name(const Simulator& sim, int h) { return h >= 0 && h < sim.host_count() ? sim.host_name(h) : "?"; }

std::string rule_text(Rule r) {
    if (r == Rule::None) return "";
    const RuleInfo& info = rule_info(r);
    std::string s = tr(std::string("rule.") + info.key);
    if (info.section && *info.section) s += std::string("  [") + (std::isdigit(static_cast<unsigned char>(info.section[0])) ? "RFC 9293 §" : "") + info.section + "]";
    return s;
}

}  // namespace

// One line of narration for a trace entry.
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
            const Packet& p = e.packet;
            const Segment& s = p.seg;
            std::string src = e.kind == TraceKind::SegmentDelivered ? host_name(sim, e.peer_host) : host;
            std::string dst = e.kind == TraceKind::SegmentDelivered ? host : host_name(sim, e.peer_host);
            // The segment in the timeline's numbering ("SYN,ACK seq=y ack=x+1"), the same in both languages.
            std::string seg = flags_string(s.flags) + " seq=" +
                              lab.label(p.src_ip, s.src_port, p.dst_ip, s.dst_port, s.seq, app.numbering, e.index);
            if (s.has(kACK)) seg += " ack=" + lab.label(p.dst_ip, s.dst_port, p.src_ip, s.src_port, s.ack, app.numbering, e.index);
            if (!s.payload.empty()) seg += " len=" + std::to_string(s.payload.size());
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

void draw_log(AppState& app) {
    ImGui::SameLine();
    const char* keys[kFilterCount] = {"ui.log.segments", "ui.log.states", "ui.log.timers", "ui.log.calls", "ui.log.other"};
    for (int f = 0; f < kFilterCount; ++f) {
        ImGui::SameLine();
        ImGui::Checkbox(tr(keys[f]), &g_filter[f]);
    }
    ImGui::SameLine();
    ImGui::Checkbox(tr("ui.log.follow"), &g_autoscroll);
    if (!app.ready()) return;
    const Trace& trace = app.trace();

    int bits = 0;
    for (int f = 0; f < kFilterCount; ++f) bits |= g_filter[f] << f;
    if (g_rows.generation != app.generation || g_rows.filter_bits != bits || g_rows.scanned > trace.size()) {
        g_rows = Rows{};
        g_rows.generation = app.generation;
        g_rows.filter_bits = bits;
    }
    size_t before = g_rows.entries.size();
    for (; g_rows.scanned < trace.size(); ++g_rows.scanned)
        if (g_filter[filter_of(trace[g_rows.scanned].kind)]) g_rows.entries.push_back(static_cast<uint32_t>(g_rows.scanned));

    ImGui::BeginChild("##log_rows", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(g_rows.entries.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const TraceEntry& e = trace[g_rows.entries[static_cast<size_t>(r)]];
            ImGui::PushID(r);
            ImGui::TextDisabled("%9s", format_time(e.time).c_str());
            ImGui::SameLine();
            std::string line = narrate(app, e);
            ImVec4 col = e.kind == TraceKind::StateChange ? ImGui::ColorConvertU32ToFloat4(host_color(e.host))
                       : e.kind == TraceKind::SegmentDropped ? ImGui::ColorConvertU32ToFloat4(palette().lost)
                       : (e.kind == TraceKind::Expect && !e.ok) ? ImGui::ColorConvertU32ToFloat4(palette().lost)
                       : ImGui::GetStyleColorVec4(ImGuiCol_Text);
            ImGui::PushStyleColor(ImGuiCol_Text, col);
            bool is_segment = e.kind == TraceKind::SegmentSent || e.kind == TraceKind::SegmentInjected;
            if (ImGui::Selectable(line.c_str(), is_segment && app.selected == static_cast<int64_t>(e.index),
                                  ImGuiSelectableFlags_AllowDoubleClick)) {
                if (is_segment) app.selected = static_cast<int64_t>(e.index);
                if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) app.seek(e.time);
            }
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
                ImGui::TextUnformatted(line.c_str());
                ImGui::TextDisabled("%s  %s", trace_kind_name(e.kind), e.key.c_str());
                ImGui::TextDisabled("%s", tr("ui.log.double_click"));
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            ImGui::PopID();
        }
    }
    if (g_autoscroll && g_rows.entries.size() != before) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
}

}  // namespace tcplab::ui
