// The state graph: RFC 9293 Figure 5 laid out as engine/diagram.h says, scaled as a whole (it keeps
// its aspect), each host's connection marked in its colour, its path so far drawn over the edges
// (one offset lane per host, so paths over the same edge stay apart), the edge just taken animated.
// The RST and timeout exits are drawn when taken (or on request).
//
// Text never shrinks below kMinFontPx: when the panel is small the boxes keep their text and the
// edge labels give way. Labels are placed without collisions (with boxes, markers and each other),
// the edges taken so far first; an edge label that finds no free place in its full, two-line or
// short form is not drawn, and its text shows on hover.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "diagram.h"
#include "i18n.h"
#include "imgui.h"
#include "layout_report.h"
#include "panels.h"
#include "text.h"
#include "theme.h"
#include "vec.h"

namespace tcplab::ui {

namespace {

constexpr float kMinFontPx = 11.0f;

struct Geometry {
    ImVec2 origin, size;
    ImVec2 box;  // node box size
    ImVec2 pos(float x, float y) const { return ImVec2(origin.x + x * size.x, origin.y + y * size.y); }
};

struct Box {
    ImVec2 min, max;
    bool overlaps(const Box& o, float pad = 0) const {
        return min.x - pad < o.max.x && o.min.x - pad < max.x && min.y - pad < o.max.y && o.min.y - pad < max.y;
    }
    bool inside(const Box& o) const { return min.x >= o.min.x && min.y >= o.min.y && max.x <= o.max.x && max.y <= o.max.y; }
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
    float unit = std::clamp(g.size.y / 14.0f, 14.0f, 34.0f);  // smaller bends in a small diagram
    float bend = (same > 1) ? (rank - (same - 1) * 0.5f) * unit : unit * 0.3f;
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

// The node's id in the layout report: node.LISTEN; the figure's second CLOSED (bottom right) is
// node.CLOSED.2.
std::string node_id(State s, bool alt) { return std::string("node.") + state_name(s) + (alt ? ".2" : ""); }

// edge.FROM.TO, with .reset / .timeout for the exits (several lead from one state to CLOSED).
std::string edge_id(const DiagramEdge& e) {
    std::string id = std::string("edge.") + state_name(e.from) + "." + state_name(e.to);
    if (e.kind != EdgeKind::Normal) id += std::string(".") + edge_kind_name(e.kind);
    return id;
}

// A label's forms, most complete first: "event / action", the same on two lines, the event alone.
std::vector<std::string> label_forms(const std::string& full) {
    std::vector<std::string> forms = {full};
    size_t slash = full.find(" / ");
    if (slash != std::string::npos) {
        forms.push_back(full.substr(0, slash) + "\n" + full.substr(slash + 3));
        forms.push_back(full.substr(0, slash));
    }
    return forms;
}

// A free place for a label of size `ts` near the curve: beside it first (left/right of a mostly
// vertical edge, above/below a mostly horizontal one), then over it, at points spreading out
// from its middle.
bool place_label(const Curve& c, ImVec2 ts, const Box& area, const std::vector<Box>& taken, ImVec2* out) {
    static const float kAt[] = {0.5f, 0.42f, 0.58f, 0.34f, 0.66f, 0.26f, 0.74f};
    const float pad = 2.0f;
    ImVec2 d = c.p1 - c.p0;
    bool vertical = std::fabs(d.y) > std::fabs(d.x);
    for (float t : kAt) {
        ImVec2 p = c.at(t);
        ImVec2 side_a(p.x + 6, p.y - ts.y * 0.5f), side_b(p.x - 6 - ts.x, p.y - ts.y * 0.5f);
        ImVec2 up(p.x - ts.x * 0.5f, p.y - ts.y - 5), down(p.x - ts.x * 0.5f, p.y + 5);
        ImVec2 centre = p - ts * 0.5f;
        const ImVec2 cands[5] = {vertical ? side_a : up, vertical ? side_b : down, vertical ? up : side_a,
                                 vertical ? down : side_b, centre};
        for (ImVec2 q : cands) {
            Box b{q - ImVec2(pad, pad), q + ts + ImVec2(pad, pad)};
            if (!b.inside(area)) continue;
            bool free = true;
            for (const Box& o : taken)
                if (b.overlaps(o)) {
                    free = false;
                    break;
                }
            if (free) {
                *out = q;
                return true;
            }
        }
    }
    return false;
}

// A curve moved sideways by `off` pixels (a host's lane along an edge).
Curve offset_curve(const Curve& c, float off) {
    ImVec2 d = c.p1 - c.p0;
    float len = std::max(1.0f, length(d));
    ImVec2 n(-d.y / len * off, d.x / len * off);
    return Curve{c.p0 + n, c.mid + n, c.p1 + n};
}

float dist_to_curve(const Curve& c, ImVec2 p) {
    float best = 1e9f;
    for (int i = 1; i < 10; ++i) best = std::min(best, length(c.at(static_cast<float>(i) / 10.0f) - p));
    return best;
}

}  // namespace

void draw_graph(AppState& app) {
    const Palette& pal = palette();
    ImGui::SameLine();
    ImGui::Checkbox(tr("ui.graph.show_exits"), &g_show_exits);
    report_item("control", "show_exits", tr("ui.graph.show_exits"));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("ui.graph.show_exits.tip"));
    if (!app.ready()) return;
    const Simulator& sim = *app.sim();
    if (app.what_if != Hypothesis::None) {
        // Never mistaken for real TCP: what the hypothesis changes, and how the real run ends.
        ImGui::PushStyleColor(ImGuiCol_Text, pal.warning);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::BeginGroup();
        const std::string summary = hypothesis_summary(app.what_if, lang());
        ImGui::TextUnformatted(summary.c_str());
        ImGui::TextUnformatted(app.what_if_compare.c_str());
        ImGui::EndGroup();
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        report_item("text", "whatif.banner", summary + "\n" + app.what_if_compare);
    }

