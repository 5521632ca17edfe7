// The state graph: RFC 9293 Figure 5 laid out as engine/diagram.h says, every edge labelled
// "event / action", each host's connection marked in its colour, its path so far drawn over the
// edges, the edge just taken animated. The RST and timeout exits are drawn when taken (or on request).
#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "diagram.h"
#include "i18n.h"
#include "imgui.h"
#include "panels.h"
#include "text.h"
#include "theme.h"
#include "vec.h"

namespace tcplab::ui {

namespace {

struct Geometry {
    ImVec2 origin, size;
    ImVec2 box;  // node box size
    ImVec2 pos(float x, float y) const { return ImVec2(origin.x + x * size.x, origin.y + y * size.y); }
};

// One host's connection as the graph shows it: the transitions it took (diagram edge indices, in
// order) and where it is now.
struct HostPath {
    int host = -1;
    int conn = -1;
    std::vector<int> edges;
    std::vector<std::pair<State, State>> off_diagram;  // transitions the diagram lacks (a bug if any)
    State state = State::Closed;
    bool child_of_listener = false;
    bool listener_listening = false;
    uint32_t last_change = UINT32_MAX;  // trace index of the latest transition
    bool last_to_alt = false;
};

// Animation: when a host's latest transition changes, remember the real time we first saw it.
struct Anim {
    uint32_t entry = UINT32_MAX;
    double seen = -10.0;
};
std::vector<Anim> g_anim;
bool g_show_exits = false;


// Where the ray from a box's centre towards `toward` leaves the box.
ImVec2 box_exit(ImVec2 c, ImVec2 half, ImVec2 toward) {
    ImVec2 d = toward - c;
    float sx = std::fabs(d.x) > 1e-3f ? half.x / std::fabs(d.x) : 1e9f;
    float sy = std::fabs(d.y) > 1e-3f ? half.y / std::fabs(d.y) : 1e9f;
    float s = std::min(sx, sy);
    if (s > 1.0f) s = 1.0f;
    return c + d * s;
}

struct Curve {
    ImVec2 p0, mid, p1;  // quadratic: start, control, end
    ImVec2 at(float t) const {
        float u = 1 - t;
        return p0 * (u * u) + mid * (2 * u * t) + p1 * (t * t);
    }
};

ImVec2 node_center(const Geometry& g, State s, bool alt) {
    const DiagramNode& n = diagram_node(s);
    return alt ? g.pos(n.alt_x, n.alt_y) : g.pos(n.x, n.y);
}

// Parallel edges between the same two nodes bend apart; a single edge bends slightly so that its
// label does not sit on a straight line through other nodes.
Curve edge_curve(const Geometry& g, size_t index) {
    auto edges = diagram_edges();
    const DiagramEdge& e = edges[index];
    ImVec2 a = node_center(g, e.from, false), b = node_center(g, e.to, e.to_alt);
    int same = 0, rank = 0;
    for (size_t i = 0; i < edges.size(); ++i) {
        const DiagramEdge& o = edges[i];
        bool pair = (o.from == e.from && o.to == e.to && o.to_alt == e.to_alt) ||
                    (o.from == e.to && o.to == e.from && !e.to_alt && !o.to_alt);
        if (!pair) continue;
        if (i < index) ++rank;
        ++same;
    }
    ImVec2 d = b - a;
    float len = std::max(1.0f, length(d));
    // The bend is measured on one direction per node pair, so an edge and its way back spread
    // to both sides instead of bulging the same way.
    bool reversed = static_cast<int>(e.from) > static_cast<int>(e.to);
    ImVec2 perp = reversed ? ImVec2(d.y / len, -d.x / len) : ImVec2(-d.y / len, d.x / len);
    float bend = (same > 1) ? (rank - (same - 1) * 0.5f) * 34.0f : 10.0f;
    ImVec2 mid = (a + b) * 0.5f + perp * bend;
    ImVec2 half = g.box * 0.5f;
    return Curve{box_exit(a, half, mid), mid, box_exit(b, half, mid)};
}

void draw_curve(ImDrawList* dl, const Curve& c, ImU32 col, float thick, bool arrow) {
    ImVec2 c1 = c.p0 + (c.mid - c.p0) * (2.0f / 3.0f);
    ImVec2 c2 = c.p1 + (c.mid - c.p1) * (2.0f / 3.0f);
    dl->AddBezierCubic(c.p0, c1, c2, c.p1, col, thick, 24);
    if (!arrow) return;
    ImVec2 dir = c.p1 - c.mid;
    float len = std::max(1.0f, length(dir));
    dir = dir * (1.0f / len);
    ImVec2 perp(-dir.y, dir.x);
    float s = 6.0f + thick;
    dl->AddTriangleFilled(c.p1, c.p1 - dir * s + perp * (s * 0.5f), c.p1 - dir * s - perp * (s * 0.5f), col);
}

bool is_listener_transition(const TraceEntry& e) {
    return (e.from == State::Closed && e.to == State::Listen) || (e.from == State::Listen && e.to == State::Closed);
}

// The connection each host's marker follows: the latest connection on the host that did more than
// LISTEN (a listener's child when the host accepted one), else its listener.
std::vector<HostPath> host_paths(const AppState& app) {
    const Simulator& sim = *app.sim();
    const Trace& trace = app.trace();
    std::vector<HostPath> paths(static_cast<size_t>(sim.host_count()));
    std::vector<int> listener_conn(paths.size(), -1);
    std::vector<uint32_t> listener_entry(paths.size(), UINT32_MAX);
    std::set<int> active;  // connections that did more than LISTEN
    for (uint32_t i : app.index.state_changes)
        if (!is_listener_transition(trace[i])) active.insert(trace[i].conn);
    for (uint32_t i : app.index.state_changes) {
        const TraceEntry& e = trace[i];
        if (e.host < 0 || e.host >= static_cast<int>(paths.size())) continue;
        if (!active.count(e.conn)) {
            if (e.to == State::Listen) {
                listener_conn[e.host] = e.conn;
                listener_entry[e.host] = i;
            }
            continue;
        }
        paths[e.host].conn = e.conn;
    }
    for (size_t h = 0; h < paths.size(); ++h) {
        HostPath& p = paths[h];
        p.host = static_cast<int>(h);
        int follow = p.conn >= 0 ? p.conn : listener_conn[h];
        p.conn = follow;
        if (follow < 0) continue;
        bool first = true;
        for (uint32_t i : app.index.state_changes) {
            const TraceEntry& e = trace[i];
            if (e.conn != follow) continue;
            if (first && e.from == State::Listen && follow != listener_conn[h] && listener_entry[h] != UINT32_MAX) {
                // A listener's child: its path starts with the listener's passive OPEN.
                const TraceEntry& l = trace[listener_entry[h]];
                if (auto k = classify_transition(l.from, l.to, l.rule)) p.edges.push_back(static_cast<int>(*k));
                p.child_of_listener = true;
            }
            first = false;
            if (auto k = classify_transition(e.from, e.to, e.rule)) {
                p.edges.push_back(static_cast<int>(*k));
                p.last_to_alt = diagram_edges()[*k].to_alt;
            } else {
                p.off_diagram.emplace_back(e.from, e.to);
                p.last_to_alt = false;
            }
            p.state = e.to;
            p.last_change = i;
        }
        if (auto v = sim.connection(follow)) p.state = v->state;
        if (p.child_of_listener)
            for (const ConnView& v : sim.connections())
                if (v.host == p.host && v.listener && v.state == State::Listen) p.listener_listening = true;
    }
    return paths;
}

}  // namespace

void draw_graph(AppState& app) {
    const Palette& pal = palette();
    ImGui::SameLine();
    ImGui::Checkbox(tr("ui.graph.show_exits"), &g_show_exits);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("ui.graph.show_exits.tip"));
    if (!app.ready()) return;
    const Simulator& sim = *app.sim();

