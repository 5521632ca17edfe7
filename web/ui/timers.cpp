// Timers: a large 2MSL countdown for every connection in TIME_WAIT (with the number of restarts a
// retransmitted FIN caused, RFC 9293 section 3.10.7.4 "restart the 2 MSL time-out"), then the other
// running timers (retransmission, FIN_WAIT_2, delayed ACK) with their remaining time.
#include <algorithm>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "panels.h"
#include "text.h"
#include "theme.h"

namespace tcplab::ui {

namespace {

// The most recent TimerSet for (conn, timer) and how many times it was set since the connection
// entered `since_state` (only counted when since_state is given).
struct TimerHistory {
    const TraceEntry* last_set = nullptr;
    int sets = 0;
};

TimerHistory timer_history(const Trace& trace, int conn, TimerKind kind, bool count_since_time_wait) {
    TimerHistory h;
    // Scan back; bounded so a huge trace costs a fixed amount per frame.
    size_t limit = std::min<size_t>(trace.size(), 50000);
    for (size_t k = 0; k < limit; ++k) {
        const TraceEntry& e = trace[trace.size() - 1 - k];
        if (e.conn != conn) continue;
        if (e.kind == TraceKind::TimerSet && e.timer == kind) {
            if (!h.last_set) h.last_set = &e;
            ++h.sets;
            if (!count_since_time_wait) break;
        }
        if (count_since_time_wait && e.kind == TraceKind::StateChange && e.to == State::TimeWait) break;
    }
    return h;
}

Micros time_wait_duration(const Simulator& sim, int host) {
    const SimConfig& c = sim.config();
    if (host >= 0 && host < static_cast<int>(c.hosts.size()) && c.hosts[host].profile) return c.hosts[host].profile->time_wait_duration();
    return c.profile.time_wait_duration();
}

}  // namespace

void draw_timers(AppState& app) {
    if (!app.ready()) return;
    const Simulator& sim = *app.sim();
    const Trace& trace = app.trace();
    const Micros now = app.view_time;
    const Palette& pal = palette();
    bool any = false;
    std::vector<ConnView> conns = sim.connections();

    for (const ConnView& v : conns) {
        Micros deadline = v.timers[static_cast<int>(TimerKind::TimeWait)];
        if (v.state != State::TimeWait || deadline == kNever) continue;
        any = true;
        Micros total = time_wait_duration(sim, v.host);
        TimerHistory h = timer_history(trace, v.id, TimerKind::TimeWait, true);
        if (h.last_set) total = std::max<Micros>(1, h.last_set->deadline - h.last_set->time);
        Micros left = std::max<Micros>(0, deadline - now);
        float frac = static_cast<float>(static_cast<double>(left) / static_cast<double>(total));
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(host_color(v.host)), "%s", sim.host_name(v.host).c_str());
        ImGui::SameLine();
        ImGui::TextWrapped("%s", tr("ui.timers.time_wait"));
        // A restart shows for a moment (about 1.5 s of real time) in the warning colour.
        bool restarted = h.sets > 1;
        double real_since = h.last_set ? static_cast<double>(now - h.last_set->time) / 1e6 / (std::max(0.1f, app.speed) * kVirtualPerReal) : 1e9;
        bool flash = restarted && real_since < 1.5;
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::ColorConvertU32ToFloat4(flash ? pal.warning : host_color(v.host)));
        char big[64];
        std::snprintf(big, sizeof big, "%.2f s", static_cast<double>(left) / 1e6);
        ImGui::SetWindowFontScale(1.6f);
        ImGui::ProgressBar(frac, ImVec2(-1, 0), big);
        ImGui::SetWindowFontScale(1.0f);
        ImGui::PopStyleColor();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", fill(tr("ui.timers.of_2msl"), {{"total", format_time(total)}}).c_str());
        ImGui::PopStyleColor();
        if (restarted) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(pal.warning));
            ImGui::TextWrapped("%s", fill(tr("ui.timers.restarted"), {{"n", std::to_string(h.sets - 1)}}).c_str());
            ImGui::PopStyleColor();
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("ui.timers.time_wait.tip"));
    }

    // Other running timers: one compact line each.
    for (const ConnView& v : conns) {
        for (int k = 0; k < kTimerCount; ++k) {
            TimerKind kind = static_cast<TimerKind>(k);
            if (kind == TimerKind::TimeWait && v.state == State::TimeWait) continue;
            Micros deadline = v.timers[k];
            if (deadline == kNever) continue;
            any = true;
            Micros left = std::max<Micros>(0, deadline - now);
            TimerHistory h = timer_history(trace, v.id, kind, false);
            Micros total = h.last_set ? std::max<Micros>(1, h.last_set->deadline - h.last_set->time) : std::max<Micros>(left, 1);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(host_color(v.host)), "%s", sim.host_name(v.host).c_str());
            ImGui::SameLine();
            std::string label = tr(std::string("timer.") + timer_name(kind));
            if (kind == TimerKind::Retransmission && v.tcb.retries > 0)
                label += " " + fill(tr("ui.timers.retry"), {{"n", std::to_string(v.tcb.retries)}});
            ImGui::TextWrapped("%s", label.c_str());
            std::string text = format_time(left);
            ImGui::ProgressBar(static_cast<float>(static_cast<double>(left) / static_cast<double>(total)), ImVec2(-1, 0), text.c_str());
        }
    }
    if (!any) ImGui::TextDisabled("%s", tr("ui.timers.none"));
}

}  // namespace tcplab::ui