    ImVec2 avail = ImGui::GetContentRegionAvail();
    ImVec2 top = ImGui::GetCursorScreenPos();
    if (avail.x < 50 || avail.y < 50) return;
    ImGui::InvisibleButton("##graph_canvas", avail);
    bool canvas_hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(top, top + avail, true);

    // The diagram keeps its aspect, centred in the canvas.
    ImVec2 dsize(std::min(avail.x, avail.y * kGraphAspect), 0);
    dsize.y = dsize.x / kGraphAspect;
    ImVec2 d0 = top + (avail - dsize) * 0.5f;
    Box area{top, top + avail};

    // Font sizes and box size from the room the diagram has, never below kMinFontPx.
    const bool zh_mode = zh();
    const float F = ImGui::GetFontSize();
    const float m = 4.0f, padx = 6.0f, pady = 3.0f;
    float name_w = 0, sub_w = 0;
    for (const DiagramNode& n : diagram_nodes()) {
        name_w = std::max(name_w, ImGui::CalcTextSize(state_name(n.state)).x);
        if (zh_mode) sub_w = std::max(sub_w, ImGui::CalcTextSize(tr(state_name_key(state_name(n.state))).c_str()).x);
    }
    const float sub_ratio = 0.92f;
    float text_w = std::max(name_w, sub_w * sub_ratio);  // at font F
    float box_w_max = 0.2236f * (dsize.x - 2 * m);       // keeps a box within 80% of the column spacing
    float box_h_max = 0.095f * (dsize.y - 2 * m);        // ... and 70% of the row spacing
    float nf = F * (box_w_max - 2 * padx) / std::max(1.0f, text_w);
    nf = std::min(nf, zh_mode ? (box_h_max - 3 * pady) / (1 + sub_ratio) : box_h_max - 2 * pady);
    nf = std::clamp(nf, kMinFontPx, std::min(F, 14.0f));
    const float sf = std::max(kMinFontPx, nf * sub_ratio);
    const float lf = std::clamp(F * 0.8f, kMinFontPx, 13.0f);
    const float mf = std::max(kMinFontPx, nf * 0.85f);
    Geometry g;
    g.box = ImVec2(text_w * nf / F + 2 * padx, zh_mode ? nf + sf + 3 * pady : nf + 2 * pady);
    // Under the bottom row (where every connection ends) a margin holds the hosts' badges.
    const float r = std::clamp(mf * 0.8f, 8.0f, 10.0f);
    const float bottom = 2 * r + 6;
    g.origin = d0 + g.box * 0.5f + ImVec2(m, m);
    g.size = dsize - g.box - ImVec2(2 * m, m + bottom);
    const ImVec2 half = g.box * 0.5f;

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
    std::vector<int> last_taken(edges.size(), 0);
    for (const HostPath& p : paths) {
        for (int k : p.edges) taken_by[k] |= 1 << (p.host % 16);
        if (!p.edges.empty()) last_taken[p.edges.back()] = 1;
    }
    // One lane per host that has a path, side by side around the edge.
    std::vector<int> lane(paths.size(), 0);
    int lanes = 0;
    for (const HostPath& p : paths)
        if (!p.edges.empty()) lane[p.host] = lanes++;
    const float lane_gap = 3.5f;