    ImVec2 avail = ImGui::GetContentRegionAvail();
    ImVec2 top = ImGui::GetCursorScreenPos();
    if (avail.x < 50 || avail.y < 50) return;
    ImGui::InvisibleButton("##graph_canvas", avail);
    bool canvas_hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(top, top + avail, true);

    const bool zh_mode = zh();
    Geometry g;
    g.box = ImVec2(std::clamp(avail.x * 0.16f, 84.0f, 132.0f), zh_mode ? 36.0f : 24.0f);
    g.origin = top + ImVec2(g.box.x * 0.5f + 6, g.box.y * 0.5f + 4);
    g.size = avail - ImVec2(g.box.x + 12, g.box.y + 8);

    std::vector<HostPath> paths = host_paths(app);
    if (g_anim.size() != paths.size()) g_anim.assign(paths.size(), Anim{});
    double now = ImGui::GetTime();
    for (size_t h = 0; h < paths.size(); ++h) {
        if (g_anim[h].entry != paths[h].last_change) {
            g_anim[h].entry = paths[h].last_change;
            g_anim[h].seen = now;
        }
    }

    auto edges = diagram_edges();
    std::vector<int> taken_by(edges.size(), 0);  // bit per host
    for (const HostPath& p : paths)
        for (int k : p.edges) taken_by[k] |= 1 << (p.host % 8);

