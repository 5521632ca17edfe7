// What the layout put where, this frame: every panel, control, state node and drawn label with its
// box in CSS pixels (ImGui display coordinates). The browser tests read it through
// window.tcplab.layout() to click at the coordinates a person would and to check that nothing
// overlaps, is clipped or is too small; the panels only append to it, nothing reads it back.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"

namespace tcplab::ui {

struct LaidOutBox {
    std::string kind;   // "panel", "control", "node", "label", "segment", "tab", ...
    std::string id;     // stable across frames and languages: "play", "node.LISTEN", "seg.12"
    float x = 0, y = 0, w = 0, h = 0;
    std::string text;   // what is shown (labels, buttons), in the current language
    float font_px = 0;  // font size of that text in CSS px (0: no text)
    bool clipped = false;  // partly outside the visible region of its panel
};

struct LayoutReport {
    std::string layout;  // "wide" | "embed" | "small" | "phone"
    float width = 0, height = 0;
    std::vector<LaidOutBox> boxes;
};

void report_begin_frame(const char* layout, float width, float height);
// A box at [min, max). `clipped` is computed against the current window's clip rectangle.
void report_box(const char* kind, std::string id, ImVec2 min, ImVec2 max, std::string text = {}, float font_px = 0);
// The last ImGui item (button, slider, checkbox, tab ...) with its label.
void report_item(const char* kind, std::string id, std::string text = {});
const LayoutReport& layout_report();
std::string layout_report_json();

}  // namespace tcplab::ui
