// The App's state, shared by the controller (web/app.cpp) and the panels (web/ui/*.cpp).
// The run is a ScenarioRun driven in virtual time; the panels only read it and call the controller.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "../app.h"
#include "numbering.h"
#include "quiz/predict_plan.h"
#include "scenario/live_run.h"
#include "scenario/scenario.h"
#include "trace_index.h"

namespace tcplab {

// Playback scale: at speed 1x one second of real time shows 100 ms of virtual time, so a segment
// crossing a 50 ms link takes half a second on screen and the handshake is easy to follow.
constexpr double kVirtualPerReal = 0.1;
// Idle skipping (on by default): when nothing is on the wire and the next event would take more
// than kIdleGapReal seconds of real time to come at the current speed (2MSL, a long RTO, a pause
// in the script), playback jumps ahead to kIdleLeadReal seconds before it. Times stay real.
constexpr double kIdleGapReal = 0.5;
constexpr double kIdleLeadReal = 0.25;

struct LinkSettings {
    int delay_ms = 50;
    float loss_pct = 0.0f;
    int seed = 1;
    std::string profile;  // "" = the scenario's own
};

struct TimelineView {
    double top_us = 0;        // display time (ui/time_axis.h) at the top edge of the plot
    double us_per_px = 2000;  // zoom
    bool follow = true;       // keep the current time in view while playing
    bool fit = false;         // fit the whole run on the next frame
    bool initial = true;      // first frame of a run: zoom so a round trip fills a good part of the view
    bool compressed = true;   // idle gaps longer than a few round trips drawn as short breaks
    int settle_frames = 0;    // after Fit: frames in which the view may zoom in until every label has room
    int hidden = 0;           // texts that had no room in the last frame (said in the toolbar)
};

// A per-host user call from the action buttons.
struct HostCall {
    int host = 0;
    Call call = Call::Connect;
    int bytes = 100;  // Send
};

struct AppState {
    AppOptions options;
    std::string lang = "en";
    bool dark = true;
    bool show_overlay = false;
    float dpi_scale = 1.0f;
    bool style_dirty = true;

    // --- The run ------------------------------------------------------------------------------
    std::string scenario_name;                // built-in name, or "" for pasted text
    std::string loading_lesson;               // a built-in lesson being fetched (the page), or ""
    std::string scenario_text;                // the text the scenario was parsed from
    std::unique_ptr<Scenario> scenario;       // stable address: ScenarioRun points into it
    std::unique_ptr<LiveRun> run;             // the run, its checkpoints and live inputs
    std::vector<ScenarioError> errors;        // from the last failed load
    std::string run_error;                    // an exception from the engine, shown instead of a crash
    LinkSettings link;
    uint64_t generation = 0;                  // bumped whenever the trace is rebuilt (rewind, reload)
    // Going back keeps the trace's prefix: its first entries, up to the smallest size the trace had
    // since the index (and the JS event stream) last read it, are unchanged. 0 after a reload.
    size_t index_stable = 0;
    size_t events_stable = 0;
    bool live_inputs = false;                 // the user added calls/drops the scenario does not have
    // Learnt at load by running the scenario ahead once on a copy (tracing off): the lesson's end
    // time and event count, so the scrubber knows the length before anything has played.
    Micros lesson_end = 0;
    uint64_t lesson_events = 0;

    // --- Playback -----------------------------------------------------------------------------
    bool playing = false;
    float speed = 1.0f;
    Micros view_time = 0;
    double carry_us = 0;                      // fractional virtual microseconds not yet applied
    bool stop_at_end = true;                  // pause once at the scenario's end time
    bool skip_idle = true;                    // playback jumps over idle time (kIdleGapReal)

