#include "render/fonts.h"

namespace tcplab::render {

void load_fonts(float size_px, float pixel_ratio) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // static data in the binary: the atlas must not free it
    cfg.OversampleH = 1;               // CJK glyphs are dense: 1x keeps the atlas small and crisp
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    io.Fonts->AddFontFromMemoryTTF(const_cast<unsigned char*>(kFontData), static_cast<int>(kFontSize),
                                   size_px * pixel_ratio, &cfg, kFontRanges);
    io.FontGlobalScale = 1.0f / pixel_ratio;
}

}  // namespace tcplab::render
