// Determinism and time travel: same config + seed + inputs give a byte-identical trace; a copy
// made mid-run continues identically; rewind_to(n) rebuilds exactly, live inputs included.
#include <catch2/catch.hpp>

#include "sim_fixture.h"

using namespace simtest;

static const int A = 0, B = 1;

// A noisy link and a workload that uses it: several connections exchanging data.
static SimConfig noisy(uint64_t seed) {
    SimConfig cfg = two_hosts(msec(20));
    cfg.hosts[0].isn.reset();  // ISNs from the seeded generator
    cfg.hosts[1].isn.reset();
    cfg.seed = seed;
    cfg.link.jitter = msec(15);
    cfg.link.loss = 0.15;
    cfg.link.duplicate = 0.15;
    cfg.link.reorder = 0.15;
    cfg.profile.msl = sec(2);
    return cfg;
}

static void workload(Simulator& sim) {
    sim.schedule(listen(0, B, 80));
    for (int i = 0; i < 4; ++i) {
        const std::string name = "c" + std::to_string(i);
        sim.schedule(connect(msec(10 * i), A, B, 80, name));
        for (int k = 0; k < 5; ++k) sim.schedule(send(msec(500 + 100 * k), A, name + "-msg" + std::to_string(k), name));
        sim.schedule(on(sec(3), A, Call::Close, name));
    }
}

static Simulator run_noisy(uint64_t seed) {
    Simulator sim(noisy(seed));
    workload(sim);
    sim.run(sec(600));
    return sim;
}

TEST_CASE("replay: same seed and inputs give a byte-identical trace; another seed differs", "[replay][determinism]") {
    const Simulator a = run_noisy(7), b = run_noisy(7), c = run_noisy(8);
    REQUIRE(a.trace().size() > 100);
    CHECK(dump(a.trace()) == dump(b.trace()));
    CHECK(dump(a.trace()) != dump(c.trace()));
    // The noise really happened in this run.
    CHECK(!of_kind(a, TraceKind::SegmentDuplicated).empty());
    int losses = 0;
    for (const auto& e : of_kind(a, TraceKind::SegmentDropped))
        if (e.key == "drop.loss") ++losses;
    CHECK(losses > 0);
    // Through loss, duplication and reordering every connection's bytes arrive once, in order.
    int children = 0;
    for (const auto& c : a.connections()) {
        if (c.host != B || c.listener) continue;
        ++children;
        const std::string got = str(a.app_received(B, c.socket));
        REQUIRE(got.size() >= 2);
        const std::string name = got.substr(0, 2);  // "c0" ... "c3"
        std::string want;
        for (int k = 0; k < 5; ++k) want += name + "-msg" + std::to_string(k);
        CHECK(got == want);
    }
    CHECK(children == 4);
}

TEST_CASE("replay: a copy made mid-run continues identically (snapshot = copy)", "[replay][snapshot]") {
    Simulator sim(noisy(3));
    workload(sim);
    for (int i = 0; i < 40; ++i) sim.step();
    Simulator snap = sim;  // snapshot
    sim.run(sec(600));
    snap.run(sec(600));
    CHECK(dump(sim.trace()) == dump(snap.trace()));
    CHECK(sim.events_processed() == snap.events_processed());

    // restore = assign
    Simulator other(noisy(99));
    other = snap;
    CHECK(dump(other.trace()) == dump(sim.trace()));
}

TEST_CASE("replay: rewind_to(k) then stepping reproduces the original trace exactly", "[replay][rewind]") {
    Simulator sim(noisy(11));
    workload(sim);
    sim.run(sec(600));
    const std::string original = dump(sim.trace());
    const uint64_t total = sim.events_processed();
    REQUIRE(total > 50);

    for (uint64_t k : {uint64_t{0}, uint64_t{1}, total / 3, total - 1}) {
        Simulator r = sim;
        r.rewind_to(k);
        CHECK(r.events_processed() == k);
        // The trace so far is a prefix of the original.
        const std::string prefix = dump(r.trace());
        CHECK(original.compare(0, prefix.size(), prefix) == 0);
        r.run(sec(600));
        CHECK(dump(r.trace()) == original);
    }
}

TEST_CASE("replay: rewind is exact for inputs added live between steps", "[replay][rewind][live]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.step();
    sim.step();
    sim.step();                // the SYN is in flight
    sim.drop_next_from(B);     // the SYN,ACK will be lost
    sim.run_until(msec(700));  // clock moves past the last event
    sim.note("note.live", "added at 0.7s");
    sim.schedule(send(msec(800), A, "live"));  // scheduled while running
    sim.run_until(sec(3));
    const std::string original = dump(sim.trace());
    const uint64_t total = sim.events_processed();
    CHECK(str(sim.app_received(B, "")) == "live");

    for (uint64_t k = 0; k <= total; ++k) {
        Simulator r = sim;
        r.rewind_to(k);
        REQUIRE(r.events_processed() == k);
        r.run_until(sec(3));
        CHECK(dump(r.trace()) == original);
    }
    // The note kept its time.
    for (const auto& e : of_kind(sim, TraceKind::Note)) CHECK(e.time == msec(700));
}

