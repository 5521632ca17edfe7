// The front end's application object: owns the scenario run and the view state, and draws the
// Dear ImGui panels each frame. The platform layers (main_web.cpp, main_native.cpp) call init() once
// and frame() per frame; the JavaScript API (api.cpp) calls the controller methods.
// Everything here only reads the engine's trace and views; protocol logic stays in engine/.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tcplab {

struct AppOptions {
    std::string scenario;        // built-in scenario name (default: the three-way handshake)
    std::string scenario_text;   // inline scenario text (decoded from the URL); wins over `scenario`
    std::string lang = "en";     // "en" | "zh"
    bool autoplay = false;
    float speed = 1.0f;          // 0.1 .. 100
    std::string profile;         // "" = the scenario's own
    bool dark = true;
    std::string panels = "all";  // comma list: graph,timeline,controls,log,tcb,timers; "all"
    bool show_frame_overlay = false;
    bool transport = true;       // the transport bar (play, step, scrubber, TIME_WAIT countdown) over the panels
    bool skip_idle = true;       // playback jumps over idle time (URL skipidle=0 turns it off)
    std::string predict;         // predict mode: "" off, "states" | "numbers" | "both" (docs/teaching.md)
    std::string student;         // per-student numbers: the ISNs drawn for this ID ("" = the lesson's)
    std::string page_url;        // the page's address without query or hash, for absolute links ("" natively)
};

struct FrameStats {
    std::vector<float> last_ms;  // most recent frame times, oldest first (at most 240)
};

class App {
public:
    App();
    ~App();
    void init(const AppOptions& options);
    // Between ImGui::NewFrame() and ImGui::Render(). dt in seconds of real time.
    void frame(float dt, int width, int height, float dpi_scale);

    // --- Controller (also the JavaScript API) ----------------------------------------------
    // Returns false and fills `error` (JSON: [{"line":..,"column":..,"message":..}]) on bad text.
    bool load_builtin(const std::string& name, std::string* error);
    void lesson_arrived(const std::string& name);  // the page fetched it: open it if still asked for
    bool load_text(const std::string& text, std::string* error);
    void play();
    void pause();
    void step_forward();
    void step_back();
    void seek(int64_t time_us);
    void run_to_end();
    void set_speed(float speed);
    void set_lang(const std::string& lang);
    void reset();
    // A keyboard shortcut, from the platform layer's key events (Dear ImGui 1.86 polls key state
    // once a frame, so a key pressed and released within one slow frame would be lost). Applied in
    // the next frame, unless a text field has the keyboard then.
    enum class Shortcut { PlayPause, Step, StepBack };
    void shortcut(Shortcut k);
    // This frame's two-finger pinch from the platform layer (touch_input): zoom factor (1 = none)
    // around (x, y) in display coordinates; the panels read it from AppState.
    void set_pinch(float zoom, float x, float y);

    std::string status_json() const;  // {"ready","scenario","title","time_us","playing","speed","events","error"}
    std::string states_json() const;  // {"A":"TIME_WAIT","B":"CLOSED", "connections":[...]}
    std::string trace_json() const;   // the trace in the documented schema (docs/trace-schema.md)
    std::string link_url(const std::string& base) const;  // "copy link" for the current settings
    // Events for JS subscribers since the last call (JSON objects, one per trace entry/state change).
    std::vector<std::string> take_events();
    void record_frame_time(float ms);
    const FrameStats& frame_stats() const;
    bool dark() const;

private:
    struct State;
    std::unique_ptr<State> s_;
};

}  // namespace tcplab
