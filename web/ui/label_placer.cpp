#include "label_placer.h"

#include <algorithm>
#include <cmath>

namespace tcplab::ui {

bool overlaps(const TextBox& a, const TextBox& b) {
    return a.min.x < b.max.x && b.min.x < a.max.x && a.min.y < b.max.y && b.min.y < a.max.y;
}

void LabelPlacer::begin(ImVec2 canvas_min, ImVec2 canvas_max) {
    min_ = canvas_min;
    max_ = canvas_max;
    boxes_.clear();
    rows_.assign(static_cast<size_t>(std::max(1.0f, std::ceil((max_.y - min_.y) / kRow))) + 1, {});
}

int LabelPlacer::row_of(float y) const {
    int r = static_cast<int>(std::floor((y - min_.y) / kRow));
    return std::clamp(r, 0, static_cast<int>(rows_.size()) - 1);
}

bool LabelPlacer::fits(const TextBox& b) const {
    if (b.min.x < min_.x || b.min.y < min_.y || b.max.x > max_.x || b.max.y > max_.y) return false;
    for (int r = row_of(b.min.y), last = row_of(b.max.y); r <= last; ++r)
        for (int i : rows_[static_cast<size_t>(r)])
            if (overlaps(b, boxes_[static_cast<size_t>(i)])) return false;
    return true;
}

void LabelPlacer::add(const TextBox& b) {
    int id = static_cast<int>(boxes_.size());
    boxes_.push_back(b);
    for (int r = row_of(b.min.y), last = row_of(b.max.y); r <= last; ++r) rows_[static_cast<size_t>(r)].push_back(id);
}

int LabelPlacer::place(const std::vector<TextBox>& candidates) {
    for (size_t i = 0; i < candidates.size(); ++i) {
        if (fits(candidates[i])) {
            add(candidates[i]);
            return static_cast<int>(i);
        }
    }
    return -1;
}

}  // namespace tcplab::ui