    // 1. Edges: plain first, then each host's path on top.
    std::vector<Curve> curves(edges.size());
    int hovered_edge = -1;
    ImVec2 mouse = ImGui::GetIO().MousePos;
    for (size_t i = 0; i < edges.size(); ++i) {
        curves[i] = edge_curve(g, i);
        bool exit = edges[i].kind != EdgeKind::Normal;
        if (exit && !g_show_exits && !taken_by[i]) continue;
        ImU32 col = exit ? with_alpha(pal.edge, 0.6f) : pal.edge;
        draw_curve(dl, curves[i], col, 1.2f, true);
        if (canvas_hovered && length(curves[i].at(0.5f) - mouse) < 14.0f) hovered_edge = static_cast<int>(i);
    }
    for (const HostPath& p : paths) {
        ImU32 col = host_color(p.host, 0.75f);
        // Offset each host's overlay a little so two paths over the same edge both show.
        float off = (p.host % 2 == 0) ? -2.0f : 2.0f;
        for (int k : p.edges) {
            Curve c = curves[k];
            c.p0.y += off;
            c.mid.y += off;
            c.p1.y += off;
            draw_curve(dl, c, col, 3.0f, true);
        }
    }

    // 2. Labels ("event / action") at the middle of each drawn edge.
    for (size_t i = 0; i < edges.size(); ++i) {
        bool exit = edges[i].kind != EdgeKind::Normal;
        if (exit && !g_show_exits && !taken_by[i]) continue;
        if (exit && g_show_exits && !taken_by[i] && static_cast<int>(i) != hovered_edge) continue;  // too many to label
        std::string label = tr(std::string("edge.") + edges[i].key);
        ImVec2 ts = ImGui::CalcTextSize(label.c_str());
        float scale = std::clamp(avail.y / 560.0f, 0.72f, 0.85f);  // smaller in a small panel
        ImVec2 sz = ts * scale;
        ImVec2 c = curves[i].at(0.5f);
        ImVec2 p = c - sz * 0.5f;
        // Along a mostly vertical edge the label goes beside it, on the side the curve bulges to,
        // so that the two edges of a pair (CLOSED <-> LISTEN) do not share one spot.
        ImVec2 d = curves[i].p1 - curves[i].p0;
        if (std::fabs(d.y) > 2.0f * std::fabs(d.x)) {
            float bulge = c.x - (curves[i].p0.x + curves[i].p1.x) * 0.5f;
            p.x = bulge >= 0 ? c.x + 4 : c.x - 4 - sz.x;
        }
        ImU32 bg = with_alpha(pal.canvas, static_cast<int>(i) == hovered_edge ? 0.95f : 0.7f);
        dl->AddRectFilled(p - ImVec2(2, 1), p + sz + ImVec2(2, 1), bg, 3.0f);
        ImU32 tc = taken_by[i] ? pal.panel_text : pal.edge_label;
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() * scale, p, tc, label.c_str());
    }
    if (hovered_edge >= 0) {
        const DiagramEdge& e = edges[hovered_edge];
        ImGui::SetTooltip("%s -> %s\n%s\nRFC 9293 %s", state_name(e.from), state_name(e.to),
                          tr(std::string("edge.") + e.key).c_str(), e.section);
    }

    // 3. Nodes (CLOSED twice, as in the figure), with each host's marker.
    ImVec2 half = g.box * 0.5f;
    int hovered_state = -1;
    auto draw_node = [&](State s, bool alt) {
        ImVec2 c = node_center(g, s, alt);
        ImVec2 a = c - half, b = c + half;
        bool here = false;
        for (const HostPath& p : paths) here |= (p.conn >= 0 && p.state == s && (s != State::Closed || p.last_to_alt == alt));
        dl->AddRectFilled(a, b, pal.node_fill, 5.0f);
        dl->AddRect(a, b, here ? pal.panel_text : pal.node_border, 5.0f, 0, here ? 2.0f : 1.0f);
        const char* name = state_name(s);
        ImVec2 ns = ImGui::CalcTextSize(name);
        float ty = zh_mode ? a.y + 3 : c.y - ns.y * 0.5f;
        dl->AddText(ImVec2(c.x - ns.x * 0.5f, ty), pal.panel_text, name);
        if (zh_mode) {
            std::string z = tr(state_name_key(name));
            ImVec2 zs = ImGui::CalcTextSize(z.c_str()) * 0.85f;
            dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() * 0.85f, ImVec2(c.x - zs.x * 0.5f, b.y - zs.y - 2),
                        pal.dim_text, z.c_str());
        }
        if (canvas_hovered && mouse.x >= a.x && mouse.x <= b.x && mouse.y >= a.y && mouse.y <= b.y)
            hovered_state = static_cast<int>(s);
    };
    for (const DiagramNode& n : diagram_nodes()) {
        draw_node(n.state, false);
        if (n.alt_x != n.x || n.alt_y != n.y) draw_node(n.state, true);
    }

    // Markers: a ring in the host's colour around the box and a badge with the host's name; the
    // listener of a host that accepted a child keeps a hollow badge on LISTEN.
    for (const HostPath& p : paths) {
        if (p.conn < 0) continue;
        bool alt = p.state == State::Closed && p.last_to_alt;
        ImVec2 c = node_center(g, p.state, alt);
        float grow = 3.0f + 3.0f * (p.host % 2);
        ImU32 col = host_color(p.host);
        dl->AddRect(c - half - ImVec2(grow, grow), c + half + ImVec2(grow, grow), col, 7.0f, 0, 2.5f);
        const std::string& hn = sim.host_name(p.host);
        ImVec2 bp = ImVec2(p.host % 2 == 0 ? c.x - half.x - 12 : c.x + half.x + 12, c.y - half.y);
        dl->AddCircleFilled(bp, 9.0f, col);
        ImVec2 hs = ImGui::CalcTextSize(hn.c_str());
        dl->AddText(bp - hs * 0.5f, IM_COL32(255, 255, 255, 255), hn.c_str());
        if (p.listener_listening) {
            ImVec2 lc = node_center(g, State::Listen, false);
            ImVec2 lp = ImVec2(lc.x + half.x + 12, lc.y - half.y);
            dl->AddCircle(lp, 8.0f, col, 0, 2.0f);
            dl->AddText(lp - hs * 0.5f, col, hn.c_str());
        }
        // The edge just taken: a pulse travelling along it for 1.2 s of real time after it happened.
        double age = now - g_anim[p.host].seen;
        if (!p.edges.empty() && age < 1.2 && p.last_change != UINT32_MAX) {
            const Curve& cv = curves[p.edges.back()];
            float t = static_cast<float>(std::min(1.0, age / 0.8));
            ImVec2 dot = cv.at(t);
            dl->AddCircleFilled(dot, 6.0f, col);
            dl->AddCircle(dot, 6.0f + 8.0f * static_cast<float>(age), with_alpha(col, static_cast<float>(1.0 - age / 1.2)), 0, 2.0f);
        }
    }
    dl->PopClipRect();

    if (hovered_state >= 0) {
        const char* name = state_name(static_cast<State>(hovered_state));
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.0f);
        ImGui::Text("%s  %s", name, tr(state_name_key(name)).c_str());
        ImGui::Separator();
        ImGui::TextUnformatted(tr(state_explain_key(name)).c_str());
        for (const HostPath& p : paths)
            if (p.conn >= 0 && static_cast<int>(p.state) == hovered_state)
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(host_color(p.host)), "%s",
                                   fill(tr("ui.graph.host_here"), {{"host", sim.host_name(p.host)}}).c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

}  // namespace tcplab::ui
