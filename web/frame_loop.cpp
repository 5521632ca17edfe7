#include "frame_loop.h"

#include <algorithm>

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include "imgui_internal.h"  // the open popups, for the layout report
#include "render/background.h"
#include "render/fonts.h"
#include "render/gl.h"
#include "render/pulses.h"
#include "ui/layout_report.h"

#ifdef __EMSCRIPTEN__
#include <emscripten/html5.h>
#endif

namespace tcplab {

namespace {
constexpr float kFontPx = 16.0f;
// ImGui asserts on a zero DeltaTime (headless browsers with virtual time do not advance the clock
// between frames); a huge one (tab in the background) would jump animations.
constexpr float kMinDt = 1.0f / 10000.0f, kMaxDt = 0.25f;
}  // namespace

double now_seconds() {
    return static_cast<double>(SDL_GetPerformanceCounter()) / static_cast<double>(SDL_GetPerformanceFrequency());
}

namespace {
// Open popups and menus (the ladder's segment menu, the lesson list) as kind "popup", id = the
// popup's name, so tests can tap their items as a person would.
void report_open_popups() {
    ImGuiContext& g = *GImGui;
    for (const ImGuiPopupData& p : g.OpenPopupStack)
        if (p.Window && p.Window->Active && !(p.Window->Flags & ImGuiWindowFlags_Tooltip))
            ui::report_box("popup", p.Window->Name, p.Window->Pos,
                           ImVec2(p.Window->Pos.x + p.Window->Size.x, p.Window->Pos.y + p.Window->Size.y));
}
}  // namespace

void set_input_hints() {
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
#ifdef __EMSCRIPTEN__
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
#endif
}

float FrameLoop::pixel_ratio() const {
#ifdef __EMSCRIPTEN__
    return static_cast<float>(emscripten_get_device_pixel_ratio());
#else
    int w = 0, h = 0, dw = 0, dh = 0;
    SDL_GetWindowSize(window_, &w, &h);
    SDL_GL_GetDrawableSize(window_, &dw, &dh);
    return w > 0 && dw > 0 ? static_cast<float>(dw) / static_cast<float>(w) : 1.0f;
#endif
}

bool FrameLoop::init(SDL_Window* window, SDL_GLContext gl, const LaunchOptions& options, std::string* error) {
    window_ = window;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // layout comes from the App and the URL, not from a file
    if (options.app.dark) ImGui::StyleColorsDark(); else ImGui::StyleColorsLight();
    ImGui_ImplSDL2_InitForOpenGL(window, gl);
#ifdef __EMSCRIPTEN__
    ImGui_ImplOpenGL3_Init("#version 300 es");
#else
    ImGui_ImplOpenGL3_Init("#version 330 core");
#endif
    font_ratio_ = pixel_ratio();
    render::load_fonts(kFontPx, font_ratio_);
    std::string log;
    if (!render::background_init(&log) || !render::pulses_init(&log)) {
        *error = "shader: " + log;
        return false;
    }
    start_s_ = now_seconds();
    app_.init(options.app);
    if (options.run_to_end) app_.run_to_end();
    return true;
}

// Space plays or pauses (not on auto-repeat); the arrows step, repeating while held.
void FrameLoop::key_shortcut(const SDL_KeyboardEvent& k) {
    if (k.keysym.mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) return;  // the browser's and the OS's own
    if (k.keysym.sym == SDLK_SPACE && !k.repeat) app_.shortcut(App::Shortcut::PlayPause);
    else if (k.keysym.sym == SDLK_RIGHT) app_.shortcut(App::Shortcut::Step);
    else if (k.keysym.sym == SDLK_LEFT) app_.shortcut(App::Shortcut::StepBack);
}

bool FrameLoop::frame() {
    const double t0 = now_seconds();
    bool running = true;
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        ImGui_ImplSDL2_ProcessEvent(&e);
        touch_.event(e, ImGui::GetIO().DisplaySize);
        if (e.type == SDL_KEYDOWN) key_shortcut(e.key);
        if (e.type == SDL_QUIT) running = false;
        if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE) running = false;
    }
    // Moving the page to another screen (or zooming) changes the pixel ratio: re-rasterize the font.
    const float ratio = pixel_ratio();
    if (ratio != font_ratio_) {
        font_ratio_ = ratio;
        render::load_fonts(kFontPx, ratio);
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = std::clamp(io.DeltaTime, kMinDt, kMaxDt);
    touch_.apply(io, SDL_GetTicks());  // fingers override the backend's mouse state
    app_.set_pinch(touch_.pinch_zoom(), touch_.pinch_center().x, touch_.pinch_center().y);
    ImGui::NewFrame();
    render::pulses_begin_frame();
    app_.frame(io.DeltaTime, static_cast<int>(io.DisplaySize.x), static_cast<int>(io.DisplaySize.y), ratio);
    report_open_popups();
    ImGui::Render();
    const int fb_w = static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x);
    const int fb_h = static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y);
    render::background_draw(fb_w, fb_h, io.DisplayFramebufferScale.x, now_seconds() - start_s_, app_.dark());
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    app_.record_frame_time(static_cast<float>((now_seconds() - t0) * 1000.0));
    return running;
}

void FrameLoop::shutdown() {
    render::pulses_shutdown();
    render::background_shutdown();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
}

}  // namespace tcplab
