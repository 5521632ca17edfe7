#include "theme.h"

#include <algorithm>
#include <cmath>

namespace tcplab::ui {

namespace {
Palette g_palette;

// Okabe & Ito (2008), lightened a little on the dark background so that each stays readable there.
constexpr Palette kDark{
    IM_COL32(24, 26, 31, 255),   IM_COL32(230, 232, 236, 255), IM_COL32(140, 146, 158, 255),
    IM_COL32(60, 64, 74, 255),   IM_COL32(120, 126, 138, 255),
    IM_COL32(38, 42, 50, 255),   IM_COL32(110, 116, 130, 255), IM_COL32(96, 102, 116, 255),
    IM_COL32(170, 176, 188, 255),
    {IM_COL32(86, 180, 233, 255), IM_COL32(234, 118, 48, 255), IM_COL32(32, 184, 140, 255),
     IM_COL32(220, 140, 186, 255), IM_COL32(240, 180, 40, 255), IM_COL32(240, 228, 66, 255)},
    IM_COL32(255, 80, 80, 255),  IM_COL32(200, 200, 210, 255), IM_COL32(200, 200, 210, 255),
    IM_COL32(250, 220, 80, 255), IM_COL32(255, 255, 255, 255), IM_COL32(150, 220, 255, 255),
    IM_COL32(255, 190, 60, 255),
};

constexpr Palette kLight{
    IM_COL32(250, 250, 252, 255), IM_COL32(20, 22, 28, 255),   IM_COL32(100, 106, 118, 255),
    IM_COL32(215, 218, 225, 255), IM_COL32(120, 126, 138, 255),
    IM_COL32(255, 255, 255, 255), IM_COL32(120, 126, 140, 255), IM_COL32(150, 156, 170, 255),
    IM_COL32(70, 76, 90, 255),
    {IM_COL32(0, 114, 178, 255), IM_COL32(213, 94, 0, 255), IM_COL32(0, 158, 115, 255),
     IM_COL32(204, 121, 167, 255), IM_COL32(230, 159, 0, 255), IM_COL32(170, 160, 0, 255)},
    IM_COL32(200, 20, 20, 255),  IM_COL32(60, 64, 74, 255),    IM_COL32(60, 64, 74, 255),
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
    return with_alpha(g_palette.host[host % kHostColors], alpha);
}

Stroke segment_stroke(int host, SegmentLook look) {
    switch (look) {
        case SegmentLook::Retransmission: return Stroke{host_color(host), 1.8f, 7.0f, 4.0f};
        case SegmentLook::Injected: return Stroke{host_color(host), 1.8f, 2.0f, 3.0f};
        case SegmentLook::Lost: return Stroke{g_palette.lost, 1.6f, 0.0f, 0.0f};
        case SegmentLook::Normal: break;
    }
    return Stroke{host_color(host), 1.6f, 0.0f, 0.0f};
}

void stroke_line(ImDrawList* dl, ImVec2 a, ImVec2 b, const Stroke& s) {
    float dx = b.x - a.x, dy = b.y - a.y;
    float len = std::sqrt(dx * dx + dy * dy);
    if (s.dash <= 0.0f || len < 1.0f) {
        dl->AddLine(a, b, s.color, s.thickness);
        return;
    }
    float ux = dx / len, uy = dy / len;
    for (float t = 0; t < len; t += s.dash + s.gap) {
        float e = std::min(len, t + s.dash);
        dl->AddLine(ImVec2(a.x + ux * t, a.y + uy * t), ImVec2(a.x + ux * e, a.y + uy * e), s.color, s.thickness);
    }
}

}  // namespace tcplab::ui
