// The simulation's one source of randomness: a seeded std::mt19937_64 (its output sequence is fixed
// by the C++ standard) with our own conversions, because the std distributions differ between
// standard libraries and a trace must be byte-identical on every platform (native and wasm).
#pragma once
#include <cstdint>
#include <random>

namespace tcplab {

class Rng {
public:
    explicit Rng(uint64_t seed = 1) : gen_(seed) {}

    uint64_t next() { return gen_(); }
    uint32_t next32() { return static_cast<uint32_t>(gen_() >> 32); }
    // Uniform in [0, 1) with 53 random bits.
    double uniform01() { return static_cast<double>(gen_() >> 11) * (1.0 / 9007199254740992.0); }
    // Uniform integer in [0, n]; n = 0 draws nothing.
    int64_t upto(int64_t n) {
        if (n <= 0) return 0;
        return static_cast<int64_t>(gen_() % (static_cast<uint64_t>(n) + 1));
    }
    // True with probability p. p <= 0 and p >= 1 draw nothing, so a zero rate does not shift the
    // sequence the other parameters see.
    bool chance(double p) {
        if (p <= 0.0) return false;
        if (p >= 1.0) return true;
        return uniform01() < p;
    }

private:
    std::mt19937_64 gen_;
};

}  // namespace tcplab
