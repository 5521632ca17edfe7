// Going back in time at any trace length: the latency of "< Step" (App::step_back) and of the
// scrubber going back (App::seek from the end) in traces of about 1k, 10k and 100k segments. With
// checkpoints every K events the cost is at most K events of replay, so it must stay flat as the
// trace grows (goal: <= 5 ms at 100k segments). `step_back+frame` adds the next frame the panels
// draw (headless ImGui, no GPU), which must not grow with the trace either.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <string>

#include "app.h"
#include "headless_imgui.h"
#include "step_back_lesson.h"

using namespace tcplab;

namespace {

struct Loaded {
    std::unique_ptr<App> app;
    uint64_t segments = 0;
    int64_t end_us = 0;
};

// One app per size, run to its end once (loading 100k segments takes a while).
Loaded& loaded(int segments) {
    static std::map<int, Loaded> cache;
    Loaded& l = cache[segments];
    if (!l.app) {
        l.app = std::make_unique<App>();
        AppOptions o;
        o.scenario_text = step_back_lesson(segments);
        l.app->init(o);
        l.app->run_to_end();
        l.segments = segments_in(*l.app);
        l.end_us = end_time_of(*l.app);
    }
    return l;
}

void BM_step_back(benchmark::State& state) {
    Loaded& l = loaded(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        l.app->step_back();
        state.PauseTiming();
        if (events_of(*l.app) < 1000) l.app->run_to_end();  // stay near the end of the trace
        state.ResumeTiming();
    }
    state.counters["segments"] = static_cast<double>(l.segments);
}

void BM_seek_back(benchmark::State& state) {
    Loaded& l = loaded(static_cast<int>(state.range(0)));
    int64_t i = 0;
    for (auto _ : state) {
        // From the end back to somewhere in the second half, as a scrubber dragged back does.
        // (Forward again replays the distance, like playing: not timed here.)
        state.PauseTiming();
        l.app->run_to_end();
        state.ResumeTiming();
        l.app->seek(l.end_us / 2 + (l.end_us / 2) * ((i * 37) % 100) / 100);
        ++i;
    }
    state.counters["segments"] = static_cast<double>(l.segments);
}

void BM_step_back_and_frame(benchmark::State& state) {
    Loaded& l = loaded(static_cast<int>(state.range(0)));
    HeadlessImGui ui(1280, 800);
    ui.frame(*l.app);
    for (auto _ : state) {
        l.app->step_back();
        ui.frame(*l.app);
    }
    state.counters["segments"] = static_cast<double>(l.segments);
}

// The same frame without going back: what the panels cost at that trace length anyway.
void BM_frame_only(benchmark::State& state) {
    Loaded& l = loaded(static_cast<int>(state.range(0)));
    HeadlessImGui ui(1280, 800);
    ui.frame(*l.app);
    for (auto _ : state) ui.frame(*l.app);
    state.counters["segments"] = static_cast<double>(l.segments);
}

}  // namespace

BENCHMARK(BM_step_back)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_seek_back)->Arg(1000)->Arg(10000)->Arg(100000)->Iterations(8)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_step_back_and_frame)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_frame_only)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
