// The TCB panel: RFC 9293 section 3.3.1's variables for each host's current connection, in the
// timeline's numbering mode (with the absolute number beside a symbolic or relative one).
#include <string>
#include <vector>

#include "imgui.h"
#include "panels.h"
#include "text.h"
#include "theme.h"

namespace tcplab::ui {

namespace {

// The connection the panel shows for a host: its newest non-listener connection, else its listener.
const ConnView* pick(const std::vector<ConnView>& conns, int host) {
    const ConnView* best = nullptr;
    for (const ConnView& v : conns) {
        if (v.host != host) continue;
        if (!best || (best->listener && !v.listener) || (best->listener == v.listener && v.id > best->id)) best = &v;
    }
    return best;
}

}  // namespace

void draw_tcb(AppState& app) {
    if (!app.ready()) return;
    const Simulator& sim = *app.sim();
    const Labeler& lab = app.index.labeler;
    std::vector<ConnView> conns = sim.connections();
    std::vector<const ConnView*> cols;
    for (int h = 0; h < sim.host_count() && h < 4; ++h) cols.push_back(pick(conns, h));

    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp |
                            ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##tcb", 1 + static_cast<int>(cols.size()), flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("ui.tcb.field"), ImGuiTableColumnFlags_WidthFixed);  // fits its widest name
    for (int h = 0; h < static_cast<int>(cols.size()); ++h) ImGui::TableSetupColumn(sim.host_name(h).c_str());
    ImGui::TableHeadersRow();

    auto row = [&](const char* name, const char* tip, auto value_of) {
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(name);
        if (tip && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tip);
        for (size_t c = 0; c < cols.size(); ++c) {
            ImGui::TableSetColumnIndex(static_cast<int>(c) + 1);
            if (!cols[c]) {
                ImGui::TextDisabled("-");
                continue;
            }
            std::string v = value_of(*cols[c]);
            ImGui::TextWrapped("%s", v.c_str());  // narrow layouts: wrap in the column, never cut off
        }
    };
    // A sequence number in the sending (local) or receiving (remote) space.
    auto seq = [&](const ConnView& v, Seq value, bool local) {
        const Tcb& t = v.tcb;
        std::string abs = std::to_string(value);
        if (app.numbering == Numbering::Absolute) return abs;
        std::string l = local ? lab.label(t.local_ip, t.local_port, t.remote_ip, t.remote_port, value, app.numbering)
                              : lab.label(t.remote_ip, t.remote_port, t.local_ip, t.local_port, value, app.numbering);
        return l == abs ? abs : l + "  (" + abs + ")";
    };
    bool synced_any = false;
    for (const ConnView* v : cols) synced_any |= v && v->state != State::Listen && v->state != State::Closed;

    row(tr("ui.tcb.state"), nullptr, [&](const ConnView& v) {
        return std::string(state_name(v.state)) + (v.listener ? " (" + std::string(tr("ui.tcb.listener")) + ")" : "");
    });
    row(tr("ui.tcb.sockets"), nullptr, [&](const ConnView& v) {
        return ipv4_string(v.tcb.local_ip) + ":" + std::to_string(v.tcb.local_port) + " -> " +
               (v.tcb.remote_ip ? ipv4_string(v.tcb.remote_ip) + ":" + std::to_string(v.tcb.remote_port) : "*");
    });
    row("ISS", tr("ui.tcb.iss.tip"), [&](const ConnView& v) { return seq(v, v.tcb.iss, true); });
    row("SND.UNA", tr("ui.tcb.snd_una.tip"), [&](const ConnView& v) { return seq(v, v.tcb.snd_una, true); });
    row("SND.NXT", tr("ui.tcb.snd_nxt.tip"), [&](const ConnView& v) { return seq(v, v.tcb.snd_nxt, true); });
    row("SND.WND", tr("ui.tcb.snd_wnd.tip"), [&](const ConnView& v) { return std::to_string(v.tcb.snd_wnd); });
    // Congestion control (RFC 5681): "-" where the profile has none or it has not started yet.
    row("CWND", tr("ui.tcb.cwnd.tip"), [&](const ConnView& v) { return v.tcb.cwnd ? std::to_string(v.tcb.cwnd) : std::string("-"); });
    row("SSTHRESH", tr("ui.tcb.ssthresh.tip"), [&](const ConnView& v) {
        return v.tcb.cwnd && v.tcb.ssthresh != 0xFFFFFFFFu ? std::to_string(v.tcb.ssthresh) : std::string("-");
    });
    row("IRS", tr("ui.tcb.irs.tip"), [&](const ConnView& v) { return seq(v, v.tcb.irs, false); });
    row("RCV.NXT", tr("ui.tcb.rcv_nxt.tip"), [&](const ConnView& v) { return seq(v, v.tcb.rcv_nxt, false); });
    row("RCV.WND", tr("ui.tcb.rcv_wnd.tip"), [&](const ConnView& v) { return std::to_string(v.tcb.rcv_wnd); });
    row(tr("ui.tcb.send_buffer"), nullptr, [&](const ConnView& v) { return std::to_string(v.send_buffered) + " B"; });
    row(tr("ui.tcb.recv_buffer"), nullptr, [&](const ConnView& v) {
        std::string s = std::to_string(v.recv_buffered) + " B";
        if (v.ooo_segments) s += " +" + std::to_string(v.ooo_segments) + " " + tr("ui.tcb.ooo");
        return s;
    });
    row(tr("ui.tcb.fin"), nullptr, [&](const ConnView& v) {
        std::string s;
        if (v.tcb.fin_sent) s += std::string(tr("ui.tcb.fin_sent")) + " " + seq(v, v.tcb.fin_seq, true);
        if (v.tcb.fin_received) s += (s.empty() ? "" : ", ") + std::string(tr("ui.tcb.fin_received")) + " " + seq(v, v.tcb.peer_fin_seq, false);
        return s.empty() ? std::string("-") : s;
    });
    row("RTO", tr("ui.tcb.rto.tip"), [&](const ConnView& v) {
        return format_time(v.tcb.rto) + (v.tcb.retries ? "  x" + std::to_string(v.tcb.retries) : "");
    });
    for (int k = 0; k < kTimerCount; ++k) {
        std::string name = tr(std::string("timer.") + timer_name(static_cast<TimerKind>(k)));
        row(name.c_str(), nullptr, [&](const ConnView& v) {
            Micros d = v.timers[k];
            return d == kNever ? std::string("-") : format_time(std::max<Micros>(0, d - app.view_time));
        });
    }
    row(tr("ui.tcb.error"), nullptr, [&](const ConnView& v) { return std::string(error_name(v.error)); });
    ImGui::EndTable();
    if (!synced_any) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", tr("ui.tcb.none"));
        ImGui::PopStyleColor();
    }
}

}  // namespace tcplab::ui
