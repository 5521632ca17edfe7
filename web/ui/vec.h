// ImVec2 arithmetic for the draw-list code (ImGui keeps its own operators internal).
#pragma once
#include <cmath>

#include "imgui.h"

namespace tcplab::ui {

inline ImVec2 operator+(ImVec2 a, ImVec2 b) { return ImVec2(a.x + b.x, a.y + b.y); }
inline ImVec2 operator-(ImVec2 a, ImVec2 b) { return ImVec2(a.x - b.x, a.y - b.y); }
inline ImVec2 operator*(ImVec2 a, float s) { return ImVec2(a.x * s, a.y * s); }
inline float length(ImVec2 a) { return std::sqrt(a.x * a.x + a.y * a.y); }

}  // namespace tcplab::ui
