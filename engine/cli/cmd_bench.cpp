// tcplab bench --connections N [--concurrency K]: engine throughput with tracing off.
// Wall-clock timing is fine here: the CLI is not the engine (which never reads a clock).
#include <chrono>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/lifecycles.h"

namespace tcplab::cli {
namespace {

struct BenchArgs {
    uint64_t connections = 10000;
    uint64_t concurrency = 100;
};

RegisterCommand reg("bench", "Simulate N complete connection lifecycles with tracing off and report segments/second",
                    [](CLI::App& app) {
                        auto a = std::make_shared<BenchArgs>();
                        app.add_option("--connections,-n", a->connections, "Lifecycles to simulate")
                            ->check(CLI::Range(uint64_t{1}, uint64_t{100000000}));
                        app.add_option("--concurrency,-k", a->concurrency, "Connections open at the same time")
                            ->check(CLI::Range(uint64_t{1}, uint64_t{50000}));
                        return [a]() -> int {
                            auto t0 = std::chrono::steady_clock::now();
                            LifecycleStats st = run_lifecycles(a->connections, a->concurrency);
                            double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                            std::printf("connections      %llu\n", static_cast<unsigned long long>(st.connections));
                            std::printf("concurrency      %llu\n", static_cast<unsigned long long>(a->concurrency));
                            std::printf("segments         %llu\n", static_cast<unsigned long long>(st.segments));
                            std::printf("wall seconds     %.3f\n", wall);
                            std::printf("segments/second  %.0f\n", wall > 0 ? static_cast<double>(st.segments) / wall : 0.0);
                            std::printf("lifecycles/sec   %.0f\n", wall > 0 ? static_cast<double>(st.connections) / wall : 0.0);
                            // Both ends of every lifecycle must have gone ESTABLISHED -> CLOSED.
                            if (st.completed < st.connections) {
                                std::fprintf(stderr, "tcplab bench: only %llu connection ends completed for %llu lifecycles\n",
                                             static_cast<unsigned long long>(st.completed),
                                             static_cast<unsigned long long>(st.connections));
                                return kExitFailed;
                            }
                            return kExitOk;
                        };
                    });

}  // namespace
}  // namespace tcplab::cli