    // --- View state ---------------------------------------------------------------------------
    Numbering numbering = Numbering::Symbolic;
    TimelineView timeline;
    int64_t selected = -1;                    // trace index of the segment shown in the inspector
    // Where the layout lets the inspector open (x, y, w, h; w = 0: its own place at the right):
    // on small screens over the state diagram, never over the tab row or the ladder.
    float inspector_area[4] = {0, 0, 0, 0};
    std::string editor_text;
    bool editor_open = false;
    int send_bytes[4] = {100, 100, 100, 100};
    std::vector<int64_t> drop_armed_at;       // per host: trace size when "drop next" was armed, -1 off
    std::string copied_link;
    // The exercise-link builder (ui/exercise_link.cpp): what a teacher's link opens.
    struct Exercise {
        int mode = 1;                 // 0 watch, 1 predict states, 2 numbers, 3 both
        int lang = 0;                 // 0 en, 1 zh
        bool panel[6] = {true, true, true, true, true, true};  // ui/layout.cpp kPanelNames order
        int student = 0;              // 0 none, 1 this ID, 2 each student types theirs (askid=1)
        std::string student_id;
        std::string copied;           // the last link or snippet copied, shown read-only
    } exercise;
    ui::TraceIndex index;
    bool panel_on[8] = {true, true, true, true, true, true, true, true};
    int active_tab = -1;                      // the panel shown in the tab area (web/ui/layout.cpp), -1 first
    double last_real_time = 0;

    // --- What if (web/what_if.cpp): the lesson under a hypothesis, never a profile ------------
    Hypothesis what_if = Hypothesis::None;
    std::string what_if_compare;      // the lesson's checks under real TCP and here (the banner)
    // The real outcome over the hypothesis's ladder: the segments real TCP sends that this run does
    // not (drawn faded, "real TCP:"), and what marks this run's own segments that real TCP does not send.
    struct WhatIfOverlay {
        std::vector<TraceEntry> real_only;  // segment entries of the real run
        Labeler labels;                     // the real run's numbering, for their labels
        std::vector<std::tuple<Micros, int, int, uint16_t>> real_keys;  // sorted (time, from, to, flags)
        bool real_sends(const TraceEntry& e) const;
    };
    std::shared_ptr<const WhatIfOverlay> what_if_overlay;  // null unless a hypothesis is on
    void set_what_if(Hypothesis h);   // restarts the lesson
    void compare_what_if(const RunOptions& opts, const ScenarioRun& here);  // `here`: this run, to its end

    // --- Predict mode (web/predict.cpp, docs/teaching.md) -------------------------------------
    // Playback stops before each event a question is about; the card (ui/predict_card.cpp) asks,
    // checks the answer with engine/quiz and shows the rule. The plan is the engine's.
    struct Predict {
        enum Status : uint8_t { Pending, Right, Wrong, Skipped };
        bool on = false;
        quiz::Mode mode = quiz::Mode::Both;
        quiz::PredictPlan plan;
        std::vector<Status> status;   // per question, the first answer's verdict (retries are practice)
        std::vector<int> attempts;
        int asked = -1;               // the question on the card
        bool revealed = false;        // the card shows the verdict, the answer and the rule
        bool last_right = false;
        bool resume = false;          // playing when it stopped: plays on after the last question here
        bool done_sent = false;       // the final score event went out
        bool summary_closed = false;  // the final score card was closed
        std::string error;            // an answer that could not be read: what was expected
        // The form: the state picked, or the segment's flags and numbers as typed.
        int state_pick = -1;
        uint16_t flags = 0;
        std::string seq, ack;
        int choice = -1;              // authored choice / lost: the option picked
        std::string field, essay;     // authored seq/ack/len as typed; a why answer
        bool self_checked = false;    // why: the student has compared their answer with the model
        std::string given;            // the answer as the results show it
    } predict;
    static constexpr uint64_t kNoGate = UINT64_MAX;
    int predict_next() const;         // the next unanswered question from here, or -1
    uint64_t predict_gate() const;    // events after which playback must stop, or kNoGate
    bool stop_at_gate(Micros target); // runs events up to target; true when it stopped for a question
    void predict_plan(const RunOptions& opts);  // the questions of the run just (re)started
    void predict_answer();            // checks the form against the asked question
    void predict_skip();
    void predict_retry();
    void predict_continue();
    void predict_self_check(bool had_it);  // why: after reading the model answer
    const quiz::AuthoredAnswer* asked_authored() const;  // the authored question on the card, or null
    bool authored_right(const quiz::AuthoredAnswer& a, bool* right);
    void set_predict(const std::string& mode);  // "" off; restarts the lesson
    int predict_count(Predict::Status s) const;

