// Colours and ImGui style for the light and dark themes. Hosts keep the course notes' colours:
// the client (host 0, A) blue, the server (host 1, B) red.
#pragma once
#include "imgui.h"

namespace tcplab::ui {

struct Palette {
    ImU32 canvas, panel_text, dim_text, grid, lifeline;
    ImU32 node_fill, node_border, edge, edge_label;
    ImU32 host[4];      // host colours (index % 4)
    ImU32 lost, retransmission, duplicate, cursor, selected, in_flight, warning;
};

void apply_theme(bool dark, float scale);
const Palette& palette();
ImU32 host_color(int host, float alpha = 1.0f);
ImU32 with_alpha(ImU32 color, float alpha);

}  // namespace tcplab::ui
