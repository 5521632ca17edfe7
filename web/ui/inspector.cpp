// The segment inspector: the TCP header drawn as RFC 9293 section 3.1's grid (32 bits a row, every
// field with its value), then the options and the payload in hex and ASCII.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <string>

#include "imgui.h"
#include "layout_report.h"
#include "panels.h"
#include "text.h"
#include "theme.h"
#include "vec.h"

namespace tcplab::ui {

namespace {

struct Field {
    int bits;
    const char* name_key;
    std::string value;
    bool highlight = false;
};

// One 32-bit row of the grid.
void grid_row(ImDrawList* dl, ImVec2 origin, float bit_w, float row_h, const std::vector<Field>& fields) {
    const Palette& pal = palette();
    float x = origin.x;
    for (const Field& f : fields) {
        float w = bit_w * f.bits;
        ImVec2 a(x, origin.y), b(x + w, origin.y + row_h);
        dl->AddRectFilled(a, b, f.highlight ? with_alpha(pal.host[0], 0.35f) : pal.node_fill);
        dl->AddRect(a, b, pal.node_border);
        const char* name = tr(f.name_key);
        float small = ImGui::GetFontSize() * 0.8f;
        ImVec2 ns = ImGui::CalcTextSize(name) * 0.8f;
        ImVec2 vs = ImGui::CalcTextSize(f.value.c_str());
        dl->PushClipRect(a, b, true);
        if (ns.x <= w - 2) dl->AddText(ImGui::GetFont(), small, ImVec2(a.x + (w - ns.x) * 0.5f, a.y + 1), pal.dim_text, name);
        dl->AddText(ImVec2(a.x + (w - vs.x) * 0.5f, b.y - vs.y - 2), pal.panel_text, f.value.c_str());
        dl->PopClipRect();
        x += w;
    }
}

std::string options_text(const TcpOptions& o) {
    std::string s;
    char buf[64];
    if (o.mss) {
        std::snprintf(buf, sizeof buf, "MSS=%u ", *o.mss);
        s += buf;
    }
    if (o.window_scale) {
        std::snprintf(buf, sizeof buf, "WS=%u ", *o.window_scale);
        s += buf;
    }
    if (o.sack_permitted) s += "SACK_PERM ";
    if (o.timestamps) {
        std::snprintf(buf, sizeof buf, "TS val=%u ecr=%u", o.timestamps->value, o.timestamps->echo);
        s += buf;
    }
    return s;
}

// The window as a whole, so that tests see what it covers, and its title bar's close button (the
// place Dear ImGui 1.86 draws it: the right end of the title bar, a font size plus frame padding).
void report_inspector_window() {
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    const ImGuiStyle& st = ImGui::GetStyle();
    const float fs = ImGui::GetFontSize();
    report_box("window", "inspector", pos, pos + size);
    const ImVec2 close(pos.x + size.x - 2 * st.FramePadding.x - fs, pos.y);
    report_box("control", "inspector.close", close, close + ImVec2(fs, fs) + st.FramePadding * 2.0f);
}

}  // namespace

void draw_inspector(AppState& app) {
    if (app.selected < 0 || !app.ready()) return;
    const Trace& trace = app.trace();
    if (static_cast<size_t>(app.selected) >= trace.size()) {
        app.selected = -1;
        return;
    }
    const TraceEntry& e = trace[static_cast<size_t>(app.selected)];
    if (e.kind != TraceKind::SegmentSent && e.kind != TraceKind::SegmentInjected) {  // replaced by a replay
        app.selected = -1;
        return;
    }
    const Simulator& sim = *app.sim();
    const Packet& pk = e.packet;
    const Segment& s = pk.seg;

    ImGuiIO& io = ImGui::GetIO();
    const float* area = app.inspector_area;
    if (area[2] > 0) {  // over the state diagram, scrolling inside it
        ImGui::SetNextWindowPos(ImVec2(area[0], area[1]), ImGuiCond_Appearing);
        ImGui::SetNextWindowSize(ImVec2(area[2], area[3]), ImGuiCond_Appearing);
    } else {
        float w = std::min(560.0f, io.DisplaySize.x - 20);
        ImGui::SetNextWindowSize(ImVec2(w, 0), ImGuiCond_Appearing);
        ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - w - 10, io.DisplaySize.y * 0.35f), ImGuiCond_Appearing);
    }
    bool open = true;
    std::string title = std::string(tr("ui.inspector.title")) + "###inspector";
    const bool shown = ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoSavedSettings);
    report_inspector_window();
    if (!shown) {
        ImGui::End();
        if (!open) app.selected = -1;
        return;
    }
    const TraceIndex& ix = app.index;
    ImGui::TextWrapped("%s -> %s   %s", sim.host_name(e.host >= 0 ? e.host : 0).c_str(),
                e.peer_host >= 0 ? sim.host_name(e.peer_host).c_str() : "?", ix.labeler.summary(e, app.numbering).c_str());
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("#%llu  %s %s  %s %s%s", static_cast<unsigned long long>(e.packet_id), tr("ui.timeline.sent_at"),
                        format_time(e.time).c_str(), tr("ui.inspector.arrives"),
                        e.arrival >= 0 ? format_time(e.arrival).c_str() : tr("ui.inspector.never"),
                        e.retransmission ? (std::string("  ") + tr("ui.timeline.retx")).c_str() : "");
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s:%u -> %s:%u", ipv4_string(pk.src_ip).c_str(), s.src_port, ipv4_string(pk.dst_ip).c_str(), s.dst_port);

    // The header grid.
    ImVec2 origin = ImGui::GetCursorScreenPos();
    float avail = ImGui::GetContentRegionAvail().x;
    float bit_w = std::floor(std::max(8.0f, avail / 32.0f));
    float row_h = ImGui::GetFontSize() * 2.3f;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Palette& pal = palette();
    // Bit ruler.
    for (int b = 0; b < 32; b += 4) {
        char n[8];
        std::snprintf(n, sizeof n, "%d", b);
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() * 0.75f, ImVec2(origin.x + b * bit_w + 1, origin.y), pal.dim_text, n);
    }
    origin.y += ImGui::GetFontSize();
    char buf[64];
    auto num = [&](unsigned long v) {
        std::snprintf(buf, sizeof buf, "%lu", v);
        return std::string(buf);
    };
    std::string seq = num(s.seq), ack = num(s.ack);
    if (app.numbering != Numbering::Absolute) {
        seq += " (" + ix.labeler.seq_label(e, app.numbering) + ")";
        if (s.has(kACK)) ack += " (" + ix.labeler.ack_label(e, app.numbering) + ")";
    }
    uint16_t checksum = tcp_checksum(pk);
    std::snprintf(buf, sizeof buf, "0x%04x", checksum);
    std::string csum = buf;
    std::vector<std::vector<Field>> rows = {
        {{16, "ui.hdr.src_port", num(s.src_port)}, {16, "ui.hdr.dst_port", num(s.dst_port)}},
        {{32, "ui.hdr.seq", seq}},
        {{32, "ui.hdr.ack", ack}},
        {{4, "ui.hdr.offset", num(s.data_offset())},
         {4, "ui.hdr.reserved", "0"},
         {1, "CWR", s.has(kCWR) ? "1" : "0", s.has(kCWR)},
         {1, "ECE", s.has(kECE) ? "1" : "0", s.has(kECE)},
         {1, "URG", s.has(kURG) ? "1" : "0", s.has(kURG)},
         {1, "ACK", s.has(kACK) ? "1" : "0", s.has(kACK)},
         {1, "PSH", s.has(kPSH) ? "1" : "0", s.has(kPSH)},
         {1, "RST", s.has(kRST) ? "1" : "0", s.has(kRST)},
         {1, "SYN", s.has(kSYN) ? "1" : "0", s.has(kSYN)},
         {1, "FIN", s.has(kFIN) ? "1" : "0", s.has(kFIN)},
         {16, "ui.hdr.window", num(s.window)}},
        {{16, "ui.hdr.checksum", csum}, {16, "ui.hdr.urgent", num(s.urgent)}},
    };
    for (const auto& row : rows) {
        grid_row(dl, origin, bit_w, row_h, row);
        origin.y += row_h;
    }
    // Flag names over the single-bit cells (the names do not fit in a cell).
    {
        static const char* kFlagNames[8] = {"C", "E", "U", "A", "P", "R", "S", "F"};
        float y = origin.y - 2 * row_h + 1;
        for (int i = 0; i < 8; ++i)
            dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() * 0.8f, ImVec2(origin.x + (8 + i) * bit_w + bit_w * 0.3f, y),
                        pal.dim_text, kFlagNames[i]);
    }
    ImGui::Dummy(ImVec2(bit_w * 32, ImGui::GetFontSize() + row_h * rows.size()));

    std::string opts = options_text(s.options);
    ImGui::TextWrapped("%s: %s (%d %s)", tr("ui.inspector.options"), opts.empty() ? "-" : opts.c_str(),
                s.options.encoded_length(), tr("ui.inspector.bytes"));
    ImGui::Text("%s: %zu %s  (SEG.LEN=%u)", tr("ui.inspector.payload"), s.payload.size(), tr("ui.inspector.bytes"), s.seg_len());
    if (!s.payload.empty()) {
        // Hex dump, 16 bytes a line, at most 64 lines.
        ImGui::BeginChild("##payload", ImVec2(0, std::min(200.0f, ImGui::GetTextLineHeight() * (s.payload.size() / 16 + 2))), true);
        size_t n = std::min<size_t>(s.payload.size(), 16 * 64);
        for (size_t off = 0; off < n; off += 16) {
            std::string line;
            std::snprintf(buf, sizeof buf, "%04zx  ", off);
            line += buf;
            std::string ascii;
            for (size_t i = off; i < off + 16; ++i) {
                if (i < n) {
                    std::snprintf(buf, sizeof buf, "%02x ", s.payload[i]);
                    line += buf;
                    ascii += std::isprint(s.payload[i]) ? static_cast<char>(s.payload[i]) : '.';
                } else {
                    line += "   ";
                }
            }
            line += " " + ascii;
            ImGui::TextUnformatted(line.c_str());
        }
        if (n < s.payload.size()) ImGui::TextDisabled("... %zu %s", s.payload.size() - n, tr("ui.inspector.more_bytes"));
        ImGui::EndChild();
    }
    ImGui::End();
    if (!open) app.selected = -1;
}

}  // namespace tcplab::ui
