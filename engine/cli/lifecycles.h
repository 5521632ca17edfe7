// The benchmark workload shared by `tcplab bench` and bench/engine_bench.cpp: N complete connection
// lifecycles (handshake, 100 bytes each way, close from both ends, TIME_WAIT expiry) between two
// hosts, K at a time, with tracing off.
#pragma once
#include <cstdint>
#include <string>

#include "sim.h"

namespace tcplab::cli {

struct LifecycleStats {
    uint64_t connections = 0;  // lifecycles started
    uint64_t completed = 0;    // Simulator::connections_completed() (both ends count)
    uint64_t segments = 0;
    Micros virtual_time = 0;
};

inline LifecycleStats run_lifecycles(uint64_t n, uint64_t concurrency) {
    if (concurrency == 0) concurrency = 1;
    if (concurrency > 50000) concurrency = 50000;  // local ports 10000..59999
    SimConfig cfg;
    cfg.hosts = {HostConfig{"A", 0x0a000001u, Seq{1000}, {}, {}}, HostConfig{"B", 0x0a000002u, Seq{5000}, {}, {}}};
    cfg.link.delay = msec(1);
    cfg.profile.msl = msec(1);  // TIME_WAIT = 2 ms of virtual time: batches do not overlap
    cfg.tracing = false;
    cfg.reap_closed = true;
    Simulator sim(cfg);

    Action listen;
    listen.host = 1;
    listen.call = Call::Listen;
    listen.port = 80;
    listen.backlog = static_cast<int>(concurrency) + 16;
    listen.manual_accept = true;
    listen.new_socket = "srv";
    sim.schedule(listen);

    // One batch: connect at +0, accept at +5ms, 100 bytes each way at +6ms, A closes at +10ms,
    // B closes at +13ms; both ends are CLOSED (TIME_WAIT expired) by about +17ms.
    const Micros period = msec(30);
    const std::vector<uint8_t> hundred(100, 'x');
    uint64_t started = 0;
    for (uint64_t batch = 0; started < n; ++batch) {
        const Micros base = msec(1) + static_cast<Micros>(batch) * period;
        for (uint64_t k = 0; k < concurrency && started < n; ++k, ++started) {
            const std::string c = "c" + std::to_string(started), s = "s" + std::to_string(started);
            Action a;
            a.line = 0;
            a.at = base;
            a.host = 0;
            a.call = Call::Connect;
            a.remote_host = 1;
            a.port = 80;
            a.local_port = static_cast<uint16_t>(10000 + k);
            a.new_socket = c;
            sim.schedule(a);

            Action acc;
            acc.at = base + msec(5);
            acc.host = 1;
            acc.call = Call::Accept;
            acc.socket = "srv";
            acc.new_socket = s;
            sim.schedule(acc);

            for (int h = 0; h < 2; ++h) {
                Action send;
                send.at = base + msec(6);
                send.host = h;
                send.socket = h == 0 ? c : s;
                send.call = Call::Send;
                send.data = hundred;
                sim.schedule(send);

                Action close;
                close.at = base + (h == 0 ? msec(10) : msec(13));
                close.host = h;
                close.socket = h == 0 ? c : s;
                close.call = Call::Close;
                sim.schedule(close);
            }
        }
        sim.run_until(base + period - 1);
    }
    sim.run();
    LifecycleStats st;
    st.connections = n;
    st.completed = sim.connections_completed();
    st.segments = sim.segments_sent();
    st.virtual_time = sim.now();
    return st;
}

}  // namespace tcplab::cli
