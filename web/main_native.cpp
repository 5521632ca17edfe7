// The desktop entry point: SDL2 window with an OpenGL 3.3 core context, the same FrameLoop as the
// browser. For the smoke test and screenshots: --frames N renders N frames and exits,
// --screenshot out.ppm writes the last frame.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <SDL.h>

#include "frame_loop.h"
#include "options.h"
#include "render/gl.h"

namespace {

bool write_ppm(const std::string& path, int w, int h) {
    std::vector<unsigned char> rgb(static_cast<size_t>(w) * h * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, rgb.data());
    std::ofstream f(path, std::ios::binary);
    if (!f) return false;
    f << "P6\n" << w << " " << h << "\n255\n";
    for (int y = h - 1; y >= 0; --y)  // GL rows are bottom-up
        f.write(reinterpret_cast<const char*>(&rgb[static_cast<size_t>(y) * w * 3]), static_cast<std::streamsize>(w) * 3);
    return static_cast<bool>(f);
}

}  // namespace

int main(int argc, char** argv) {
    tcplab::LaunchOptions options = tcplab::parse_launch_options(argc, argv);
    if (!options.scenario_file.empty()) {
        std::ifstream in(options.scenario_file);
        if (!in) options.errors.push_back("cannot read " + options.scenario_file);
        std::ostringstream text;
        text << in.rdbuf();
        options.app.scenario_text = text.str();
    }
    if (!options.errors.empty()) {
        for (const std::string& e : options.errors) std::fprintf(stderr, "tcplab-gui: %s\n", e.c_str());
        std::fputs(tcplab::launch_usage(), stderr);
        return 2;
    }
    tcplab::set_input_hints();
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "tcplab-gui: SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_Window* window = SDL_CreateWindow("tcplab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                          options.width, options.height,
                                          SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_GLContext gl = window ? SDL_GL_CreateContext(window) : nullptr;
    if (!gl) {
        std::fprintf(stderr, "tcplab-gui: no OpenGL 3.3 context: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_MakeCurrent(window, gl);
    SDL_GL_SetSwapInterval(options.frames > 0 ? 0 : 1);  // the smoke test need not wait for vsync

    tcplab::FrameLoop loop;
    std::string error;
    if (!loop.init(window, gl, options, &error)) {
        std::fprintf(stderr, "tcplab-gui: %s\n", error.c_str());
        return 1;
    }
    int rc = 0;
    // A bounded run (smoke test, screenshots) reports where the scenario got to, for the caller to check.
    for (int n = 1; loop.frame(); ++n) {
        if (options.frames > 0 && n >= options.frames) {
            if (!options.screenshot.empty()) {
                int w = 0, h = 0;
                SDL_GL_GetDrawableSize(window, &w, &h);
                if (!write_ppm(options.screenshot, w, h)) {
                    std::fprintf(stderr, "tcplab-gui: cannot write %s\n", options.screenshot.c_str());
                    rc = 1;
                }
            }
            SDL_GL_SwapWindow(window);
            break;
        }
        SDL_GL_SwapWindow(window);
    }
    if (options.frames > 0) std::printf("%s\n", loop.app().states_json().c_str());
    loop.shutdown();
    SDL_GL_DeleteContext(gl);
    SDL_DestroyWindow(window);
    SDL_Quit();
    return rc;
}
