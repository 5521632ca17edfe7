// The per-direction link model: delay, serialization at a bandwidth, jitter, loss, duplication,
// reordering, all drawn from one seeded generator.
#include <catch2/catch.hpp>

#include "channel.h"

using namespace tcplab;

static Channel make(LinkParams p) { return Channel{p, 0}; }

TEST_CASE("channel: propagation delay only", "[channel]") {
    LinkParams p;
    p.delay = msec(50);
    Channel ch = make(p);
    Rng rng(1);
    const Transmission t = ch.transmit(msec(10), 60, rng);
    CHECK_FALSE(t.lost);
    CHECK_FALSE(t.duplicated);
    CHECK_FALSE(t.reordered);
    CHECK(t.arrival == msec(60));
    // Infinite bandwidth: a second segment at the same time arrives at the same time.
    CHECK(ch.transmit(msec(10), 1500, rng).arrival == msec(60));
}

TEST_CASE("channel: serialization time at the bandwidth, segments queue behind each other", "[channel]") {
    LinkParams p;
    p.delay = msec(10);
    p.bandwidth_bps = 1'000'000;  // 1 Mbit/s: 1000 bytes take 8 ms
    Channel ch = make(p);
    Rng rng(1);
    CHECK(ch.serialization_time(1000) == 8000);
    CHECK(ch.serialization_time(1) == 8);
    CHECK(Channel::wire_bytes(20, 960) == 1000);  // 20 IP + 20 TCP + payload
    const Transmission a = ch.transmit(0, 1000, rng);
    const Transmission b = ch.transmit(0, 1000, rng);  // waits for a to finish
    CHECK(a.arrival == 8000 + 10000);
    CHECK(b.arrival == 16000 + 10000);
    // After the link went idle a segment starts at once.
    const Transmission c = ch.transmit(sec(1), 125, rng);  // 1000 bits: 1 ms
    CHECK(c.arrival == sec(1) + 1000 + 10000);
}

TEST_CASE("channel: serialization rounds up to whole microseconds", "[channel]") {
    LinkParams p;
    p.bandwidth_bps = 3'000'000;
    Channel ch = make(p);
    CHECK(ch.serialization_time(1) == 3);  // 8 bits at 3 Mbit/s = 2.67 us
}

TEST_CASE("channel: 100% loss drops everything", "[channel]") {
    LinkParams p;
    p.loss = 1.0;
    p.duplicate = 1.0;
    Channel ch = make(p);
    Rng rng(7);
    for (int i = 0; i < 1000; ++i) {
        const Transmission t = ch.transmit(i, 60, rng);
        CHECK(t.lost);
        CHECK_FALSE(t.duplicated);
    }
}