    // --- Touch gestures -----------------------------------------------------------------------
    // The platform layer (web/frame_loop.cpp) turns finger events into these each frame; the panels
    // read them (the ladder zooms on a pinch). pinch_zoom is this frame's factor (1 = none), around
    // (pinch_x, pinch_y) in display coordinates.
    float pinch_zoom = 1.0f;
    float pinch_x = 0, pinch_y = 0;

    // --- JS events ----------------------------------------------------------------------------
    size_t emitted = 0;
    uint64_t emitted_generation = 0;
    std::vector<std::string> events;
    FrameStats stats;

    // --- Commands from the panels -------------------------------------------------------------
    // While the panels draw (App::frame), every controller call that changes the run is queued and
    // applied once the last panel has drawn: a panel may hold references into the run (the
    // simulator, the trace, its entries) for the whole frame, and a step back, seek or reload
    // replaces or truncates what they point to. Outside a frame (JS API, tests) calls apply at once.
    bool drawing = false;
    std::vector<std::function<void()>> pending_commands;
    bool defer(std::function<void()> command);  // true when queued (the caller returns)
    void apply_commands();                      // ends the drawing phase, applies the queue in order

    // --- Controller ---------------------------------------------------------------------------
    bool load(const std::string& name, const std::string& text, std::string* error_json);
    // A built-in lesson by name or a unique part of it. In the browser its text may first have to
    // be fetched: then loading_lesson names it and the current lesson stays until it arrives.
    bool load_builtin(const std::string& name, std::string* error_json);
    void rebuild();                  // a new ScenarioRun from the scenario and the link settings
    void restart_run();              // the same, keeping the view
    void live_input_added();         // after a user call or drop: a new branch of the future
    Micros skip_idle_target(Micros from, Micros to) const;  // where playback from `from` to `to` lands
    void play();
    void pause();
    void step_forward();
    void step_back();
    void seek(Micros t);
    void jump_next();
    void run_to_end();
    void reset();
    void advance(double dt_real);    // playback
    void host_call(const HostCall& c);
    void arm_drop_next(int host);
    bool drop_in_flight(uint64_t packet_id);
    void set_lang(const std::string& l);

    bool ready() const { return run != nullptr; }
    Simulator* sim() { return run ? &run->sim() : nullptr; }
    const Simulator* sim() const { return run ? &run->sim() : nullptr; }
    const Trace& trace() const;
    Micros end_time() const;         // the scenario's end, or the last event so far
    Micros lesson_length() const;    // end_time(), or the lesson's end learnt at load when later
    Micros timeline_extent() const;  // latest time the timeline has to show
    uint16_t server_port() const;    // the port the buttons listen on / connect to
    void collect_events(bool build);  // build = make the JSON of new entries (take_events)
    std::string link_url(const std::string& base) const;  // URL parameters named after AppOptions
    std::string lesson_url(const std::string& base) const;   // base?scenario=NAME or base?s=TEXT
    std::string exercise_url() const;                     // the builder's link, absolute when options.page_url is known
    std::string exercise_iframe() const;                  // an <iframe> snippet for a course page
    void refresh_index() {
        index.update(trace(), generation, index_stable);
        index_stable = SIZE_MAX;
    }
    void went_back();                // the trace was cut back to a prefix: bump the generation
};

}  // namespace tcplab
