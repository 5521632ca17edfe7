// The simulator's event loop, the inputs log (replay, rewind) and the public API of sim.h.
// The socket layer is in host.cpp, the wire (faults, channel, demultiplexing) in wire.cpp.
#include <algorithm>
#include <map>

#include "sim_core.h"
#include "trace_text.h"

namespace tcplab {

std::string HostConfig::shown_address() const { return address.empty() ? ipv4_string(ip) : address; }

struct Simulator::Impl : SimCore {
    explicit Impl(SimConfig cfg) : SimCore(std::move(cfg)) {}
};

// ---------------------------------------------------------------------------------------------
// Construction
// ---------------------------------------------------------------------------------------------

SimCore::SimCore(SimConfig cfg) : config(std::move(cfg)), tracing(config.tracing), rng(config.seed) {
    const size_t n = config.hosts.size();
    hosts.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const HostConfig& hc = config.hosts[i];
        Host& h = hosts[i];
        h.name = hc.name.empty() ? std::string(1, static_cast<char>('A' + i % 26)) : hc.name;
        h.ip = hc.ip != 0 ? hc.ip : (0x0A000001u + static_cast<uint32_t>(i));  // 10.0.0.1, ...
        h.profile = hc.profile ? *hc.profile : config.profile;
        h.isn = hc.isn;
    }
    channels.assign(n * n, Channel{config.link, 0});
    for (const auto& l : config.links)
        if (l.from >= 0 && l.to >= 0 && static_cast<size_t>(l.from) < n && static_cast<size_t>(l.to) < n)
            channel(l.from, l.to).params = l.params;
}

// ---------------------------------------------------------------------------------------------
// The event queue (event_queue.h) and stale events
// ---------------------------------------------------------------------------------------------

void SimCore::push(Event e) { queue.push(e); }

// An event made obsolete after it was queued: a timer whose deadline moved (lazy deletion), a
// segment dropped while in flight.
static bool stale(SimCore& s, const Event& e) {
    if (e.kind == EvKind::Timer) {
        const Conn* c = s.conn(e.conn);
        return c == nullptr || c->ep.timer_deadline(static_cast<TimerKind>(e.timer)) != e.time;
    }
    if (e.kind == EvKind::Arrival) return !s.flights[e.ref].live;
    return false;
}

static void pop_stale(SimCore& s) {
    while (!s.queue.empty() && stale(s, s.queue.top())) {
        const Event e = s.queue.pop();
        if (e.kind == EvKind::Arrival) {
            s.flights[e.ref] = Flight{};
            s.free_flights.push_back(static_cast<uint32_t>(e.ref));
        }
    }
}

bool SimCore::step() {
    pop_stale(*this);
    if (queue.empty()) return false;
    const Event e = queue.pop();
    now = std::max(now, e.time);
    ++events;
    switch (e.kind) {
        case EvKind::Action:
            do_action(inputs.actions[e.ref]);
            break;
        case EvKind::Arrival:
            deliver(static_cast<uint32_t>(e.ref));
            break;
        case EvKind::Timer: {
            Conn& c = *conn(e.conn);
            const auto kind = static_cast<TimerKind>(e.timer);
            if (TraceEntry* t = add_entry(TraceKind::TimerFired, c.host, c.id)) {
                t->key = std::string("timer.") + timer_name(kind);
                t->timer = kind;
                t->deadline = e.time;
                t->params = {{"timer", timer_name(kind)}, {"deadline", time_text(e.time)}};
                t->text = hosts[c.host].name + ": " + timer_name(kind) + " timer fired";
            }
            firing_conn = c.id;
            firing_timer = e.timer;
            SimEnv env(*this);
            c.ep.timeout(env, kind);
            firing_conn = firing_timer = -1;
            break;
        }
        case EvKind::Inject:
            inject(inputs.faults[e.ref]);
            break;
        case EvKind::Note: {
            const MiscInput& m = inputs.misc[e.ref];
            if (TraceEntry* t = add_entry(TraceKind::Note, -1, -1)) {
                t->key = m.key;
                t->text = m.text;
                t->line = m.line;
                t->params.push_back({"text", m.text});
            }
            break;
        }
    }
    finish_step();
    apply_pending();
    return true;
}

