// Colours and ImGui style for the light and dark themes. Hosts get the Okabe-Ito colour-blind-safe
// palette in the course notes' order: the client (host 0, A) blue, the server (host 1, B)
// vermillion, then bluish green, reddish purple, orange, yellow. A host's colour is its identity in
// the graph and the ladder; what happened to a segment (retransmitted, lost, injected) is said by
// the line style (segment_stroke), never by another host's colour.
#pragma once
#include "imgui.h"

namespace tcplab::ui {

constexpr int kHostColors = 6;

struct Palette {
    ImU32 canvas, panel_text, dim_text, grid, lifeline;
    ImU32 node_fill, node_border, edge, edge_label;
    ImU32 host[kHostColors];  // host colours (index % kHostColors)
    ImU32 lost, retransmission, duplicate, cursor, selected, in_flight, warning;
};

void apply_theme(bool dark, float scale);
const Palette& palette();
ImU32 host_color(int host, float alpha = 1.0f);
ImU32 with_alpha(ImU32 color, float alpha);

// How a segment's line is drawn: the sender's colour, dashed for a retransmission, dotted for a
// segment the scenario injected, the lost colour (with its X) for a lost one.
struct Stroke {
    ImU32 color;
    float thickness;
    float dash;  // 0: solid; else dash length and gap (px)
    float gap;
};
enum class SegmentLook { Normal, Retransmission, Injected, Lost };
Stroke segment_stroke(int host, SegmentLook look);
// A straight line with the stroke's dash pattern.
void stroke_line(ImDrawList* dl, ImVec2 a, ImVec2 b, const Stroke& s);

}  // namespace tcplab::ui
