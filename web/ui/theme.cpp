#include "theme.h"

namespace tcplab::ui {

namespace {
Palette g_palette;

constexpr Palette kDark{
    IM_COL32(24, 26, 31, 255),   IM_COL32(230, 232, 236, 255), IM_COL32(140, 146, 158, 255),
    IM_COL32(60, 64, 74, 255),   IM_COL32(120, 126, 138, 255),
    IM_COL32(38, 42, 50, 255),   IM_COL32(110, 116, 130, 255), IM_COL32(96, 102, 116, 255),
    IM_COL32(170, 176, 188, 255),
    {IM_COL32(80, 160, 255, 255), IM_COL32(255, 90, 90, 255), IM_COL32(90, 210, 120, 255),
     IM_COL32(240, 190, 60, 255)},
    IM_COL32(255, 70, 70, 255),  IM_COL32(255, 170, 40, 255),  IM_COL32(200, 120, 255, 255),
    IM_COL32(250, 220, 80, 255), IM_COL32(255, 255, 255, 255), IM_COL32(150, 220, 255, 255),
    IM_COL32(255, 190, 60, 255),
};

constexpr Palette kLight{
    IM_COL32(250, 250, 252, 255), IM_COL32(20, 22, 28, 255),   IM_COL32(100, 106, 118, 255),
    IM_COL32(215, 218, 225, 255), IM_COL32(120, 126, 138, 255),
    IM_COL32(255, 255, 255, 255), IM_COL32(120, 126, 140, 255), IM_COL32(150, 156, 170, 255),
    IM_COL32(70, 76, 90, 255),
    {IM_COL32(20, 100, 230, 255), IM_COL32(210, 30, 30, 255), IM_COL32(20, 150, 60, 255),
     IM_COL32(190, 130, 0, 255)},
    IM_COL32(220, 20, 20, 255),  IM_COL32(220, 120, 0, 255),   IM_COL32(150, 60, 210, 255),
    IM_COL32(220, 150, 0, 255),  IM_COL32(0, 0, 0, 255),       IM_COL32(0, 140, 200, 255),
    IM_COL32(200, 120, 0, 255),
};
}  // namespace

void apply_theme(bool dark, float scale) {
    ImGuiStyle style;
    if (dark) ImGui::StyleColorsDark(&style);
    else ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0.0f;
    style.ChildRounding = 4.0f;
    style.FrameRounding = 3.0f;
    style.GrabRounding = 3.0f;
    style.WindowPadding = ImVec2(6, 6);
    style.ItemSpacing = ImVec2(6, 4);
    // The panels sit on the shader backdrop (web/render/background.cpp): slightly translucent.
    ImVec4 bg = style.Colors[ImGuiCol_WindowBg];
    style.Colors[ImGuiCol_ChildBg] = ImVec4(bg.x, bg.y, bg.z, 0.88f);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(bg.x, bg.y, bg.z, 1.0f);
    if (scale > 0.0f && scale != 1.0f) style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
    g_palette = dark ? kDark : kLight;
}

const Palette& palette() { return g_palette; }

ImU32 with_alpha(ImU32 color, float alpha) {
    ImU32 a = (color >> IM_COL32_A_SHIFT) & 0xFF;
    a = static_cast<ImU32>(a * alpha);
    return (color & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

ImU32 host_color(int host, float alpha) {
    if (host < 0) return with_alpha(g_palette.dim_text, alpha);
    return with_alpha(g_palette.host[host % 4], alpha);
}

}  // namespace tcplab::ui