TraceEntry* SimCore::add_entry(TraceKind kind, int host, int conn_id) {
    if (!tracing) return nullptr;
    TraceEntry& t = trace.emplace_back();
    t.index = trace.size() - 1;
    t.time = now;
    t.kind = kind;
    t.host = host;
    t.conn = conn_id;
    return &t;
}

TraceEntry* SimCore::add_segment_entry(TraceKind kind, int host, int conn_id, const char* key, uint64_t packet_id,
                                       int from, int to, const Packet& pkt) {
    TraceEntry* t = add_entry(kind, host, conn_id);
    if (t == nullptr) return nullptr;
    t->key = key;
    t->packet_id = packet_id;
    t->peer_host = host == from ? to : from;
    t->packet = pkt;
    const Segment& seg = pkt.seg;
    auto name = [&](int h, uint32_t ip) { return h >= 0 ? hosts[h].name : ipv4_string(ip); };
    t->params = {{"src", name(from, pkt.src_ip)}, {"dst", name(to, pkt.dst_ip)}, {"flags", flags_string(seg.flags)},
                 {"seq", std::to_string(seg.seq)}, {"ack", std::to_string(seg.ack)},
                 {"len", std::to_string(seg.payload.size())}, {"win", std::to_string(seg.window)}};
    return t;
}

// ---------------------------------------------------------------------------------------------
// Inputs: every input is logged with the point it was added at (events processed, time), then
// applied. A replay from the config applies each one again at the same point.
// ---------------------------------------------------------------------------------------------

void SimCore::add_input(Input::Kind kind, uint32_t index) {
    // After a rewind the log still holds the old future; a new input starts a new branch.
    if (applied < inputs.log.size()) inputs.log.resize(applied);
    inputs.log.push_back(Input{kind, events, now, index});
    apply_pending();
}

void SimCore::apply_pending() {
    while (applied < inputs.log.size() && inputs.log[applied].count <= events) {
        const Input& in = inputs.log[applied];
        if (expect_waits(in)) {
            if (in.count == events) return;  // due: the caller's record_expect consumes it
            ++applied;                       // overdue: the caller took another way; dropped
            continue;
        }
        ++applied;
        now = std::max(now, in.now);
        apply(in);
    }
}

bool SimCore::expect_waits(const Input& in) const { return await_expects && in.kind == Input::Kind::Expect; }

void SimCore::add_expect(uint32_t index) {
    if (applied < inputs.log.size() && expect_waits(inputs.log[applied]) && inputs.log[applied].count == events)
        inputs.log[applied].index = index;  // the same expectation, evaluated again after a restore
    else
        inputs.log.insert(inputs.log.begin() + static_cast<std::ptrdiff_t>(applied), Input{Input::Kind::Expect, events, now, index});
    apply(inputs.log[applied++]);
    apply_pending();
}

void SimCore::apply(const Input& in) {
    switch (in.kind) {
        case Input::Kind::Schedule: {
            const Action& a = inputs.actions[in.index];
            push(Event{std::max(a.at, now), 0, EvKind::Action, 0, -1, in.index});
            break;
        }
        case Input::Kind::AddFault: {
            const Fault& f = inputs.faults[in.index];
            if (fault_hits.size() < inputs.faults.size()) fault_hits.resize(inputs.faults.size(), 0);
            if (f.kind == Fault::Kind::Inject) push(Event{std::max(f.at, now), 0, EvKind::Inject, 0, -1, in.index});
            else active_faults.push_back(static_cast<int>(in.index));
            break;
        }
        case Input::Kind::DropNext: {
            const MiscInput& m = inputs.misc[in.index];
            if (m.a >= 0 && static_cast<size_t>(m.a) < hosts.size()) hosts[m.a].drop_next++;
            break;
        }
        case Input::Kind::DropInFlight: {
            const MiscInput& m = inputs.misc[in.index];
            for (Flight& f : flights) {
                if (!f.live || f.id != m.id) continue;
                f.live = false;
                if (TraceEntry* t = add_segment_entry(TraceKind::SegmentDropped, f.from, -1, "drop.live", f.id, f.from, f.to, f.pkt)) {
                    t->text = route(f.from, f.to, f.pkt) + ": " +
                              segment_summary(f.pkt.seg) + " dropped in flight (by the user)";
                }
                break;
            }
            break;
        }
        case Input::Kind::SetLink: {
            const MiscInput& m = inputs.misc[in.index];
            channel(m.a, m.b).params = m.link;
            break;
        }
        case Input::Kind::Note:
        case Input::Kind::Expect: {
            const MiscInput& m = inputs.misc[in.index];
            const bool note = in.kind == Input::Kind::Note;
            if (TraceEntry* t = add_entry(note ? TraceKind::Note : TraceKind::Expect, -1, -1)) {
                t->key = note ? m.key : (m.ok ? "expect.ok" : "expect.failed");
                t->text = note ? m.text : (m.ok ? "expect ok: " : "EXPECT FAILED: ") + m.text;
                t->ok = m.ok;
                t->line = m.line;
                t->params.push_back({"text", m.text});
            }
            break;
        }
        case Input::Kind::ScheduleNote: {
            const MiscInput& m = inputs.misc[in.index];
            push(Event{std::max(m.at, now), 0, EvKind::Note, 0, -1, in.index});
            break;
        }
    }
}

