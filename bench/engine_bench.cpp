// Engine throughput: complete connection lifecycles (handshake, 100 bytes each way, close,
// TIME_WAIT expiry) with tracing off. Run: build/<dir>/bench/engine_bench
#include <benchmark/benchmark.h>

#include "cli/lifecycles.h"

static void BM_Lifecycles(benchmark::State& state) {
    const uint64_t n = static_cast<uint64_t>(state.range(0));
    const uint64_t k = static_cast<uint64_t>(state.range(1));
    uint64_t segments = 0;
    for (auto _ : state) {
        auto st = tcplab::cli::run_lifecycles(n, k);
        segments += st.segments;
        benchmark::DoNotOptimize(st);
    }
    state.SetItemsProcessed(static_cast<int64_t>(n) * state.iterations());
    state.counters["segments/s"] = benchmark::Counter(static_cast<double>(segments), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Lifecycles)->Args({1000, 1})->Args({1000, 100})->Args({10000, 1000})->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