TEST_CASE("channel: jitter stays within [delay, delay + jitter] and varies", "[channel]") {
    LinkParams p;
    p.delay = msec(50);
    p.jitter = msec(10);
    Channel ch = make(p);
    Rng rng(3);
    Micros lo = kNever, hi = 0;
    for (int i = 0; i < 2000; ++i) {
        const Micros d = ch.transmit(0, 60, rng).arrival;
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    CHECK(lo >= msec(50));
    CHECK(hi <= msec(60));
    // 2000 uniform draws over 10001 values: the extremes come within 1 ms of the ends.
    CHECK(lo < msec(51));
    CHECK(hi > msec(59));
}

TEST_CASE("channel: reordering holds a segment back by reorder_delay (default 2 * delay)", "[channel]") {
    LinkParams p;
    p.delay = msec(20);
    p.reorder = 1.0;
    Channel ch = make(p);
    Rng rng(1);
    const Transmission t = ch.transmit(0, 60, rng);
    CHECK(t.reordered);
    CHECK(t.arrival == msec(20) + msec(40));
    ch.params.reorder_delay = msec(5);
    CHECK(ch.transmit(0, 60, rng).arrival == msec(25));
}

TEST_CASE("channel: loss, duplication and reordering happen at the configured rates", "[channel]") {
    LinkParams p;
    p.delay = msec(10);
    p.loss = 0.25;
    p.duplicate = 0.10;
    p.reorder = 0.20;
    Channel ch = make(p);
    Rng rng(12345);
    const int n = 10000;
    int lost = 0, dup = 0, reord = 0;
    for (int i = 0; i < n; ++i) {
        const Transmission t = ch.transmit(i, 60, rng);
        if (t.lost) { ++lost; continue; }
        if (t.duplicated) {
            ++dup;
            CHECK(t.copy_arrival >= t.arrival);
        }
        if (t.reordered) ++reord;
    }
    const int delivered = n - lost;
    // Binomial standard deviations: loss ~43, dup ~26, reorder ~35 (of ~7500 delivered).
    // The ranges are +-6 standard deviations around the expected counts.
    CHECK(lost > 2500 - 260);
    CHECK(lost < 2500 + 260);
    CHECK(dup > delivered / 10 - 160);
    CHECK(dup < delivered / 10 + 160);
    CHECK(reord > delivered / 5 - 210);
    CHECK(reord < delivered / 5 + 210);
}

TEST_CASE("channel: the same seed gives the same decisions, another seed differs", "[channel][determinism]") {
    LinkParams p;
    p.delay = msec(10);
    p.jitter = msec(5);
    p.loss = 0.1;
    p.duplicate = 0.1;
    p.reorder = 0.1;
    auto run = [&](uint64_t seed) {
        Channel ch = make(p);
        Rng rng(seed);
        std::vector<Micros> out;
        for (int i = 0; i < 500; ++i) {
            const Transmission t = ch.transmit(i * 100, 60, rng);
            out.push_back(t.lost ? -1 : t.arrival);
            out.push_back(t.duplicated ? t.copy_arrival : -2);
        }
        return out;
    };
    CHECK(run(42) == run(42));
    CHECK(run(42) != run(43));
}

TEST_CASE("rng: the generator's fixed output and its conversions", "[channel][rng]") {
    // The 10000th output of a default-seeded mt19937_64 is fixed by the C++ standard.
    Rng r(5489u);
    uint64_t v = 0;
    for (int i = 0; i < 10000; ++i) v = r.next();
    CHECK(v == 9981545732273789042ull);
    Rng a(9);
    for (int i = 0; i < 1000; ++i) {
        const double u = a.uniform01();
        CHECK(u >= 0.0);
        CHECK(u < 1.0);
        const int64_t k = a.upto(6);
        CHECK(k >= 0);
        CHECK(k <= 6);
    }
    CHECK(a.upto(0) == 0);
    CHECK_FALSE(a.chance(0.0));
    CHECK(a.chance(1.0));
}

// --- The channel inside a simulation --------------------------------------------------------------
#include "sim_fixture.h"

TEST_CASE("channel: a data segment's arrival = send time + serialization (20 IP + TCP header + payload) + delay", "[channel][sim]") {
    SimConfig cfg = simtest::two_hosts(msec(10));
    cfg.link.bandwidth_bps = 1'000'000;
    cfg.profile.nodelay = true;  // both segments leave at once (no Nagle wait for the first ACK)
    Simulator sim(cfg);
    sim.schedule(simtest::listen(0, 1, 80));
    sim.schedule(simtest::connect(0, 0, 1, 80));
    sim.schedule(simtest::send(sec(1), 0, std::string(100, 'x')));
    sim.schedule(simtest::send(sec(1), 0, std::string(100, 'y')));
    sim.run_until(sec(2));
    std::vector<TraceEntry> data;
    for (const auto& e : simtest::sent_by(sim, 0))
        if (!e.packet.seg.payload.empty()) data.push_back(e);
    REQUIRE(data.size() == 2);
    const Micros header = data[0].packet.seg.data_offset() * 4;
    const Micros ser = (20 + header + 100) * 8;  // microseconds at 1 Mbit/s
    CHECK(data[0].arrival == sec(1) + ser + msec(10));
    // The second waits for the first to leave the wire.
    CHECK(data[1].arrival == sec(1) + 2 * ser + msec(10));
    CHECK(simtest::str(sim.app_received(1, "")) == std::string(100, 'x') + std::string(100, 'y'));
}
