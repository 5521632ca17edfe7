// What the native and the web main loops share: ImGui + backends setup, the font, the shader
// backdrop, and one frame (events, App::frame, render). The mains only own the window and the loop.
#pragma once
#include <string>

#include <SDL.h>

#include "app.h"
#include "options.h"
#include "touch_input.h"

namespace tcplab {

class FrameLoop {
public:
    bool init(SDL_Window* window, SDL_GLContext gl, const LaunchOptions& options, std::string* error);
    // One frame; false once the window was closed. elapsed_ms: the frame's own work time.
    bool frame();
    void shutdown();
    App& app() { return app_; }

private:
    void key_shortcut(const SDL_KeyboardEvent& k);
    float pixel_ratio() const;

    SDL_Window* window_ = nullptr;
    App app_;
    TouchInput touch_;
    float font_ratio_ = 0.0f;
    double start_s_ = 0.0;
};

double now_seconds();
// SDL hints both mains set before SDL_Init: fingers reach the app as finger events only (TouchInput
// makes them clicks, drags, scrolls), and in the browser the keyboard is the canvas's, so the page's
// own controls (web/shell.html) keep their keys.
void set_input_hints();

}  // namespace tcplab
