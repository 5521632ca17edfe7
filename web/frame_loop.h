// What the native and the web main loops share: ImGui + backends setup, the font, the shader
// backdrop, and one frame (events, App::frame, render). The mains only own the window and the loop.
#pragma once
#include <string>

#include <SDL.h>

#include "app.h"
#include "options.h"

namespace tcplab {

class FrameLoop {
public:
    bool init(SDL_Window* window, SDL_GLContext gl, const LaunchOptions& options, std::string* error);
    // One frame; false once the window was closed. elapsed_ms: the frame's own work time.
    bool frame();
    void shutdown();
    App& app() { return app_; }

private:
    float pixel_ratio() const;

    SDL_Window* window_ = nullptr;
    App app_;
    float font_ratio_ = 0.0f;
    double start_s_ = 0.0;
};

double now_seconds();

}  // namespace tcplab