// Work deferred to the end of an event, outside the endpoint's own calls: the application's
// automatic reads, and forgetting connections that are gone.
void SimCore::finish_step() {
    while (!to_read.empty()) {
        std::vector<int> ids;
        ids.swap(to_read);
        for (int id : ids)
            if (Conn* c = conn(id); c && c->autorecv && !c->discarded) app_read(*c, 0);
    }
    for (int id : to_reap) {
        auto it = conns.find(id);
        if (it == conns.end()) continue;
        Conn& c = it->second;
        if (!c.discarded && c.ep.state() != State::Closed) continue;
        auto& names = hosts[c.host].sockets;
        if (auto n = names.find(c.socket); n != names.end() && n->second == id) names.erase(n);
        conns.erase(it);
    }
    to_reap.clear();
}

// ---------------------------------------------------------------------------------------------
// Simulator: the public API
// ---------------------------------------------------------------------------------------------

Simulator::ImplPtr::ImplPtr() : p_(nullptr) {}
Simulator::ImplPtr::ImplPtr(Impl* p) : p_(p) {}
Simulator::ImplPtr::ImplPtr(const ImplPtr& o) : p_(o.p_ ? new Impl(*o.p_) : nullptr) {}
Simulator::ImplPtr& Simulator::ImplPtr::operator=(const ImplPtr& o) {
    if (this != &o) {
        Impl* copy = o.p_ ? new Impl(*o.p_) : nullptr;
        delete p_;
        p_ = copy;
    }
    return *this;
}
Simulator::ImplPtr::ImplPtr(ImplPtr&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
Simulator::ImplPtr& Simulator::ImplPtr::operator=(ImplPtr&& o) noexcept {
    std::swap(p_, o.p_);
    return *this;
}
Simulator::ImplPtr::~ImplPtr() { delete p_; }

Simulator::Simulator(SimConfig config) : impl_(new Impl(std::move(config))) {}

void Simulator::schedule(Action action) {
    impl_->inputs.actions.push_back(std::move(action));
    impl_->add_input(Input::Kind::Schedule, static_cast<uint32_t>(impl_->inputs.actions.size() - 1));
}

void Simulator::add_fault(Fault fault) {
    impl_->inputs.faults.push_back(std::move(fault));
    impl_->add_input(Input::Kind::AddFault, static_cast<uint32_t>(impl_->inputs.faults.size() - 1));
}

static uint32_t add_misc(SimCore& s, MiscInput m) {
    s.inputs.misc.push_back(std::move(m));
    return static_cast<uint32_t>(s.inputs.misc.size() - 1);
}

void Simulator::drop_next_from(int host) {
    if (host < 0 || host >= host_count()) return;
    MiscInput m;
    m.a = host;
    impl_->add_input(Input::Kind::DropNext, add_misc(*impl_, m));
}

bool Simulator::drop_in_flight(uint64_t packet_id) {
    const bool found = std::any_of(impl_->flights.begin(), impl_->flights.end(),
                                   [&](const Flight& f) { return f.live && f.id == packet_id; });
    if (!found) return false;
    MiscInput m;
    m.id = packet_id;
    impl_->add_input(Input::Kind::DropInFlight, add_misc(*impl_, m));
    return true;
}

void Simulator::set_link(int from, int to, const LinkParams& p) {
    if (from < 0 || to < 0 || from >= host_count() || to >= host_count()) return;
    MiscInput m;
    m.a = from;
    m.b = to;
    m.link = p;
    impl_->add_input(Input::Kind::SetLink, add_misc(*impl_, m));
}

void Simulator::note(const std::string& key, const std::string& text, int line) {
    MiscInput m;
    m.key = key;
    m.text = text;
    m.line = line;
    impl_->add_input(Input::Kind::Note, add_misc(*impl_, m));
}

void Simulator::record_expect(bool ok, const std::string& text, int line) {
    SimCore& s = *impl_;
    // Evaluated again after a restore: the same text reuses its record, so going back and forth
    // does not grow the inputs.
    if (expect_due()) {
        const uint32_t old = s.inputs.log[s.applied].index;
        const MiscInput& m = s.inputs.misc[old];
        if (m.ok == ok && m.line == line && m.text == text) {
            s.add_expect(old);
            return;
        }
    }
    MiscInput m;
    m.ok = ok;
    m.text = text;
    m.line = line;
    s.add_expect(add_misc(s, m));
}

void Simulator::schedule_note(Micros at, const std::string& key, const std::string& text, int line) {
    MiscInput m;
    m.at = at;
    m.key = key;
    m.text = text;
    m.line = line;
    impl_->add_input(Input::Kind::ScheduleNote, add_misc(*impl_, m));
}

void Simulator::set_reap_closed(bool on) { impl_->config.reap_closed = on; }

bool Simulator::step() { return impl_->step(); }

void Simulator::run_until(Micros t) {
    while (next_event_time() <= t) impl_->step();
    impl_->now = std::max(impl_->now, t);
}

void Simulator::run(Micros limit) {
    while (next_event_time() <= limit) impl_->step();
}

Micros Simulator::now() const { return impl_->now; }

Micros Simulator::next_event_time() const {
    pop_stale(*impl_);
    return impl_->queue.empty() ? kNever : impl_->queue.top().time;
}

uint64_t Simulator::events_processed() const { return impl_->events; }

void Simulator::rewind_to(uint64_t n) {
    if (n < impl_->events) {
        Inputs inputs = std::move(impl_->inputs);
        SimConfig config = impl_->config;
        *impl_ = Impl(std::move(config));
        impl_->inputs = std::move(inputs);
        impl_->apply_pending();
    }
    while (impl_->events < n && impl_->step()) {
    }
}

// --- Checkpoints ---------------------------------------------------------------------------------

struct Simulator::Checkpoint::State {
    SimCore core;              // without the trace, the inputs and (when stripped) the bytes read
    size_t trace_size = 0;
    bool stripped = false;     // app_received left out: restored from the present's, truncated
    std::vector<std::pair<int, size_t>> received;  // conn id -> bytes the application had read
};

Simulator::Checkpoint Simulator::checkpoint() const {
    SimCore& s = *impl_;
    // Move the growing parts aside, copy the rest, put them back.
    Trace trace = std::move(s.trace);
    Inputs inputs = std::move(s.inputs);
    const bool strip = !s.config.reap_closed;  // reaped connections could not be found again
    std::vector<std::pair<int, std::vector<uint8_t>>> bytes;
    if (strip)
        for (auto& [id, c] : s.conns) bytes.emplace_back(id, std::move(c.app_received));
    auto st = std::make_shared<Checkpoint::State>(Checkpoint::State{s, trace.size(), strip, {}});
    for (auto& [id, b] : bytes) {
        st->received.emplace_back(id, b.size());
        s.conns.at(id).app_received = std::move(b);
    }
    s.trace = std::move(trace);
    s.inputs = std::move(inputs);
    Checkpoint cp;
    cp.events_ = s.events;
    cp.time_ = s.now;
    cp.state_ = std::move(st);
    return cp;
}

void Simulator::restore(const Checkpoint& cp) {
    SimCore& s = *impl_;
    const Checkpoint::State* st = cp.state_.get();
    if (st == nullptr || s.trace.size() < st->trace_size || s.inputs.log.size() < st->core.applied) {
        rewind_to(cp.events_);  // not a checkpoint of this history
        return;
    }
    Trace trace = std::move(s.trace);
    Inputs inputs = std::move(s.inputs);
    std::map<int, std::vector<uint8_t>> bytes;
    if (st->stripped)
        for (auto& [id, c] : s.conns) bytes.emplace(id, std::move(c.app_received));
    s = st->core;
    trace.erase(trace.begin() + static_cast<std::ptrdiff_t>(st->trace_size), trace.end());
    s.trace = std::move(trace);
    s.inputs = std::move(inputs);
    for (const auto& [id, n] : st->received) {
        auto b = bytes.find(id);
        Conn* c = s.conn(id);
        if (c == nullptr || b == bytes.end() || b->second.size() < n) continue;
        b->second.resize(n);
        c->app_received = std::move(b->second);
    }
    s.await_expects = true;
    s.apply_pending();
}

bool Simulator::expect_due() const {
    const SimCore& s = *impl_;
    return s.applied < s.inputs.log.size() && s.expect_waits(s.inputs.log[s.applied]) &&
           s.inputs.log[s.applied].count == s.events;
}

size_t Simulator::segments_in_flight() const {
    return static_cast<size_t>(std::count_if(impl_->flights.begin(), impl_->flights.end(), [](const Flight& f) { return f.live; }));
}

const Trace& Simulator::trace() const { return impl_->trace; }
const SimConfig& Simulator::config() const { return impl_->config; }
int Simulator::host_count() const { return static_cast<int>(impl_->hosts.size()); }
const std::string& Simulator::host_name(int host) const { return impl_->hosts.at(static_cast<size_t>(host)).name; }

std::optional<int> Simulator::find_host(const std::string& name) const {
    for (size_t i = 0; i < impl_->hosts.size(); ++i)
        if (impl_->hosts[i].name == name) return static_cast<int>(i);
    return std::nullopt;
}

static ConnView view_of(const Conn& c) {
    ConnView v;
    v.id = c.id;
    v.host = c.host;
    v.socket = c.socket;
    v.listener = c.listener;
    v.parent = c.parent;
    v.state = c.ep.state();
    v.tcb = c.ep.tcb();
    for (int k = 0; k < kTimerCount; ++k) v.timers[k] = c.ep.timer_deadline(static_cast<TimerKind>(k));
    v.error = c.error;
    v.send_buffered = c.ep.send_buffer().size();
    v.recv_buffered = c.ep.receive_buffer().size();
    v.ooo_segments = c.ep.out_of_order().size();
    v.bytes_received_by_app = c.app_received.size();
    return v;
}

std::vector<ConnView> Simulator::connections() const {
    std::vector<ConnView> out;
    for (const auto& [id, c] : impl_->conns)
        if (!c.discarded) out.push_back(view_of(c));
    return out;
}

std::optional<ConnView> Simulator::connection(int id) const {
    const Conn* c = impl_->conn(id);
    if (c == nullptr || c->discarded) return std::nullopt;
    return view_of(*c);
}

State Simulator::host_state(int host) const {
    if (host < 0 || host >= host_count()) return State::Closed;
    const Conn* c = impl_->conn(impl_->default_socket(host));
    return c ? c->ep.state() : State::Closed;
}

std::optional<State> Simulator::socket_state(int host, const std::string& socket) const {
    if (host < 0 || host >= host_count()) return std::nullopt;
    const Conn* c = impl_->find_socket(host, socket);
    if (c == nullptr) return std::nullopt;
    return c->ep.state();
}

int Simulator::socket_conn(int host, const std::string& socket) const {
    if (host < 0 || host >= host_count()) return -1;
    const Conn* c = impl_->find_socket(host, socket);
    return c ? c->id : -1;
}

SocketError Simulator::socket_error(int host, const std::string& socket) const {
    if (host < 0 || host >= host_count()) return SocketError::None;
    const Conn* c = impl_->find_socket(host, socket);
    return c ? c->error : SocketError::None;
}

const std::vector<uint8_t>& Simulator::app_received(int host, const std::string& socket) const {
    static const std::vector<uint8_t> kNone;
    if (host < 0 || host >= host_count()) return kNone;
    const Conn* c = impl_->find_socket(host, socket);
    return c ? c->app_received : kNone;
}

uint64_t Simulator::segments_sent() const { return impl_->stat_segments; }
uint64_t Simulator::connections_completed() const { return impl_->stat_completed; }

}  // namespace tcplab
