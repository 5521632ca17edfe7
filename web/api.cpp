// Exported with EMSCRIPTEN_KEEPALIVE; called from tcplab-api.js. Strings cross as UTF-8: arguments
// are copied by the caller, results live in one static buffer until the next call (the JS side
// copies them at once). Every result is JSON.
#include "api.h"
#include "json_text.h"

#include <emscripten/emscripten.h>

#include <cstdio>
#include <string>

#include "app.h"
#include "builtin_scenarios.h"
#include "scenario/scenario.h"
#include "ui/layout_report.h"

namespace tcplab {
namespace {
App* g_app = nullptr;
std::string g_result;
bool g_trap_next_frame = false;

const char* out(std::string s) {
    g_result = std::move(s);
    return g_result.c_str();
}


const char* load_result(bool ok, const std::string& error) {
    if (ok) return out("{\"ok\":true}");
    return out("{\"ok\":false,\"errors\":" + (error.empty() ? std::string("[]") : error) + "}");
}

const char* not_ready() { return out("{\"ok\":false,\"errors\":[{\"line\":0,\"column\":0,\"message\":\"not ready\"}]}"); }
}  // namespace

void api_attach(App* app) { g_app = app; }
void api_before_frame() {
    if (g_trap_next_frame) __builtin_trap();
}

}  // namespace tcplab

using tcplab::g_app;
using tcplab::out;

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* tcplab_builtin_names() {
    std::string r = "[";
    for (const auto& s : tcplab::builtin_scenarios()) {
        if (r.size() > 1) r += ",";
        r += tcplab::json_quote(s.name);
    }
    return out(r + "]");
}

// [{"name","en","zh"}]: each built-in lesson's title in both languages, for the page's own lesson
// picker (web/tcplab-page.js).
EMSCRIPTEN_KEEPALIVE const char* tcplab_builtin_titles() {
    std::string r = "[";
    for (const auto& b : tcplab::builtin_scenarios()) {
        std::string en = *b.title ? b.title : b.name;
        if (r.size() > 1) r += ",";
        r += "{\"name\":" + tcplab::json_quote(b.name) + ",\"en\":" + tcplab::json_quote(en) +
             ",\"zh\":" + tcplab::json_quote(*b.title_zh ? b.title_zh : en) + "}";
    }
    return out(r + "]");
}

// The page has fetched (or failed to fetch) a lesson's text: open it if it is still the one asked for.
EMSCRIPTEN_KEEPALIVE void tcplab_lesson_arrived(const char* name) {
    if (g_app && name) g_app->lesson_arrived(name);
}

// Test-only: a wasm trap, as a memory error would raise, so the browser test can check that the
// page reports it (banner, 'error' event) instead of freezing: at once, or (in_frame != 0) inside
// the next frame of the main loop. Reached only as Module._tcplab_debug_trap, never through
// window.tcplab.
EMSCRIPTEN_KEEPALIVE void tcplab_debug_trap(int in_frame) {
    if (!in_frame) __builtin_trap();
    tcplab::g_trap_next_frame = true;
}

EMSCRIPTEN_KEEPALIVE const char* tcplab_load_builtin(const char* name) {
    if (!g_app) return tcplab::not_ready();
    std::string error;
    const bool ok = g_app->load_builtin(name, &error);
    return tcplab::load_result(ok, error);
}

EMSCRIPTEN_KEEPALIVE const char* tcplab_load_text(const char* text) {
    if (!g_app) return tcplab::not_ready();
    std::string error;
    const bool ok = g_app->load_text(text, &error);
    return tcplab::load_result(ok, error);
}

EMSCRIPTEN_KEEPALIVE void tcplab_play() { if (g_app) g_app->play(); }
EMSCRIPTEN_KEEPALIVE void tcplab_pause() { if (g_app) g_app->pause(); }
EMSCRIPTEN_KEEPALIVE void tcplab_step() { if (g_app) g_app->step_forward(); }
EMSCRIPTEN_KEEPALIVE void tcplab_step_back() { if (g_app) g_app->step_back(); }
EMSCRIPTEN_KEEPALIVE void tcplab_seek(double time_us) { if (g_app) g_app->seek(static_cast<int64_t>(time_us)); }
EMSCRIPTEN_KEEPALIVE void tcplab_run_to_end() { if (g_app) g_app->run_to_end(); }
EMSCRIPTEN_KEEPALIVE void tcplab_set_speed(double speed) { if (g_app) g_app->set_speed(static_cast<float>(speed)); }
EMSCRIPTEN_KEEPALIVE void tcplab_set_lang(const char* lang) { if (g_app) g_app->set_lang(lang); }
EMSCRIPTEN_KEEPALIVE void tcplab_reset() { if (g_app) g_app->reset(); }

EMSCRIPTEN_KEEPALIVE const char* tcplab_status() { return out(g_app ? g_app->status_json() : "{\"ready\":false}"); }
EMSCRIPTEN_KEEPALIVE const char* tcplab_states() { return out(g_app ? g_app->states_json() : "{}"); }
EMSCRIPTEN_KEEPALIVE const char* tcplab_trace() { return out(g_app ? g_app->trace_json() : "null"); }
EMSCRIPTEN_KEEPALIVE const char* tcplab_link_url(const char* base) { return out(tcplab::json_quote(g_app ? g_app->link_url(base) : std::string())); }

EMSCRIPTEN_KEEPALIVE const char* tcplab_layout() { return out(tcplab::ui::layout_report_json()); }

EMSCRIPTEN_KEEPALIVE const char* tcplab_frame_times() {
    std::string r = "[";
    if (g_app) {
        char buf[32];
        for (float ms : g_app->frame_stats().last_ms) {
            std::snprintf(buf, sizeof buf, "%s%.3f", r.size() > 1 ? "," : "", ms);
            r += buf;
        }
    }
    return out(r + "]");
}

}  // extern "C"