    // Node boxes, then each host's marker: a ring around the box and a badge with its name beside
    // it, side by side when several hosts are in one state.
    struct NodeAt {
        State state;
        bool alt;
        ImVec2 c;
        Box box;
        std::vector<int> hosts;  // hosts whose connection is here
        std::vector<int> listeners;  // hosts whose listener waits here while a child runs
    };
    std::vector<NodeAt> nodes;
    for (const DiagramNode& n : diagram_nodes()) {
        for (bool alt : {false, true}) {
            if (alt && n.alt_x == n.x && n.alt_y == n.y) continue;
            ImVec2 c = node_center(g, n.state, alt);
            NodeAt at{n.state, alt, c, Box{c - half, c + half}, {}, {}};
            for (const HostPath& p : paths)
                if (p.conn >= 0 && p.state == n.state && (n.state != State::Closed || p.last_to_alt == alt)) at.hosts.push_back(p.host);
            if (n.state == State::Listen)
                for (const HostPath& p : paths)
                    if (p.listener_listening) at.listeners.push_back(p.host);
            nodes.push_back(std::move(at));
        }
    }
    struct Badge {
        int host;
        bool hollow;
        ImVec2 c;
    };
    std::vector<Badge> badges;
    std::vector<Box> obstacles;
    for (const NodeAt& n : nodes) {
        obstacles.push_back(Box{n.box.min - ImVec2(2, 2), n.box.max + ImVec2(2, 2)});
        // Beside the box (left, right, then further out), else above or below it: the first place
        // that is free of every box and badge and inside the canvas.
        auto add = [&](int host, bool hollow) {
            const float step = 2 * r + 3;
            ImVec2 cands[14];
            int nc = 0;
            for (int level = 0; level < 3; ++level) {
                cands[nc++] = ImVec2(n.box.min.x - 3 - r - level * step, n.c.y);
                cands[nc++] = ImVec2(n.box.max.x + 3 + r + level * step, n.c.y);
            }
            for (int i = 0; i < 4; ++i) {
                cands[nc++] = ImVec2(n.box.min.x + r + i * step, n.box.min.y - 3 - r);
                cands[nc++] = ImVec2(n.box.min.x + r + i * step, n.box.max.y + 3 + r);
            }
            ImVec2 at = cands[0];
            for (int i = 0; i < nc; ++i) {
                Box b{cands[i] - ImVec2(r + 1, r + 1), cands[i] + ImVec2(r + 1, r + 1)};
                bool free = b.inside(area);
                for (const NodeAt& o : nodes) free = free && !b.overlaps(o.box, 1.0f);
                for (const Badge& o : badges) free = free && !b.overlaps(Box{o.c - ImVec2(r, r), o.c + ImVec2(r, r)}, 1.0f);
                if (free) {
                    at = cands[i];
                    break;
                }
            }
            badges.push_back(Badge{host, hollow, at});
            obstacles.push_back(Box{at - ImVec2(r + 1, r + 1), at + ImVec2(r + 1, r + 1)});
        };
        for (int h : n.hosts) add(h, false);
        for (int h : n.listeners) add(h, true);
    }