TEST_CASE("replay: a new input after a rewind starts a new branch", "[replay][rewind][branch]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.step();             // listen
    sim.drop_next_from(A);  // loses the SYN
    sim.run_until(sec(3));
    REQUIRE(sent_by(sim, A)[0].arrival == -1);

    sim.rewind_to(0);  // before the drop was added
    sim.run_until(sec(3));
    REQUIRE(sent_by(sim, A)[0].arrival == -1);  // the recorded future is replayed

    sim.rewind_to(0);
    sim.note("branch", "a new input");  // replaces the recorded future
    sim.run_until(sec(3));
    CHECK(sent_by(sim, A)[0].arrival == msec(50));
}

TEST_CASE("replay: tracing off builds no trace but simulates the same", "[replay][bench]") {
    SimConfig cfg = noisy(5);
    Simulator on_(cfg);
    cfg.tracing = false;
    Simulator off(cfg);
    workload(on_);
    workload(off);
    on_.run(sec(600));
    off.run(sec(600));
    CHECK(off.trace().empty());
    CHECK(off.events_processed() == on_.events_processed());
    CHECK(off.segments_sent() == on_.segments_sent());
    CHECK(off.connections_completed() == on_.connections_completed());
}

TEST_CASE("replay: many full lifecycles with reaping forget closed connections", "[replay][bench]") {
    SimConfig cfg = two_hosts(msec(1));
    cfg.tracing = false;
    cfg.reap_closed = true;
    cfg.profile.msl = sec(1);
    Simulator sim(cfg);
    sim.schedule(listen(0, B, 80));
    const int n = 2000;
    for (int i = 0; i < n; ++i) {
        // One lifecycle every 50 ms (B closes its default socket: the last accepted one).
        const Micros t = msec(1) + i * msec(50);
        const std::string name = "c" + std::to_string(i);
        sim.schedule(connect(t, A, B, 80, name));
        sim.schedule(send(t + msec(10), A, std::string(100, 'q'), name));
        sim.schedule(send(t + msec(10), B, std::string(100, 'r')));
        sim.schedule(on(t + msec(20), A, Call::Close, name));
        sim.schedule(on(t + msec(30), B, Call::Close));
    }
    sim.run(sec(3600));
    CHECK(sim.next_event_time() == kNever);
    CHECK(sim.connections_completed() == 2 * n);  // both ends of every connection
    // Only the listener is left.
    const auto conns = sim.connections();
    REQUIRE(conns.size() == 1);
    CHECK(conns[0].listener);
}

// Everything a reader can ask the simulator, as text: the trace, each connection, the bytes read.
static std::string state_of(const Simulator& sim) {
    std::string out = dump(sim.trace()) + "events=" + std::to_string(sim.events_processed()) +
                      " now=" + std::to_string(sim.now()) + " next=" + std::to_string(sim.next_event_time()) +
                      " flight=" + std::to_string(sim.segments_in_flight()) + "\n";
    for (const ConnView& c : sim.connections())
        out += std::to_string(c.id) + " " + c.socket + " " + state_name(c.state) + " snd.nxt=" +
               std::to_string(c.tcb.snd_nxt) + " rcv.nxt=" + std::to_string(c.tcb.rcv_nxt) + " read=" +
               str(sim.app_received(c.host, c.socket)) + "\n";
    return out;
}

TEST_CASE("checkpoints: restoring one and stepping on equals replay from zero, at every event", "[replay][checkpoint]") {
    Simulator sim(noisy(13));
    workload(sim);
    std::vector<Simulator::Checkpoint> cps{sim.checkpoint()};
    for (int i = 0; sim.step(); ++i) {
        if (sim.events_processed() % 11 == 0) cps.push_back(sim.checkpoint());
        if (i == 40) sim.drop_next_from(B);                  // live inputs between steps
        if (i == 90) sim.schedule(send(0, A, "late", "c1"));  // at once
    }
    const std::string original = state_of(sim);
    const uint64_t total = sim.events_processed();
    REQUIRE(total > 80);
    for (uint64_t k = 0; k <= total; k += 3) {
        Simulator r = sim;
        const auto* cp = &cps.front();
        for (const auto& c : cps)
            if (c.events() <= k) cp = &c;
        r.restore(*cp);
        CHECK(r.events_processed() == cp->events());
        while (r.events_processed() < k && r.step()) {
        }
        Simulator ref = sim;
        ref.rewind_to(k);
        INFO("k=" << k << " from checkpoint " << cp->events());
        REQUIRE(state_of(r) == state_of(ref));
        r.run(sec(600));
        REQUIRE(state_of(r) == original);  // the recorded future, live inputs included, replays
    }
}

TEST_CASE("checkpoints: a checkpoint leaves out the trace and the bytes read", "[replay][checkpoint]") {
    Simulator sim(two_hosts(msec(5)));
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.run_until(msec(100));
    const Simulator::Checkpoint early = sim.checkpoint();
    sim.schedule(send(msec(100), A, std::string(5000, 'x')));
    sim.run_until(sec(1));
    REQUIRE(sim.app_received(B, "").size() == 5000);
    const size_t trace_len = sim.trace().size();
    const Simulator::Checkpoint late = sim.checkpoint();  // the present: nothing changes
    sim.restore(late);
    CHECK(sim.trace().size() == trace_len);
    CHECK(sim.app_received(B, "").size() == 5000);
    sim.restore(early);  // bytes and trace truncated back to what they were
    CHECK(sim.app_received(B, "").empty());
    CHECK(sim.events_processed() == early.events());
    sim.run_until(sec(1));  // the send, recorded after `early`, replays
    CHECK(sim.app_received(B, "").size() == 5000);
    CHECK(sim.trace().size() == trace_len);
}
