// Collision-aware placement of text boxes on a canvas (the ladder's segment labels, state tags and
// timer texts): a box is taken only where it overlaps no box placed before and stays inside the
// canvas. Boxes are bucketed by rows, so a frame with hundreds of labels stays cheap.
#pragma once
#include <vector>

#include "imgui.h"

namespace tcplab::ui {

struct TextBox {
    ImVec2 min, max;
};

class LabelPlacer {
public:
    void begin(ImVec2 canvas_min, ImVec2 canvas_max);
    bool fits(const TextBox& b) const;  // inside the canvas, overlapping nothing placed
    void add(const TextBox& b);         // place it (whether or not it fits)
    // Places the first candidate that fits; returns its index or -1.
    int place(const std::vector<TextBox>& candidates);

private:
    static constexpr float kRow = 16.0f;
    int row_of(float y) const;
    ImVec2 min_{}, max_{};
    std::vector<TextBox> boxes_;
    std::vector<std::vector<int>> rows_;
};

bool overlaps(const TextBox& a, const TextBox& b);

}  // namespace tcplab::ui