    // Curves, hover, and which edges are drawn.
    std::vector<Curve> curves(edges.size());
    std::vector<bool> drawn(edges.size(), false);
    int hovered_edge = -1;
    float hovered_d = 9.0f;
    ImVec2 mouse = ImGui::GetIO().MousePos;
    for (size_t i = 0; i < edges.size(); ++i) {
        curves[i] = edge_curve(g, i);
        bool exit = edges[i].kind != EdgeKind::Normal;
        drawn[i] = !exit || g_show_exits || taken_by[i];
        if (drawn[i] && canvas_hovered) {
            float dd = dist_to_curve(curves[i], mouse);
            if (dd < hovered_d) {
                hovered_d = dd;
                hovered_edge = static_cast<int>(i);
            }
        }
    }

    // Labels: the edges just taken, then the others taken, then the figure's other edges; each in
    // the first of its forms that finds a free place.
    std::vector<size_t> order;
    for (int pass = 0; pass < 3; ++pass)
        for (size_t i = 0; i < edges.size(); ++i) {
            if (!drawn[i]) continue;
            bool exit = edges[i].kind != EdgeKind::Normal;
            int rank = last_taken[i] ? 0 : taken_by[i] ? 1 : 2;
            if (rank != pass) continue;
            if (rank == 2 && exit && static_cast<int>(i) != hovered_edge) continue;  // too many to label
            order.push_back(i);
        }
    struct Label {
        size_t edge;
        std::string text;
        ImVec2 p, size;
    };
    std::vector<Label> labels;
    for (size_t i : order) {
        for (const std::string& form : label_forms(tr(std::string("edge.") + edges[i].key))) {
            ImVec2 ts = ImGui::CalcTextSize(form.c_str()) * (lf / F);
            ImVec2 p;
            if (!place_label(curves[i], ts, area, obstacles, &p)) continue;
            labels.push_back(Label{i, form, p, ts});
            obstacles.push_back(Box{p - ImVec2(3, 2), p + ts + ImVec2(3, 2)});
            break;
        }
    }
    for (const Label& l : labels)
        if (canvas_hovered && Box{l.p, l.p + l.size}.overlaps(Box{mouse, mouse + ImVec2(1, 1)})) hovered_edge = static_cast<int>(l.edge);

    // 1. Edges, then each host's path in its own lane on top.
    for (size_t i = 0; i < edges.size(); ++i) {
        if (!drawn[i]) continue;
        bool exit = edges[i].kind != EdgeKind::Normal;
        ImU32 col = exit ? with_alpha(pal.edge, 0.6f) : pal.edge;
        draw_curve(dl, curves[i], static_cast<int>(i) == hovered_edge ? pal.panel_text : col, 1.2f, true);
    }
    // Predict mode: the edge of the state change just answered.
    if (const AppState::Predict& pr = app.predict; pr.revealed && pr.asked >= 0) {
        const int k = pr.plan.edge[static_cast<size_t>(pr.asked)];
        if (k >= 0 && static_cast<size_t>(k) < curves.size()) draw_curve(dl, curves[k], pal.selected, 4.0f, true);
    }
    auto lane_of = [&](int host, const Curve& c) {
        return offset_curve(c, (static_cast<float>(lane[host]) - static_cast<float>(lanes - 1) * 0.5f) * lane_gap);
    };
    for (const HostPath& p : paths)
        for (int k : p.edges) draw_curve(dl, lane_of(p.host, curves[k]), host_color(p.host, 0.8f), 2.5f, true);

