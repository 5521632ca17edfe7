// Runs a parsed packetdrill script with a tcplab Endpoint as the local stack. The runner is the
// endpoint's Env: it owns virtual time, a small BSD socket layer (fds, listen queue, blocking
// calls) and the scripted remote side. Outbound segments are matched against `>` lines on flags,
// seq, ack and length (window and options with `strict`), at their time within the tolerance.
#pragma once
#include <string>
#include <vector>

#include "../profile.h"
#include "../trace.h"
#include "pkt_script.h"

namespace tcplab::pkt {

struct PktRunOptions {
    Profile profile;                 // the local stack's behaviour profile
    // Also compare window, options and the PSH flag, and fail on a sent segment no `>` line took
    // (before the next event or at the end); by default, as packetdrill, those are not read.
    bool strict = false;
    bool verbose = false;            // fill PktRunResult::log with every step
    Seq local_isn = 2000000000u;     // the ISN the local stack chooses (scripts are relative to it)
    uint64_t max_timer_events = 100000;  // guard against a timer that never stops firing
};

struct PktRunResult {
    enum class Outcome : uint8_t { Pass, Fail, Error, Skip };  // Skip: passed, but every check was skipped
    Outcome outcome = Outcome::Pass;
    int line = 0;                    // script line of the failure / error
    int column = 0;                  // Error only
    std::string message;             // first mismatch: expected vs actual
    int events_run = 0;
    int skipped = 0;                 // lines and parts skipped with a warning
    int checks = 0;                  // `>` lines matched, asserts and TCP-dependent call results checked
    std::vector<std::string> warnings;  // "12: warning: skipped ..." (the file name goes in front)
    std::vector<std::string> log;       // --verbose
    Trace trace;                     // the tcplab trace of the run (host 0 = local, 1 = remote)

    // "file: PASS (...)", "file:12: FAIL: ...", "file:3:7: ERROR: ...".
    std::string summary(const std::string& file) const;
};

PktRunResult run_pkt_script(const PktScript& script, const PktRunOptions& options);

// The addresses and ports the runner uses (packetdrill's defaults).
constexpr uint32_t kPktLocalIp = 0xC0A80001;   // 192.168.0.1
constexpr uint32_t kPktRemoteIp = 0xC0000201;  // 192.0.2.1
constexpr uint16_t kPktServerPort = 8080;      // listen / connect port
constexpr uint16_t kPktEphemeralPort = 40000;  // the other end's port

}  // namespace tcplab::pkt
