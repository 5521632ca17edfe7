// The front end's work per frame (ImGui building the panels' draw lists, no GPU) with a trace of
// about 10,000 segments: the issue asks for 60 frames per second there, so this must stay well under
// 16 ms. The browser adds WebGL rasterisation on top (tests/e2e/bench_frames.mjs measures that).
#include <benchmark/benchmark.h>

#include <string>

#include "app.h"
#include "headless_imgui.h"

using namespace tcplab;

namespace {

// 5,000 full-sized data segments, each acknowledged.
const char* const kBulk =
    "hosts A=10.0.0.1 B=10.0.0.2\nisn A=1000 B=5000\nlink delay=20ms\nat 0 B listen 80\n"
    "at 0 A connect B:80\nat 100ms A send 7300000\nat 60s A close\nat 60s B close\n";

void frame_with_10k_segments(benchmark::State& state, int64_t seek_us) {
    HeadlessImGui ui(1280, 800);
    App app;
    AppOptions o;
    app.init(o);
    std::string err;
    if (!app.load_text(kBulk, &err)) {
        state.SkipWithError(err.c_str());
        return;
    }
    app.run_to_end();
    if (seek_us >= 0) app.seek(seek_us);
    for (int i = 0; i < 3; ++i) ui.frame(app);  // settle layout
    int vertices = 0;
    for (auto _ : state) vertices = ui.frame(app);
    state.counters["vertices"] = vertices;
}

void BM_frame_at_end(benchmark::State& s) { frame_with_10k_segments(s, -1); }
void BM_frame_mid_trace(benchmark::State& s) { frame_with_10k_segments(s, 5'000'000); }

}  // namespace

BENCHMARK(BM_frame_at_end)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_frame_mid_trace)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
