// The App: the controller behind the panels and the JavaScript API, and the per-frame entry point.
// Playback advances virtual time by dt * speed * kVirtualPerReal and lets the ScenarioRun process
// every event whose time has come; going back uses the engine's exact replay (rewind_to).
#include "app.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "builtin_scenarios.h"
#include "json_text.h"
#include "imgui.h"
#include "ui/narration.h"
#include "ui/panels.h"
#include "ui/text.h"
#include "ui/theme.h"

#include "export/json.h"

namespace tcplab {

using json = nlohmann::json;

struct App::State : AppState {
    std::vector<App::Shortcut> shortcuts;  // since the last frame, in order
};

// --- Loading ----------------------------------------------------------------------------------

namespace {

json errors_json(const std::vector<ScenarioError>& errors) {
    json arr = json::array();
    for (const ScenarioError& e : errors)
        arr.push_back({{"line", e.loc.line}, {"column", e.loc.column}, {"message", e.message}});
    return arr;
}

std::string errors_to_json(const std::vector<ScenarioError>& errors) { return errors_json(errors).dump(); }

}  // namespace

bool AppState::load_builtin(const std::string& name, std::string* error_json) {
    const BuiltinScenario* b = find_builtin(name);
    std::string text;
    LessonText got = b ? builtin_text(*b, &text) : LessonText::Failed;
    if (got == LessonText::Pending) {
        loading_lesson = b->name;  // the page fetches it, then calls this again (tcplab_lesson_arrived)
        if (error_json) error_json->clear();
        return true;
    }
    loading_lesson.clear();
    if (got == LessonText::Ready) return load(b->name, text, error_json);
    ScenarioError e;
    e.message = b ? text : "unknown built-in scenario '" + name + "'";
    errors = {e};
    if (error_json) *error_json = errors_to_json(errors);
    return false;
}

bool AppState::load(const std::string& name, const std::string& text, std::string* error_json) {
    if (defer([=, this] { load(name, text, nullptr); })) return true;  // errors stay in `errors`
    ParseResult parsed = parse_scenario(text, name.empty() ? "<input>" : name + ".scn");
    if (auto* errs = std::get_if<std::vector<ScenarioError>>(&parsed)) {
        errors = *errs;
        editor_text = text;  // the error lines refer to this text: show it
        editor_open = true;
        if (error_json) *error_json = errors_to_json(errors);
        return false;
    }
    errors.clear();
    loading_lesson.clear();
    run.reset();
    scenario = std::make_unique<Scenario>(std::move(std::get<Scenario>(parsed)));
    if (!options.student.empty()) apply_student(*scenario, options.student);
    scenario_name = name;
    scenario_text = text;
    editor_text = text;
    const SimConfig& c = scenario->config;
    link.delay_ms = static_cast<int>(c.link.delay / 1000);
    link.loss_pct = static_cast<float>(c.link.loss * 100.0);
    link.seed = static_cast<int>(c.seed);
    link.profile = options.profile;
    rebuild();
    if (error_json) error_json->clear();
    return true;
}

void AppState::rebuild() {
    if (defer([=, this] { rebuild(); })) return;
    if (!scenario) return;
    // The link settings override the scenario's own (default and per-direction) only when edited.
    SimConfig& c = scenario->config;
    Micros delay = msec(link.delay_ms);
    double loss = std::clamp(link.loss_pct / 100.0, 0.0, 1.0);
    if (delay != c.link.delay) {
        c.link.delay = delay;
        for (auto& d : c.links) d.params.delay = delay;
    }
    if (std::fabs(loss - c.link.loss) > 1e-9) {
        c.link.loss = loss;
        for (auto& d : c.links) d.params.loss = loss;
    }
    restart_run();
    live_inputs = false;
    view_time = 0;
    carry_us = 0;
    playing = false;
    stop_at_end = true;
    selected = -1;
    drop_armed_at.assign(static_cast<size_t>(run->sim().host_count()), -1);
    timeline = TimelineView{};
    run_error.clear();
}

void AppState::restart_run() {
    RunOptions opts;
    if (!link.profile.empty()) opts.profile = link.profile;
    opts.seed = static_cast<uint64_t>(std::max(0, link.seed));
    opts.what_if = what_if;
    run = std::make_unique<LiveRun>(*scenario, opts);
    // The lesson's length, known before it plays: the same run once ahead, without a trace.
    RunOptions quick = opts;
    quick.tracing = what_if != Hypothesis::None;  // What if compares its trace with real TCP's
    ScenarioRun ahead(*scenario, quick);
    ahead.run_to_end();
    lesson_end = ahead.sim().now();
    lesson_events = ahead.sim().events_processed();
    ++generation;
    index_stable = events_stable = 0;
    predict_plan(opts);
    compare_what_if(opts, ahead);
}

void AppState::went_back() {
    ++generation;
    index_stable = std::min(index_stable, trace().size());
    events_stable = std::min(events_stable, trace().size());
}

void AppState::live_input_added() {
    live_inputs = true;
    run->inputs_added();
}

// --- Playback ---------------------------------------------------------------------------------

void AppState::play() {
    if (!run) return;
    if (sim()->next_event_time() == kNever && view_time >= end_time()) return;
    playing = true;
    timeline.follow = true;
}

void AppState::pause() { playing = false; }

void AppState::step_forward() {
    if (defer([=, this] { step_forward(); })) return;
    if (!run) return;
    playing = false;
    if (predict_gate() == sim()->events_processed() && stop_at_gate(sim()->next_event_time())) return;
    if (run->step_event()) view_time = sim()->now();
    timeline.follow = true;
}

void AppState::step_back() {
    if (defer([=, this] { step_back(); })) return;
    if (!run) return;
    playing = false;
    const uint64_t n = sim()->events_processed();
    if (n > 0) {
        run->go_to_event(n - 1);  // from the latest checkpoint: at most K events of replay
        went_back();
    }
    view_time = n > 0 ? sim()->now() : 0;
    carry_us = 0;
    timeline.follow = true;
}

void AppState::seek(Micros t) {
    if (defer([=, this] { seek(t); })) return;
    if (!run) return;
    t = std::max<Micros>(0, t);
    const bool back = t < sim()->now();
    if (!back && stop_at_gate(t)) return;  // predict mode: not past a question
    run->go_to_time(t);
    if (back) went_back();
    view_time = t;
    carry_us = 0;
}

void AppState::jump_next() {
    if (defer([=, this] { jump_next(); })) return;
    if (!run) return;
    Micros t = sim()->next_event_time();
    if (t == kNever) return;
    if (stop_at_gate(t)) return;
    run->advance_to(t);
    view_time = t;
    timeline.follow = true;
}

void AppState::run_to_end() {
    if (defer([=, this] { run_to_end(); })) return;
    if (!run) return;
    playing = false;
    if (stop_at_gate(kNever - 1)) return;  // predict mode: to the next question
    // To the scenario's end, as the CLI does; pressed again, on until nothing is scheduled.
    run->run_to_end();
    view_time = std::max(view_time, sim()->now());
    stop_at_end = false;
    timeline.fit = true;
    timeline.follow = false;
}

void AppState::reset() { rebuild(); }

// --- Commands queued while the panels draw ------------------------------------------------------

bool AppState::defer(std::function<void()> command) {
    if (!drawing) return false;
    pending_commands.push_back(std::move(command));
    return true;
}

void AppState::apply_commands() {
    drawing = false;
    std::vector<std::function<void()>> queue;
    queue.swap(pending_commands);
    for (auto& c : queue) c();
}

void AppState::advance(double dt_real) {
    if (!run || !playing) return;
    double d = dt_real * speed * kVirtualPerReal * 1e6 + carry_us;
    Micros step = static_cast<Micros>(std::floor(d));
    carry_us = d - static_cast<double>(step);
    Micros target = view_time + step;
    Micros end = scenario ? scenario->end : 0;
    if (stop_at_end && end > 0 && view_time < end && target >= end) {
        target = end;
        playing = false;
        stop_at_end = false;
    }
    if (skip_idle) target = skip_idle_target(view_time, target);
    if (stop_at_gate(target)) return;
    run->advance_to(target);
    view_time = target;
    // Nothing left to happen: stop once the last thing on screen has landed.
    if (sim()->next_event_time() == kNever && view_time >= end_time()) playing = false;
}

// Playback from `from` would land at `to`. When nothing is on the wire and the next thing to see
// is more than kIdleGapReal of real time away, it lands kIdleLeadReal before it instead (never
// past the scenario's end, where playback pauses).
Micros AppState::skip_idle_target(Micros from, Micros to) const {
    const Simulator& s = *sim();
    if (s.segments_in_flight() > 0) return to;
    Micros next = s.next_event_time();  // the next thing to see (kNever: nothing)
    const Micros end = scenario ? scenario->end : 0;
    if (stop_at_end && end > from && end < next) next = end;  // playback pauses there
    if (next == kNever) return to;
    const double per_real = static_cast<double>(speed) * kVirtualPerReal * 1e6;  // virtual us per real second
    const Micros lead = static_cast<Micros>(kIdleLeadReal * per_real);
    if (static_cast<double>(next - from) <= kIdleGapReal * per_real || next - lead <= to) return to;
    return next - lead;
}

Micros AppState::lesson_length() const { return std::max(end_time(), lesson_end); }

Micros AppState::end_time() const {
    if (!run) return 0;
    Micros end = scenario ? scenario->end : 0;
    const Trace& t = trace();
    Micros last = t.empty() ? 0 : t.back().time;
    return std::max(end, last);
}

Micros AppState::timeline_extent() const {
    if (!run) return sec(1);
    Micros e = std::max(end_time(), view_time);
    Micros next = sim()->next_event_time();
    if (next != kNever && next - view_time < sec(5)) e = std::max(e, next);
    return std::max<Micros>(e, msec(100));
}

const Trace& AppState::trace() const {
    static const Trace kEmpty;
    return run ? run->sim().trace() : kEmpty;
}

// --- Live input -------------------------------------------------------------------------------

uint16_t AppState::server_port() const {
    if (scenario) {
        for (const Action& a : scenario->actions)
            if (a.call == Call::Listen && a.port) return a.port;
        for (const Action& a : scenario->actions)
            if (a.call == Call::Connect && a.port) return a.port;
    }
    return 80;
}

void AppState::host_call(const HostCall& c) {
    if (defer([=, this] { host_call(c); })) return;
    if (!run) return;
    Simulator& s = *sim();
    Action a;
    a.at = s.now();
    a.host = c.host;
    a.call = c.call;
    if (c.call == Call::Listen) a.port = server_port();
    if (c.call == Call::Connect) {
        // The peer is the host with a listener, else the other host.
        a.remote_host = (c.host == 0 && s.host_count() > 1) ? 1 : 0;
        for (const ConnView& v : s.connections())
            if (v.listener && v.host != c.host && v.state == State::Listen) a.remote_host = v.host;
        a.port = server_port();
    }
    if (c.call == Call::Send) {
        a.data.resize(static_cast<size_t>(std::clamp(c.bytes, 1, 1 << 20)));
        for (size_t i = 0; i < a.data.size(); ++i) a.data[i] = static_cast<uint8_t>('a' + i % 26);
    }
    s.schedule(a);
    live_input_added();
    run->advance_to(view_time);  // takes effect at once, also while paused
}

void AppState::arm_drop_next(int host) {
    if (defer([=, this] { arm_drop_next(host); })) return;
    if (!run || host < 0 || host >= sim()->host_count()) return;
    sim()->drop_next_from(host);
    live_input_added();
    if (drop_armed_at.size() <= static_cast<size_t>(host)) drop_armed_at.resize(host + 1, -1);
    drop_armed_at[host] = static_cast<int64_t>(trace().size());
}

bool AppState::drop_in_flight(uint64_t packet_id) {
    if (defer([=, this] { drop_in_flight(packet_id); })) return true;
    if (!run) return false;
    const bool dropped = sim()->drop_in_flight(packet_id);
    if (dropped) live_input_added();
    return dropped;
}

void AppState::set_lang(const std::string& l) {
    lang = (l == "zh" || l == "zh-CN" || l == "cn") ? "zh" : "en";
    ui::set_lang(lang);
}

// --- Events for JavaScript --------------------------------------------------------------------

namespace {

// The engine's documented entry JSON plus "type", the host's name and the narration line in the
// current language (the page mirrors it into its aria-live region), for JS subscribers.
json entry_json(const AppState& app, const TraceEntry& e) {
    const Simulator& sim = *app.sim();
    json j = trace_entry_json(e, app.scenario.get());
    j["type"] = "trace";
    if (e.host >= 0 && e.host < sim.host_count()) j["host_name"] = sim.host_name(e.host);
    j["narration"] = ui::narrate(app, e);
    return j;
}

}  // namespace

void AppState::collect_events(bool build) {
    if (!run) return;
    const Trace& t = trace();
    if (emitted_generation != generation) {
        // The trace was rebuilt (rewind): tell subscribers, then stream on from the common prefix.
        emitted_generation = generation;
        emitted = std::min({emitted, t.size(), events_stable});
        events_stable = SIZE_MAX;
        events.push_back(json{{"type", "rewind"}, {"time_us", view_time}, {"events", emitted}}.dump());
    }
    // JSON is only built when someone asks (take_events): a jump over 20,000 entries costs nothing
    // when no JavaScript subscribes.
    if (!build) return;
    for (; emitted < t.size(); ++emitted) events.push_back(entry_json(*this, t[emitted]).dump());
    constexpr size_t kMaxQueued = 20000;
    if (events.size() > kMaxQueued) events.erase(events.begin(), events.end() - kMaxQueued / 2);
}

// --- App --------------------------------------------------------------------------------------

App::App() : s_(std::make_unique<State>()) {}
App::~App() = default;

void App::init(const AppOptions& options) {
    State& s = *s_;
    s.options = options;
    s.set_lang(options.lang);
    s.dark = options.dark;
    s.show_overlay = options.show_frame_overlay;
    s.speed = std::clamp(options.speed, 0.1f, 100.0f);
    s.skip_idle = options.skip_idle;
    if (auto m = quiz::parse_mode(options.predict)) {
        s.predict.on = true;
        s.predict.mode = *m;
    }
    ui::parse_panels(s, options.panels);
    if (!options.profile.empty() && !profile_by_name(options.profile)) {
        s.options.profile.clear();  // the scenario's own profile is used instead (message below)
    }
    s.style_dirty = true;
    std::string error;
    bool ok = false;
    if (!options.scenario_text.empty()) ok = load_text(options.scenario_text, &error);
    if (!ok && !options.scenario.empty()) ok = load_builtin(options.scenario, &error);
    if (!ok && !s.run) {
        auto all = builtin_scenarios();
        if (!all.empty()) {
            auto saved = s.errors;
            std::string text = s.editor_text;
            load_builtin(all.front().name, nullptr);
            s.errors = saved;  // still show why the requested scenario did not load, and where
            if (!options.scenario_text.empty()) {
                s.editor_text = text;
                s.editor_open = true;
            }
        }
    }
    if (!options.profile.empty() && s.options.profile.empty())
        s.run_error = "unknown profile '" + options.profile + "' (using the scenario's own)";
    if (options.autoplay) s.play();
}

void App::frame(float dt, int width, int height, float dpi_scale) {
    State& s = *s_;
    if (s.style_dirty || dpi_scale != s.dpi_scale) {
        s.dpi_scale = dpi_scale;
        ui::apply_theme(s.dark, 1.0f);
        s.style_dirty = false;
    }
    ui::set_lang(s.lang);
    // Keyboard: space plays/pauses, right/left step one event (not while typing in the editor).
    const bool typing = ImGui::GetIO().WantTextInput;
    for (Shortcut k : s.shortcuts) {
        if (typing) break;
        if (k == Shortcut::PlayPause) s.playing ? s.pause() : s.play();
        else if (k == Shortcut::Step) s.step_forward();
        else s.step_back();
    }
    s.shortcuts.clear();
    s.advance(std::clamp(dt, 0.0f, 0.25f));
    s.refresh_index();
    s.collect_events(false);
    ImVec2 size = ImGui::GetIO().DisplaySize;
    if (size.x <= 0 || size.y <= 0) size = ImVec2(static_cast<float>(width), static_cast<float>(height));
    s.drawing = true;
    ui::draw_layout(s, size.x, size.y);
    s.apply_commands();
}

bool App::load_builtin(const std::string& name, std::string* error) { return s_->load_builtin(name, error); }
void App::lesson_arrived(const std::string& name) {
    if (name == s_->loading_lesson) s_->load_builtin(name, nullptr);
}
bool App::load_text(const std::string& text, std::string* error) { return s_->load("", text, error); }
void App::play() { s_->play(); }
void App::pause() { s_->pause(); }
void App::step_forward() { s_->step_forward(); }
void App::step_back() { s_->step_back(); }
void App::seek(int64_t time_us) { s_->seek(time_us); }
void App::run_to_end() { s_->run_to_end(); }
void App::set_speed(float speed) { s_->speed = std::clamp(speed, 0.1f, 100.0f); }
void App::set_lang(const std::string& lang) { s_->set_lang(lang); }
void App::reset() { s_->reset(); }
void App::shortcut(Shortcut k) { s_->shortcuts.push_back(k); }

void App::set_pinch(float zoom, float x, float y) {
    s_->pinch_zoom = zoom;
    s_->pinch_x = x;
    s_->pinch_y = y;
}

std::string App::status_json() const {
    const State& s = *s_;
    JsonObject j;
    j.flag("ready", s.ready())
        .str("scenario", s.scenario_name)
        .str("loading", s.loading_lesson)
        .str("title", s.scenario ? s.scenario->title_in(s.lang == "zh") : "")
        .num("time_us", s.view_time)
        .num("end_us", s.lesson_length())
        .num("end_events", static_cast<int64_t>(s.lesson_events))
        .flag("skip_idle", s.skip_idle)
        .flag("playing", s.playing)
        .real("speed", s.speed)
        .str("lang", s.lang)
        .str("student", s.options.student)
        .str("what_if", hypothesis_name(s.what_if))
        .num("events", static_cast<int64_t>(s.trace().size()));
    if (s.run) {
        j.num("passed", s.run->passed())
            .num("failed", s.run->failed())
            .flag("idle", s.sim()->next_event_time() == kNever)
            .num("sim_events", static_cast<int64_t>(s.sim()->events_processed()))
            .num("segments", static_cast<int64_t>(s.sim()->segments_sent()));
    }
    if (s.predict.on) {  // predict mode (docs/teaching.md): the question on the card and the score
        const auto& p = s.predict;
        using P = AppState::Predict;
        j.raw("predict", JsonObject()
                             .str("mode", quiz::mode_name(p.mode))
                             .raw("question", p.asked >= 0 ? json_quote(p.plan.questions[static_cast<size_t>(p.asked)].id) : "null")
                             .flag("revealed", p.revealed)
                             .num("right", s.predict_count(P::Right))
                             .num("wrong", s.predict_count(P::Wrong))
                             .num("skipped", s.predict_count(P::Skipped))
                             .num("total", static_cast<int64_t>(p.status.size()))
                             .text());
    }
    if (!s.run_error.empty()) j.str("warning", s.run_error);
    return j.raw("error", s.errors.empty() ? "null" : errors_to_json(s.errors)).text();
}

std::string App::states_json() const {
    const State& s = *s_;
    JsonObject j;
    std::string conns = "[";
    if (const Simulator* sim = s.sim()) {
        for (int h = 0; h < sim->host_count(); ++h) j.str(sim->host_name(h).c_str(), state_name(sim->host_state(h)));
        for (const ConnView& v : sim->connections()) {
            JsonObject c;
            c.num("id", v.id).str("host", sim->host_name(v.host)).str("socket", v.socket).flag("listener", v.listener)
                .str("state", state_name(v.state)).str("error", error_name(v.error));
            if (v.parent >= 0) c.num("parent", v.parent);
            conns += (conns.size() > 1 ? "," : "") + c.text();
        }
    }
    return j.raw("connections", conns + "]").text();
}

std::string App::trace_json() const {
    const State& s = *s_;
    if (!s.run) return "[]";
    return tcplab::trace_json(s.sim()->config(), s.trace(), s.scenario.get(), &s.run->results()).dump();
}

std::string App::link_url(const std::string& base) const { return s_->link_url(base); }

std::vector<std::string> App::take_events() {
    s_->collect_events(true);
    std::vector<std::string> out;
    out.swap(s_->events);
    return out;
}

void App::record_frame_time(float ms) {
    auto& v = s_->stats.last_ms;
    v.push_back(ms);
    if (v.size() > 240) v.erase(v.begin(), v.begin() + static_cast<long>(v.size() - 240));
}

const FrameStats& App::frame_stats() const { return s_->stats; }
bool App::dark() const { return s_->dark; }

}  // namespace tcplab