    // 2. Nodes (CLOSED twice, as in the figure).
    int hovered_state = -1;
    for (const NodeAt& n : nodes) {
        ImVec2 a = n.box.min, b = n.box.max;
        bool here = !n.hosts.empty();
        dl->AddRectFilled(a, b, pal.node_fill, 5.0f);
        dl->AddRect(a, b, here ? pal.panel_text : pal.node_border, 5.0f, 0, here ? 2.0f : 1.0f);
        const char* name = state_name(n.state);
        ImVec2 ns = ImGui::CalcTextSize(name) * (nf / F);
        std::string shown = name;
        if (zh_mode) {
            std::string z = tr(state_name_key(name));
            ImVec2 zs = ImGui::CalcTextSize(z.c_str()) * (sf / F);
            float y = n.c.y - (ns.y + zs.y + pady) * 0.5f;
            dl->AddText(ImGui::GetFont(), nf, ImVec2(n.c.x - ns.x * 0.5f, y), pal.panel_text, name);
            dl->AddText(ImGui::GetFont(), sf, ImVec2(n.c.x - zs.x * 0.5f, y + ns.y + pady), pal.dim_text, z.c_str());
            shown += "\n" + z;
        } else {
            dl->AddText(ImGui::GetFont(), nf, n.c - ns * 0.5f, pal.panel_text, name);
        }
        report_box("node", node_id(n.state, n.alt), a, b, shown, nf);
        for (size_t k = 0; k < n.hosts.size() && k < 4; ++k) {
            float grow = 2.0f + 2.5f * static_cast<float>(k);
            dl->AddRect(a - ImVec2(grow, grow), b + ImVec2(grow, grow), host_color(n.hosts[k]), 6.0f, 0, 2.0f);
        }
        if (canvas_hovered && mouse.x >= a.x && mouse.x <= b.x && mouse.y >= a.y && mouse.y <= b.y)
            hovered_state = static_cast<int>(n.state);
    }

    // 3. Badges: filled for the host's connection, hollow for a listener that waits on LISTEN.
    for (const Badge& bd : badges) {
        ImU32 col = host_color(bd.host);
        const std::string& hn = sim.host_name(bd.host);
        ImVec2 hs = ImGui::CalcTextSize(hn.c_str()) * (mf / F);
        if (bd.hollow) {
            dl->AddCircleFilled(bd.c, r, pal.node_fill);
            dl->AddCircle(bd.c, r - 1, col, 0, 2.0f);
            dl->AddText(ImGui::GetFont(), mf, bd.c - hs * 0.5f, col, hn.c_str());
        } else {
            dl->AddCircleFilled(bd.c, r, col);
            dl->AddText(ImGui::GetFont(), mf, bd.c - hs * 0.5f, IM_COL32(0, 0, 0, 255), hn.c_str());
        }
        report_box("marker", "marker." + hn + (bd.hollow ? ".listener" : ""), bd.c - ImVec2(r, r), bd.c + ImVec2(r, r), hn, mf);
    }

    // 4. Edge labels on a backdrop, over the edges.
    for (const Label& l : labels) {
        size_t i = l.edge;
        bool hot = static_cast<int>(i) == hovered_edge;
        dl->AddRectFilled(l.p - ImVec2(2, 1), l.p + l.size + ImVec2(2, 1), with_alpha(pal.canvas, hot ? 0.95f : 0.8f), 3.0f);
        ImU32 tc = taken_by[i] ? pal.panel_text : pal.edge_label;
        dl->AddText(ImGui::GetFont(), lf, l.p, tc, l.text.c_str());
        report_box("label", edge_id(edges[i]), l.p, l.p + l.size, l.text, lf);
    }
    if (hovered_edge >= 0) {
        const DiagramEdge& e = edges[hovered_edge];
        ImGui::SetTooltip("%s -> %s\n%s\nRFC 9293 %s", state_name(e.from), state_name(e.to),
                          tr(std::string("edge.") + e.key).c_str(), e.section);
    }

    // 5. The edge just taken: a pulse travelling along the host's lane for 1.2 s of real time.
    for (const HostPath& p : paths) {
        if (p.conn < 0) continue;
        double age = now - g_anim[p.host].seen;
        if (p.edges.empty() || age >= 1.2 || p.last_change == UINT32_MAX) continue;
        ImU32 col = host_color(p.host);
        Curve cv = lane_of(p.host, curves[p.edges.back()]);
        float t = static_cast<float>(std::min(1.0, age / 0.8));
        ImVec2 dot = cv.at(t);
        dl->AddCircleFilled(dot, 6.0f, col);
        dl->AddCircle(dot, 6.0f + 8.0f * static_cast<float>(age), with_alpha(col, static_cast<float>(1.0 - age / 1.2)), 0, 2.0f);
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
