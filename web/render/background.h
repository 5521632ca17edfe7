// The shader-drawn backdrop behind the ImGui windows (shaders/background.frag.glsl).
#pragma once
#include <string>

namespace tcplab::render {

bool background_init(std::string* log);
// Clears and draws the whole framebuffer. time_s only animates a slow glow.
void background_draw(int fb_width, int fb_height, float pixel_ratio, double time_s, bool dark);
void background_shutdown();

}  // namespace tcplab::render
