// The browser entry point: SDL2 window on #canvas (sized by CSS, framebuffer = CSS size x
// devicePixelRatio), WebGL2 context, and the browser's animation-frame loop. tcplab-api.js passes
// the URL parameters in as arguments and listens for Module.tcplabReady / Module.tcplabEvents.
#include <emscripten/emscripten.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <SDL.h>

#include "imgui.h"

#include "api.h"
#include "builtin_scenarios.h"
#include "frame_loop.h"
#include "options.h"

namespace {
tcplab::FrameLoop g_loop;

// SDL's clipboard in the browser is the page's own memory: what the app copies (Copy link, the
// exercise link, Ctrl+C in a text field) also goes to the system clipboard, through tcplab-api.js.
EM_JS(void, copy_to_system_clipboard, (const char* text), { if (Module.tcplabCopy) Module.tcplabCopy(UTF8ToString(text)); });
void (*g_sdl_set_clipboard)(void*, const char*) = nullptr;
void set_clipboard(void* user, const char* text) {
    if (g_sdl_set_clipboard) g_sdl_set_clipboard(user, text);  // paste inside the app still works
    copy_to_system_clipboard(text);
}

// The lessons' texts are not compiled in: tcplab-api.js has them (inlined in the single file, or
// fetched from lessons/NAME.scn). Module.tcplabLesson(name) -> {text} | {error} | null (asked for:
// it calls _tcplab_lesson_arrived when the fetch ends). Returned here as "T<text>" / "E<error>".
EM_JS(char*, lesson_from_page, (const char* name), {
    var r = Module.tcplabLesson ? Module.tcplabLesson(UTF8ToString(name)) : { error: "the page has no lessons" };
    if (!r) return 0;
    var s = r.text !== undefined ? "T" + r.text : "E" + r.error;
    var n = lengthBytesUTF8(s) + 1;
    var p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
});
tcplab::LessonText lesson_source(const char* name, std::string* out) {
    char* r = lesson_from_page(name);
    if (!r) return tcplab::LessonText::Pending;
    bool ok = r[0] == 'T';
    *out = r + 1;
    std::free(r);
    return ok ? tcplab::LessonText::Ready : tcplab::LessonText::Failed;
}

void dispatch_events() {
    const std::vector<std::string> events = g_loop.app().take_events();
    if (events.empty()) return;
    std::string json = "[";
    for (const std::string& e : events) {
        if (json.size() > 1) json += ",";
        json += e;
    }
    json += "]";
    EM_ASM({ if (Module.tcplabEvents) Module.tcplabEvents(UTF8ToString($0)); }, json.c_str());
}

void frame() {
    tcplab::api_before_frame();
    g_loop.frame();
    dispatch_events();
}
}  // namespace

int main(int argc, char** argv) {
    tcplab::LaunchOptions options = tcplab::parse_launch_options(argc, argv);
    for (const std::string& e : options.errors) std::fprintf(stderr, "tcplab: %s\n", e.c_str());

    tcplab::set_input_hints();
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "tcplab: SDL_Init: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);
    // RESIZABLE + CSS-sized canvas: SDL follows the page size; ALLOW_HIGHDPI: device-pixel framebuffer.
    SDL_Window* window = SDL_CreateWindow("tcplab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                          options.width, options.height,
                                          SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_GLContext gl = window ? SDL_GL_CreateContext(window) : nullptr;
    if (!gl) {
        std::fprintf(stderr, "tcplab: no WebGL2 context: %s\n", SDL_GetError());
        EM_ASM({ if (Module.tcplabFatal) Module.tcplabFatal("WebGL2 is not available in this browser"); });
        return 1;
    }
    SDL_GL_MakeCurrent(window, gl);

    tcplab::set_lesson_source(lesson_source);
    std::string error;
    if (!g_loop.init(window, gl, options, &error)) {
        std::fprintf(stderr, "tcplab: %s\n", error.c_str());
        EM_ASM({ if (Module.tcplabFatal) Module.tcplabFatal(UTF8ToString($0)); }, error.c_str());
        return 1;
    }
    tcplab::api_attach(&g_loop.app());
    g_sdl_set_clipboard = ImGui::GetIO().SetClipboardTextFn;
    ImGui::GetIO().SetClipboardTextFn = set_clipboard;
    g_loop.frame();  // one frame before "ready", so the canvas already shows the app
    EM_ASM({ if (Module.tcplabReady) Module.tcplabReady(); });
    emscripten_set_main_loop(frame, 0, true);
    return 0;
}
