// A Dear ImGui context with the default font and no backend: frames build draw lists only, so the
// front end's panels can be tested and measured without a window or a GPU.
#pragma once
#include "app.h"
#include "imgui.h"
#include "render/fonts.h"
#include "render/pulses.h"

namespace tcplab {

struct HeadlessImGui {
    // real_font: the app's own font (the Noto Sans CJK subset at 16 px, as in the browser), so that
    // text widths, Chinese included, are the page's; else ImGui's small built-in font.
    HeadlessImGui(float w, float h, bool real_font = false) {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(w, h);
        io.IniFilename = nullptr;
        if (real_font) render::load_fonts(16.0f, 1.0f);
        unsigned char* px;
        int tw, th;
        io.Fonts->GetTexDataAsRGBA32(&px, &tw, &th);
    }
    ~HeadlessImGui() { ImGui::DestroyContext(); }
    HeadlessImGui(const HeadlessImGui&) = delete;
    HeadlessImGui& operator=(const HeadlessImGui&) = delete;

    // One frame; returns the number of vertices ImGui produced.
    int frame(App& app, float dt = 1.0f / 60) {
        ImGuiIO& io = ImGui::GetIO();
        io.DeltaTime = dt;
        render::pulses_begin_frame();
        ImGui::NewFrame();
        app.frame(dt, static_cast<int>(io.DisplaySize.x), static_cast<int>(io.DisplaySize.y), 1.0f);
        ImGui::Render();
        return ImGui::GetDrawData()->TotalVtxCount;
    }
};

}  // namespace tcplab
