// LiveRun: a scenario run with live inputs that goes back through checkpoints. Going back to any
// event must give exactly what replaying every recorded input from zero gives (Simulator::rewind_to),
// and stepping on from there must give the original run, expectations included.
#include <catch2/catch.hpp>

#include "scenario/live_run.h"
#include "sim_fixture.h"

using namespace tcplab;
using simtest::dump;
using simtest::str;

namespace {

// Data in both directions on a lossy link, a close with TIME_WAIT, notes and timed and untimed
// expectations (some evaluated between events, some at the end).
const char* const kLesson =
    "hosts A=10.0.0.1 B=10.0.0.2\nisn A=1000 B=5000\nlink delay=20ms loss=10%\nseed 4\nmsl 1s\nparam mss=100\n"
    "at 0 B listen 80\nat 0 A connect B:80\nat 100ms A send 3000\nat 150ms B send 2000\n"
    "note at 120ms en: data both ways | zh: 双向数据\nat 2s A close\nat 2100ms B close\n"
    "expect at 1s A=ESTABLISHED B=ESTABLISHED\nexpect by 10s A=TIME_WAIT\nexpect segment A->B FIN,ACK\n"
    "expect at 30s A=CLOSED B=CLOSED\n";

Scenario lesson() {
    ParseResult p = parse_scenario(kLesson, "lesson.scn");
    if (auto* errs = std::get_if<std::vector<ScenarioError>>(&p)) FAIL(errs->front().format());
    return std::get<Scenario>(std::move(p));
}

std::string state_of(const LiveRun& r) {
    const Simulator& s = r.sim();
    std::string out = dump(s.trace()) + "events=" + std::to_string(s.events_processed()) + " now=" +
                      std::to_string(s.now()) + " passed=" + std::to_string(r.passed()) +
                      " failed=" + std::to_string(r.failed()) + "\n";
    for (const ConnView& c : s.connections())
        out += std::to_string(c.id) + " " + state_name(c.state) + " read=" + std::to_string(s.app_received(c.host, c.socket).size()) + "\n";
    return out;
}

// What replaying every recorded input from zero gives at event n (results are not in a Simulator).
std::string replayed(const LiveRun& r, uint64_t n) {
    Simulator s = r.sim();
    s.rewind_to(n);
    return dump(s.trace()) + "events=" + std::to_string(s.events_processed()) + " now=" + std::to_string(s.now());
}
std::string sim_part(const LiveRun& r) {
    const Simulator& s = r.sim();
    return dump(s.trace()) + "events=" + std::to_string(s.events_processed()) + " now=" + std::to_string(s.now());
}

}  // namespace

TEST_CASE("live run: going back to any event equals replay from zero, then the same future", "[live_run]") {
    const Scenario sc = lesson();
    LiveRun run(sc, {}, 8, 6);  // small: the interval doubles several times
    run.run_to_end();
    const std::string original = state_of(run);
    const uint64_t total = run.sim().events_processed();
    REQUIRE(total > 100);
    CHECK(run.passed() + run.failed() == 6);  // one result per HOST=STATE pair
    CHECK(run.checkpoint_count() <= 7);
    CHECK(run.checkpoint_interval() > 8);
    for (uint64_t n = total; n-- > 0;) {
        run.go_to_event(n);
        INFO("n=" << n);
        REQUIRE(run.sim().events_processed() == n);
        REQUIRE(sim_part(run) == replayed(run, n));
        if (n % 9 == 0) {  // and on to the end: the original run, expectations included
            LiveRun copy = run;
            copy.run_to_end();
            REQUIRE(state_of(copy) == original);
        }
    }
}

TEST_CASE("live run: live calls and drops rewind exactly; a new input cuts off the old future", "[live_run]") {
    const Scenario sc = lesson();
    LiveRun run(sc, {}, 4, 8);
    run.advance_to(msec(60));
    run.sim().drop_next_from(1);  // B's next segment is lost
    run.inputs_added();
    run.advance_to(msec(500));
    Action a;
    a.at = run.sim().now();
    a.host = 0;
    a.call = Call::Send;
    a.data.assign(700, 'z');
    run.sim().schedule(a);  // a live send while "paused"
    run.inputs_added();
    run.advance_to(msec(500));
    run.run_to_end();
    const std::string original = state_of(run);
    const uint64_t total = run.sim().events_processed();
    for (uint64_t n : {total - 1, total / 2, total / 3, uint64_t{5}, uint64_t{0}, total * 2 / 3}) {
        run.go_to_event(n);
        INFO("n=" << n);
        REQUIRE(sim_part(run) == replayed(run, n));
        LiveRun copy = run;
        copy.run_to_end();
        REQUIRE(state_of(copy) == original);
    }
    // Going back by time: the state at 30 ms is every event at or before it.
    run.go_to_time(msec(30));
    CHECK(run.sim().now() == msec(30));
    CHECK(run.sim().next_event_time() > msec(30));
    // A new input at 30 ms: a new branch, without B's lost segment and the 500 ms send.
    run.sim().drop_next_from(0);
    run.inputs_added();
    run.run_to_end();
    CHECK(state_of(run) != original);
    const uint64_t n2 = run.sim().events_processed();
    const std::string branch = state_of(run);
    run.go_to_event(n2 / 2);
    REQUIRE(sim_part(run) == replayed(run, n2 / 2));
    run.run_to_end();
    CHECK(state_of(run) == branch);
}
