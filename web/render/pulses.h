// Animated segment pulses for the timeline: the UI calls add_pulse() while it builds a window's draw
// list; the pulse is drawn with shaders/pulse.*.glsl at that point of the list (so it is clipped
// and layered like the surrounding ImGui drawing), through an ImDrawList callback.
//
//   render::add_pulse(ImGui::GetWindowDrawList(), from, to, phase, IM_COL32(80,160,255,255));
//
// phase: 0 = the pulse is at `a`, 1 = at `b`. Costs one small draw call per pulse: use it for the
// few segments in flight, not for every arrow of a long trace.
#pragma once
#include <string>

#include <imgui.h>

namespace tcplab::render {

bool pulses_init(std::string* log);
void pulses_begin_frame();  // forgets the previous frame's pulses
void add_pulse(ImDrawList* draw_list, ImVec2 a, ImVec2 b, float phase, ImU32 color, float line_width = 2.0f);
void pulses_shutdown();

}  // namespace tcplab::render
