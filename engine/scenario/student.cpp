// Per-student numbers (scenario.h, docs/teaching.md).
#include <algorithm>

#include "scenario/scenario.h"

namespace tcplab {

namespace {

// SplitMix64: spreads one hash into independent-looking values (one per host).
uint64_t mix(uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

}  // namespace

uint64_t fnv1a64(std::string_view bytes) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t student_hash(std::string_view lesson, std::string_view student) {
    std::string key(lesson);
    key += '\n';
    key += student;
    return fnv1a64(key);
}

void apply_student(Scenario& sc, const std::string& student) {
    if (student.empty()) return;
    const uint64_t h = student_hash(sc.name, student);
    sc.student = student;
    sc.config.seed = mix(h);
    std::vector<Seq> delta(sc.config.hosts.size(), 0);
    for (size_t i = 0; i < sc.config.hosts.size(); ++i) {
        auto& host = sc.config.hosts[i];
        const bool fixed = std::find(sc.fixed_isn_hosts.begin(), sc.fixed_isn_hosts.end(), static_cast<int>(i)) !=
                           sc.fixed_isn_hosts.end();
        if (!host.isn || fixed) continue;  // no `isn`: drawn from the (student's) seed
        const Seq isn = static_cast<Seq>(mix(h + 1 + i) >> 32);
        delta[i] = isn - *host.isn;
        host.isn = isn;
    }
    auto d = [&](int host) { return host >= 0 && static_cast<size_t>(host) < delta.size() ? delta[host] : Seq{0}; };
    for (Expect& e : sc.expects) {
        if (e.kind != Expect::Kind::Segment && e.kind != Expect::Kind::NoSegment) continue;
        // seq=0 on a RST is the RFC's literal zero (the reset of a closed port), not a number of a space.
        if (e.seq && !(*e.seq == 0 && e.flags && (*e.flags & kRST))) *e.seq += d(e.host);
        if (e.ack) *e.ack += d(e.to_host);
    }
    for (Fault& f : sc.faults) {
        if (f.kind != Fault::Kind::Inject) continue;
        f.segment.seq += d(f.host);
        if (f.segment.has(kACK) || f.segment.ack != 0) f.segment.ack += d(f.to_host);
    }
    for (Action& a : sc.actions)
        if (a.isn) *a.isn += d(a.host);
    resolve_note_numbers(sc);
}

}  // namespace tcplab
