// A scenario run as the browser plays it: driven event by event or up to a time, on past the
// scenario's end, with live inputs (user calls, drops), and back to any earlier event or time at a
// cost bounded by K events of replay, whatever the trace's length.
//
// Going back: a checkpoint (ScenarioRun::Checkpoint, small: it leaves out the trace) every K
// events. At most kMaxCheckpoints are kept: when full, K doubles and every other one goes, so the
// memory stays bounded and the replay after a restore is under K events. A live input added at
// event k cuts off the checkpoints after k (they belong to the future it replaces).
// The scenario must outlive the LiveRun (the ScenarioRun points into it).
#pragma once
#include <cstdint>
#include <vector>

#include "scenario/scenario.h"

namespace tcplab {

class LiveRun {
public:
    static constexpr uint64_t kFirstInterval = 256;
    static constexpr size_t kMaxCheckpoints = 512;

    // `first_interval` and `max_checkpoints` are for tests (small values exercise the thinning).
    LiveRun(const Scenario& scenario, const RunOptions& options = {}, uint64_t first_interval = kFirstInterval,
            size_t max_checkpoints = kMaxCheckpoints);

    ScenarioRun& run() { return run_; }
    const ScenarioRun& run() const { return run_; }
    Simulator& sim() { return run_.sim(); }
    const Simulator& sim() const { return run_.sim(); }
    int passed() const { return run_.passed(); }
    int failed() const { return run_.failed(); }
    const std::vector<ExpectResult>& results() const { return run_.results(); }
    // The ScenarioRun drives the simulator (checking the expectations) until the scenario is over;
    // from then on the simulator is driven directly.
    bool detached() const { return detached_; }

    bool step_event();             // one simulator event; false when nothing is left
    void advance_to(Micros t);     // every event at or before t, then now() = t
    void run_to_end();             // to the scenario's end, checking every expectation; again: until idle
    void go_to_event(uint64_t n);  // the state right after event n (n past the present steps on)
    void go_to_time(Micros t);     // the state at time t: every event at or before t (a live input
                                   // recorded after the last of them applies at once, with its time)
    void inputs_added();           // after a live input: the checkpoints past this point are cut off

    size_t checkpoint_count() const { return points_.size(); }
    uint64_t checkpoint_interval() const { return interval_; }

private:
    struct Point {
        ScenarioRun::Checkpoint run;
        bool detached = false;
    };
    void checkpoint_if_due();
    void restore(const Point& p);
    const Point& latest_at_or_before(uint64_t events) const;
    const Point& latest_before_time(Micros t) const;

    ScenarioRun run_;
    Micros limit_ = 0;             // the scenario's end (0: until idle)
    bool detached_ = false;
    std::vector<Point> points_;    // by events; points_[0] is the start
    uint64_t interval_;
    size_t max_points_;
};

}  // namespace tcplab
