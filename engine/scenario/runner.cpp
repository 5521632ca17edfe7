// ScenarioRun: a Simulator built from a scenario, with the `expect` lines checked as time passes.
// Shared by `tcplab run/check` (run to the end) and the browser (step live).
#include <algorithm>

#include "scenario/scenario.h"
#include "stable_sort.h"

namespace tcplab {

namespace {

SimConfig make_config(const Scenario& s, const RunOptions& o) {
    SimConfig cfg;
    if (!build_sim_config(s, o, cfg).empty()) {
        // An unknown profile override: callers validate it first (tcplab run --profile); keep
        // the scenario's own profile rather than failing here.
        RunOptions plain = o;
        plain.profile.reset();
        build_sim_config(s, plain, cfg);
    }
    return cfg;
}

std::string segment_text(const Segment& s) {
    std::string out = flags_string(s.flags) + " seq=" + std::to_string(s.seq);
    if (s.has(kACK)) out += " ack=" + std::to_string(s.ack);
    out += " len=" + std::to_string(s.payload.size());
    return out;
}

bool segment_matches(const Expect& e, const Segment& s) {
    if (e.flags) {
        // PSH is ignored unless the expectation names it.
        uint16_t seen = (*e.flags & kPSH) ? s.flags : static_cast<uint16_t>(s.flags & ~kPSH);
        if (seen != *e.flags) return false;
    }
    if (e.seq && s.seq != *e.seq) return false;
    if (e.ack && s.ack != *e.ack) return false;
    if (e.len && s.payload.size() != *e.len) return false;
    return true;
}

std::string printable(const std::string& bytes) {
    std::string out = "\"";
    for (unsigned char c : bytes) {
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        else if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
        else if (c < 0x20 || c >= 0x7f) {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else out += static_cast<char>(c);
        if (out.size() > 60) { out += "..."; break; }
    }
    return out + "\"";
}

}  // namespace

ScenarioRun::ScenarioRun(const Scenario& scenario, const RunOptions& options)
    : scenario_(&scenario), sim_(make_config(scenario, options)) {
    for (const Action& a : scenario.actions) sim_.schedule(a);
    for (const Fault& f : scenario.faults) sim_.add_fault(f);
    // The lesson's notes narrate real TCP; under a "what if" only the engine's own rules narrate.
    if (options.what_if == Hypothesis::None)
        for (const ScenarioNote& n : scenario.notes) sim_.schedule_note(n.at, "note", n.en.empty() ? n.zh : n.en, n.line);
    for (const Expect& e : scenario.expects)
        if (e.timed) order_.push_back(&e);
    stable_sort_by(order_, [](const Expect* a, const Expect* b) { return a->at < b->at; });
    for (const Expect& e : scenario.expects)
        if (!e.timed) order_.push_back(&e);
    watch_.assign(scenario.expects.size(), ByWatch{});
    limit_ = scenario.end > 0 ? scenario.end : sec(3600);
    track_sockets();
}

Simulator& ScenarioRun::sim() { return sim_; }
const Simulator& ScenarioRun::sim() const { return sim_; }
const std::vector<ExpectResult>& ScenarioRun::results() const { return results_; }
const Scenario& ScenarioRun::scenario() const { return *scenario_; }
bool ScenarioRun::finished() const { return finished_; }

int ScenarioRun::passed() const {
    return static_cast<int>(std::count_if(results_.begin(), results_.end(), [](const ExpectResult& r) { return r.ok; }));
}
int ScenarioRun::failed() const { return static_cast<int>(results_.size()) - passed(); }

Micros ScenarioRun::next_item_time() const {
    Micros t = sim_.next_event_time();
    if (next_expect_ < order_.size() && order_[next_expect_]->timed) t = std::min(t, order_[next_expect_]->at);
    return t;
}

// The result of the host's latest such call, read from the trace: the call's own return value, then
// any later asynchronous result on the connection it made (ECONNREFUSED, ETIMEDOUT, ECONNRESET),
// like SO_ERROR.
// Read from the trace rather than from the socket, because a call that fails at once (EADDRINUSE)
// never creates the socket it names.
SocketError ScenarioRun::call_result(const Expect& e) const {
    const std::string key = std::string("call.") + call_name(e.call);
    auto names_socket = [&](const TraceEntry& t) {
        if (e.socket.empty()) return true;
        for (const char* p : {"socket", "as", "socket_name"})
            if (const std::string* v = t.param(p); v && *v == e.socket) return true;
        return false;
    };
    SocketError got = SocketError::None;
    int conn = -2;
    for (const TraceEntry& t : sim_.trace()) {
        if (t.host != e.host) continue;
        if (t.kind == TraceKind::UserCall && t.key == key && names_socket(t)) {
            got = t.error;
            conn = t.conn;
        } else if (t.kind == TraceKind::UserResult && conn >= 0 && t.conn == conn) {
            got = t.error;  // connect completing later, or an error reported on the connection since
        }
    }
    if (conn == -2) return sim_.socket_error(e.host, e.socket);  // no such call traced
    return got;
}

// An expectation at T is checked after every event at or before T.
bool ScenarioRun::evaluate_due_expect() {
    if (finished_ || next_expect_ >= order_.size() || !order_[next_expect_]->timed) return false;
    const Expect& e = *order_[next_expect_];
    if (!(e.at < sim_.next_event_time() && e.at <= limit_)) return false;
    if (e.at > sim_.now()) sim_.run_until(e.at);
    ++next_expect_;
    evaluate(e);
    return true;
}

bool ScenarioRun::step() {
    if (finished_) return false;
    if (evaluate_due_expect()) return true;
    Micros next = sim_.next_event_time();
    if (next == kNever || next > limit_) return false;
    sim_.step();
    track_sockets();
    return true;
}

ScenarioRun::Checkpoint ScenarioRun::checkpoint() const {
    return Checkpoint{sim_.checkpoint(), results_, next_expect_, finished_, watch_};
}

void ScenarioRun::restore(const Checkpoint& cp) {
    sim_.restore(cp.sim);
    results_ = cp.results;
    next_expect_ = cp.next_expect;
    finished_ = cp.finished;
    watch_ = cp.watch;
}

// The expectations the simulator's log shows were evaluated at this point, evaluated again in the
// same order (the inputs recorded after them then apply). Only the end of the run evaluates an
// expectation that is not due before the next event.
void ScenarioRun::settle() {
    while (sim_.expect_due() && !finished_) {
        if (!evaluate_due_expect()) run_to_end();
    }
}

void ScenarioRun::run_until(Micros t) {
    while (!finished_) {
        Micros n = next_item_time();
        if (n == kNever || n > t) break;
        if (!step()) break;
    }
    if (!finished_ && t != kNever && t > sim_.now()) sim_.run_until(std::min(t, limit_));
}

void ScenarioRun::run_to_end() {
    if (finished_) return;
    while (step()) {
    }
    if (scenario_->end > 0 && sim_.now() < scenario_->end) sim_.run_until(scenario_->end);
    // What is left: expectations timed after the end (checked at the end) and the untimed ones.
    while (next_expect_ < order_.size()) evaluate(*order_[next_expect_++]);
    finished_ = true;
}

// `expect by` without a trace: which state the denoted connection moved into, polled after every
// event (a state entered and left within one event is seen only in the trace).
void ScenarioRun::track_sockets() {
    if (sim_.config().tracing) return;
    for (size_t i = next_expect_; i < order_.size(); ++i) {
        const Expect& e = *order_[i];
        if (e.kind != Expect::Kind::StateBy) continue;
        ByWatch& w = watch_[static_cast<size_t>(&e - scenario_->expects.data())];
        const int id = sim_.socket_conn(e.host, e.socket);
        if (id != w.conn) w = ByWatch{id};
        if (id < 0) continue;
        const State s = sim_.socket_state(e.host, e.socket).value_or(State::Closed);
        // Every connection starts in CLOSED: first seen in another state, it has moved.
        const bool moved = w.observed ? s != w.last : s != State::Closed;
        w.observed = true;
        w.last = s;
        if (moved && s == e.state) w.seen = true;
    }
}

// The transitions of connection `id` up to `until`, from the trace. A passively opened child
// continues its listener's history up to the SYN that made it (CLOSED -> LISTEN -> SYN_RCVD).
std::vector<const TraceEntry*> ScenarioRun::transitions(int id, Micros until) const {
    std::vector<const TraceEntry*> out;
    int parent = -1;
    Micros spawned = -1;
    for (const TraceEntry& t : sim_.trace()) {
        if (t.kind != TraceKind::RuleFired || t.rule != Rule::ListenerSpawnChild) continue;
        if (const std::string* c = t.param("child"); c && *c == std::to_string(id)) {
            parent = t.conn;
            spawned = t.time;
        }
    }
    for (const TraceEntry& t : sim_.trace()) {
        if (t.kind != TraceKind::StateChange || t.time > until) continue;
        if (t.conn == id || (t.conn == parent && parent >= 0 && t.time <= spawned)) out.push_back(&t);
    }
    return out;
}

void ScenarioRun::evaluate(const Expect& e) {
    const std::string& host = sim_.host_name(e.host);
    std::string who = e.socket.empty() ? host : host + "." + e.socket;
    ExpectResult r;
    r.expect = &e;
    Micros until = e.timed ? std::min(e.at, sim_.now()) : sim_.now();
    auto state_now = [&]() {
        return e.socket.empty() ? sim_.host_state(e.host) : sim_.socket_state(e.host, e.socket).value_or(State::Closed);
    };

    switch (e.kind) {
        case Expect::Kind::StateAt: {
            State s = state_now();
            r.ok = s == e.state;
            if (!r.ok) r.detail = who + " is " + state_name(s);
            break;
        }
        case Expect::Kind::StateBy: {
            // A transition into the state at or before the time, on the connection the name (or
            // the host's default socket) denotes then; the initial CLOSED does not count, and
            // neither does an earlier connection of the host.
            const int id = sim_.socket_conn(e.host, e.socket);
            std::string path;
            if (id < 0) {
                r.detail = who + (e.socket.empty() ? " has no socket" : " does not exist");
                break;
            }
            if (sim_.config().tracing) {
                for (const TraceEntry* t : transitions(id, until)) {
                    if (t->to == e.state) r.ok = true;
                    path += std::string(path.empty() ? state_name(t->from) : "") + " -> " + state_name(t->to);
                }
            } else {
                const ByWatch& w = watch_[static_cast<size_t>(&e - scenario_->expects.data())];
                r.ok = w.seen && w.conn == id;
            }
            if (!r.ok)
                r.detail = who + " is " + state_name(state_now()) + (path.empty() ? ", no state change" : " (went " + path + ")");
            break;
        }
        case Expect::Kind::Segment:
        case Expect::Kind::NoSegment: {
            if (!sim_.config().tracing) {
                r.detail = "segment expectations need tracing";
                break;
            }
            const TraceEntry* match = nullptr;
            std::vector<std::string> seen;
            for (const TraceEntry& t : sim_.trace()) {
                if (t.kind != TraceKind::SegmentSent || t.host != e.host || t.peer_host != e.to_host || t.time > until)
                    continue;
                if (segment_matches(e, t.packet.seg)) {
                    match = &t;
                    break;
                }
                seen.push_back(segment_text(t.packet.seg));
            }
            if (e.kind == Expect::Kind::Segment) {
                r.ok = match != nullptr;
                if (!r.ok) {
                    std::string dir = host + "->" + sim_.host_name(e.to_host);
                    if (seen.empty()) {
                        r.detail = "no segment " + dir;
                    } else {
                        r.detail = dir + " sent: ";
                        for (size_t i = 0; i < seen.size() && i < 8; ++i) r.detail += (i ? "; " : "") + seen[i];
                        if (seen.size() > 8) r.detail += "; ...";
                    }
                }
            } else {
                r.ok = match == nullptr;
                if (!r.ok) r.detail = "sent at " + format_time(match->time) + ": " + segment_text(match->packet.seg);
            }
            break;
        }
        case Expect::Kind::CallResult: {
            const SocketError got = call_result(e);
            r.ok = e.error && got == *e.error;
            if (!r.ok) r.detail = who + " " + call_name(e.call) + " = " + error_name(got);
            break;
        }
        case Expect::Kind::Data: {
            const auto& got = sim_.app_received(e.host, e.socket);
            if (e.data_is_count) {
                r.ok = e.len && got.size() == *e.len;
                if (!r.ok) r.detail = who + " read " + std::to_string(got.size()) + " bytes";
            } else {
                std::string s(got.begin(), got.end());
                r.ok = s == e.data;
                if (!r.ok) r.detail = who + " read " + printable(s) + " (" + std::to_string(got.size()) + " bytes)";
            }
            break;
        }
    }
    std::string text = e.source_text;
    if (!e.timed) text += " (at the end, " + format_time(sim_.now()) + ")";
    if (!r.ok) text += ": " + r.detail;
    sim_.record_expect(r.ok, text, e.loc.line);
    results_.push_back(std::move(r));
}

}  // namespace tcplab
