// The UI font: Noto Sans CJK SC subset at build time (web/tools/subset_font.py) to ASCII plus the
// characters the UI, the i18n tables and the scenarios use, compiled into the binary.
#pragma once
#include <imgui.h>

namespace tcplab::render {

extern const unsigned char kFontData[];
extern const unsigned int kFontSize;
extern const ImWchar kFontRanges[];
extern const int kFontGlyphCount;

// Replaces the atlas fonts with the subset font rasterized at size_px * pixel_ratio and scales it
// back by 1 / pixel_ratio, so text is sharp on high-DPI screens. Call before the renderer builds
// its font texture (or invalidate the texture after calling it).
void load_fonts(float size_px, float pixel_ratio);

}  // namespace tcplab::render
