#include "scenario/live_run.h"

#include <algorithm>

namespace tcplab {

LiveRun::LiveRun(const Scenario& scenario, const RunOptions& options, uint64_t first_interval, size_t max_checkpoints)
    : run_(scenario, options), limit_(scenario.end), interval_(std::max<uint64_t>(1, first_interval)),
      max_points_(std::max<size_t>(2, max_checkpoints)) {
    points_.push_back(Point{run_.checkpoint(), false});
}

// Expectations recorded at this point before a restore are evaluated again before anything else
// happens (the run's end checks too: they were recorded by run_to_end at this point).
static void catch_up(ScenarioRun& run) {
    if (run.sim().expect_due()) run.settle();
}

bool LiveRun::step_event() {
    catch_up(run_);
    Simulator& s = sim();
    const uint64_t before = s.events_processed();
    if (!detached_) {
        // The runner's steps include checking expectations; go on until an event was processed.
        while (s.events_processed() == before && run_.step()) {
        }
        if (s.events_processed() > before) {
            checkpoint_if_due();
            return true;
        }
        detached_ = true;
    }
    const bool stepped = s.step();
    if (stepped) checkpoint_if_due();
    return stepped;
}

void LiveRun::advance_to(Micros t) {
    Simulator& s = sim();
    if (!detached_) {
        while (!run_.finished()) {
            catch_up(run_);
            const Micros n = run_.next_item_time();
            if (n == kNever || n > t) break;
            if (!run_.step()) break;
            checkpoint_if_due();
        }
        if (!run_.finished() && t != kNever && t > s.now()) s.run_until(limit_ > 0 ? std::min(t, limit_) : t);
        // Past the scenario's end the runner stops; the user may still play on.
        if (run_.finished() || (limit_ > 0 && t > limit_)) detached_ = true;
    }
    if (detached_) {
        // Every event at or before t, also one at the present time (a live call made while paused).
        while (s.next_event_time() <= t) {
            catch_up(run_);
            s.step();
            checkpoint_if_due();
        }
        if (t != kNever && t > s.now()) s.run_until(t);
    }
}

void LiveRun::run_to_end() {
    Simulator& s = sim();
    if (!detached_) {
        // To the scenario's end, as the CLI does (checkpoints on the way); then every remaining check.
        while (true) {
            catch_up(run_);
            if (!run_.step()) break;
            checkpoint_if_due();
        }
        run_.run_to_end();
    } else {
        while (s.next_event_time() <= sec(3600)) {
            s.step();
            checkpoint_if_due();
        }
    }
    detached_ = true;
}

void LiveRun::go_to_event(uint64_t n) {
    if (n < sim().events_processed()) restore(latest_at_or_before(n));
    while (sim().events_processed() < n && step_event()) {
    }
    run_.settle();
}

void LiveRun::go_to_time(Micros t) {
    if (t < sim().now()) restore(latest_before_time(t));
    advance_to(t);
}

void LiveRun::inputs_added() {
    const uint64_t now = sim().events_processed();
    while (points_.size() > 1 && points_.back().run.sim.events() > now) points_.pop_back();
}

void LiveRun::checkpoint_if_due() {
    const uint64_t n = sim().events_processed();
    if (n % interval_ != 0 || n <= points_.back().run.sim.events()) return;
    points_.push_back(Point{run_.checkpoint(), detached_});
    if (points_.size() <= max_points_) return;
    // Full: twice the interval, every other checkpoint goes (the start stays).
    interval_ *= 2;
    std::vector<Point> kept;
    kept.reserve(points_.size() / 2 + 1);
    for (size_t i = 0; i < points_.size(); ++i)
        if (i == 0 || points_[i].run.sim.events() % interval_ == 0) kept.push_back(std::move(points_[i]));
    points_ = std::move(kept);
}

void LiveRun::restore(const Point& p) {
    run_.restore(p.run);
    detached_ = p.detached;
}

const LiveRun::Point& LiveRun::latest_at_or_before(uint64_t events) const {
    auto it = std::upper_bound(points_.begin(), points_.end(), events,
                               [](uint64_t n, const Point& p) { return n < p.run.sim.events(); });
    return it == points_.begin() ? points_.front() : *(it - 1);
}

const LiveRun::Point& LiveRun::latest_before_time(Micros t) const {
    auto it = std::upper_bound(points_.begin(), points_.end(), t,
                               [](Micros x, const Point& p) { return x < p.run.sim.time(); });
    return it == points_.begin() ? points_.front() : *(it - 1);
}

}  // namespace tcplab
