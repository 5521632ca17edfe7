// ScenarioRun: expectations are checked when their time comes, recorded in the trace, and report
// what was seen instead. Uses the handshake of RFC 9293 Figure 6 (link delay 50ms, ISNs 1000/5000):
// SYN at 10ms, SYN,ACK at 60ms, ACK at 110ms; A ESTABLISHED at 110ms, B at 160ms.
#include <catch2/catch.hpp>

#include <map>

#include "scenario/scenario.h"

using namespace tcplab;

namespace {

const std::string kBase =
    "hosts A=10.0.0.1 B=10.0.0.2\nisn A=1000 B=5000\nlink delay=50ms\nend 1s\n"
    "at 0 B listen 80\nat 10ms A connect B:80 from=40000\n";

Scenario parse(const std::string& extra) {
    auto r = parse_scenario(kBase + extra, "r.scn");
    if (auto* e = std::get_if<std::vector<ScenarioError>>(&r)) FAIL((*e)[0].format());
    return std::get<Scenario>(std::move(r));
}

std::vector<const TraceEntry*> expects_in(const Simulator& sim) {
    std::vector<const TraceEntry*> out;
    for (const auto& t : sim.trace())
        if (t.kind == TraceKind::Expect) out.push_back(&t);
    return out;
}

}  // namespace

TEST_CASE("an expect at T sees every event at T and none after") {
    Scenario sc = parse("expect at 110ms A=ESTABLISHED B=SYN_RCVD\nexpect at 109ms A=SYN_SENT\n");
    ScenarioRun run(sc);
    run.run_to_end();
    REQUIRE(run.results().size() == 3);
    CHECK(run.passed() == 3);
    auto e = expects_in(run.sim());
    REQUIRE(e.size() == 3);
    CHECK(e[0]->time == msec(109));  // in time order
    CHECK(e[1]->time == msec(110));
    CHECK(e[0]->line == 8);
    CHECK(e[1]->line == 7);
    CHECK(e[1]->ok);
}

TEST_CASE("a failed expect says what was seen, in the result and in the trace") {
    Scenario sc = parse("expect at 100ms A=ESTABLISHED\n");
    ScenarioRun run(sc);
    run.run_to_end();
    REQUIRE(run.results().size() == 1);
    CHECK_FALSE(run.results()[0].ok);
    CHECK(run.results()[0].detail == "A is SYN_SENT");
    auto e = expects_in(run.sim());
    REQUIRE(e.size() == 1);
    CHECK_FALSE(e[0]->ok);
    CHECK(e[0]->text.find("expect at 100ms A=ESTABLISHED: A is SYN_SENT") != std::string::npos);
    CHECK(run.failed() == 1);
}

TEST_CASE("expect by: a state entered earlier counts, a later one does not") {
    Scenario sc = parse("expect by 1s A=SYN_SENT\nexpect by 100ms A=ESTABLISHED\nexpect by 70ms B=SYN_RCVD\n");
    ScenarioRun run(sc);
    run.run_to_end();
    REQUIRE(run.results().size() == 3);
    for (const auto& r : run.results()) {
        if (r.expect->loc.line == 7) CHECK(r.ok);        // SYN_SENT at 10ms, ESTABLISHED by 1s
        if (r.expect->loc.line == 8) {                   // ESTABLISHED only at 110ms
            CHECK_FALSE(r.ok);
            CHECK(r.detail == "A is SYN_SENT (went CLOSED -> SYN_SENT)");
        }
        if (r.expect->loc.line == 9) CHECK(r.ok);        // the passive child on B
    }
}

TEST_CASE("segment expectations: exact flags, PSH ignored unless written, by T") {
    Scenario sc = parse("expect segment A->B SYN seq=1000 len=0 by 10ms\n"
                        "expect segment A->B SYN,ACK\n"
                        "expect segment B->A SYN,ACK seq=5000 ack=1001 by 59ms\n"
                        "expect no-segment B->A RST\n"
                        "expect no-segment A->B ACK by 100ms\n"
                        "expect no-segment A->B ACK\n");
    ScenarioRun run(sc);
    run.run_to_end();
    std::map<int, const ExpectResult*> by_line;
    for (const auto& r : run.results()) by_line[r.expect->loc.line] = &r;
    CHECK(by_line[7]->ok);
    CHECK_FALSE(by_line[8]->ok);
    CHECK(by_line[8]->detail == "A->B sent: SYN seq=1000 len=0; ACK seq=1001 ack=5001 len=0");
    CHECK_FALSE(by_line[9]->ok);  // sent at 60ms, not by 59ms
    CHECK(by_line[9]->detail == "no segment B->A");
    CHECK(by_line[10]->ok);
    CHECK(by_line[11]->ok);
    CHECK_FALSE(by_line[12]->ok);
    CHECK(by_line[12]->detail == "sent at 110ms: ACK seq=1001 ack=5001 len=0");
}

TEST_CASE("call results and data") {
    Scenario sc = parse("at 200ms A send \"hi\\n\"\n"
                        "expect call A connect = OK\n"
                        "expect data B \"hi\\n\" by 300ms\n"
                        "expect data B len=3\n"
                        "expect data B \"hi\" by 300ms\n"
                        "expect data B len=3 by 240ms\n");
    ScenarioRun run(sc);
    run.run_to_end();
    std::map<int, const ExpectResult*> by_line;
    for (const auto& r : run.results()) by_line[r.expect->loc.line] = &r;
    CHECK(by_line[8]->ok);
    CHECK(by_line[9]->ok);
    CHECK(by_line[10]->ok);
    CHECK_FALSE(by_line[11]->ok);
    CHECK(by_line[11]->detail == "B read \"hi\\n\" (3 bytes)");
    CHECK_FALSE(by_line[12]->ok);  // sent at 200ms, it arrives at 250ms
    CHECK(by_line[12]->detail == "B read 0 bytes");
}

TEST_CASE("stepping: run_until stops at T and evaluates the expects due") {
    Scenario sc = parse("expect at 60ms B=SYN_RCVD\nexpect at 500ms A=ESTABLISHED\n");
    ScenarioRun run(sc);
    run.run_until(msec(100));
    CHECK(run.sim().now() == msec(100));
    REQUIRE(run.results().size() == 1);
    CHECK(run.results()[0].ok);
    CHECK(run.sim().host_state(0) == State::SynSent);
    CHECK_FALSE(run.finished());
    while (run.step()) {
    }
    CHECK(run.results().size() == 2);
    run.run_to_end();
    CHECK(run.finished());
    CHECK(run.sim().now() == sec(1));  // `end 1s`
    CHECK_FALSE(run.step());
}

TEST_CASE("notes become trace entries at their time") {
    Scenario sc = parse("note at 35ms en: half way | zh: 一半\n");
    ScenarioRun run(sc);
    run.run_to_end();
    const TraceEntry* note = nullptr;
    for (const auto& t : run.sim().trace())
        if (t.kind == TraceKind::Note) note = &t;
    REQUIRE(note);
    CHECK(note->time == msec(35));
    CHECK(note->text == "half way");
    CHECK(note->line == 7);
}

TEST_CASE("run options: profile override keeps the params, tracing off still checks states") {
    Scenario sc = parse("param syn_retries=2\nexpect at 110ms A=ESTABLISHED\nexpect segment A->B SYN\n");
    RunOptions o;
    o.profile = "linux";
    o.tracing = false;
    ScenarioRun run(sc, o);
    CHECK(run.sim().config().profile.name == "linux");
    CHECK(run.sim().config().profile.syn_retries == 2);
    run.run_to_end();
    REQUIRE(run.results().size() == 2);
    std::map<int, const ExpectResult*> by_line;
    for (const auto& r : run.results()) by_line[r.expect->loc.line] = &r;
    CHECK(by_line[8]->ok);
    CHECK_FALSE(by_line[9]->ok);
    CHECK(by_line[9]->detail == "segment expectations need tracing");
    CHECK(run.sim().trace().empty());
}

TEST_CASE("expect by: the initial CLOSED does not count; a connection that never closes fails CLOSED") {
    Scenario sc = parse("expect by 1s A=CLOSED\nexpect by 1s B=CLOSED\nexpect by 1s A=ESTABLISHED\n");
    ScenarioRun run(sc);
    run.run_to_end();
    std::map<int, const ExpectResult*> by_line;
    for (const auto& r : run.results()) by_line[r.expect->loc.line] = &r;
    REQUIRE(by_line.size() == 3);
    CHECK_FALSE(by_line[7]->ok);
    CHECK(by_line[7]->detail == "A is ESTABLISHED (went CLOSED -> SYN_SENT -> ESTABLISHED)");
    CHECK_FALSE(by_line[8]->ok);  // the accepted child continues the listener's history
    CHECK(by_line[8]->detail == "B is ESTABLISHED (went CLOSED -> LISTEN -> SYN_RCVD -> ESTABLISHED)");
    CHECK(by_line[9]->ok);
}

TEST_CASE("expect by: a host that never opened anything has no socket; the same expect fails with tracing off") {
    auto r = parse_scenario("hosts A=10.0.0.1 B=10.0.0.2\nend 1s\nexpect by 1s A=CLOSED\n", "r.scn");
    REQUIRE(std::holds_alternative<Scenario>(r));
    for (bool tracing : {true, false}) {
        RunOptions o;
        o.tracing = tracing;
        ScenarioRun run(std::get<Scenario>(r), o);
        run.run_to_end();
        REQUIRE(run.results().size() == 1);
        CHECK_FALSE(run.results()[0].ok);
        CHECK(run.results()[0].detail == "A has no socket");
    }
}

TEST_CASE("expect by: the default socket is the host's latest connection, not an earlier one") {
    // A's first connection closes (TIME_WAIT 200ms, CLOSED at about 600ms); the second one stays open.
    Scenario sc = parse("msl 100ms\nat 200ms A close\nat 300ms B close\nat 700ms A connect B:80 from=40001\n"
                        "expect by 1s A=CLOSED\nexpect by 1s A=ESTABLISHED\n");
    for (bool tracing : {true, false}) {
        RunOptions o;
        o.tracing = tracing;
        ScenarioRun run(sc, o);
        run.run_to_end();
        std::map<int, const ExpectResult*> by_line;
        for (const auto& r : run.results()) by_line[r.expect->loc.line] = &r;
        REQUIRE(by_line.size() == 2);
        CHECK_FALSE(by_line[11]->ok);  // the second connection never closed
        CHECK(by_line[12]->ok);
    }
}

TEST_CASE("expect by with tracing off: polled transitions on the denoted connection") {
    Scenario sc = parse("expect by 1s A=SYN_SENT\nexpect by 100ms A=ESTABLISHED\nexpect by 1s A=CLOSED\n");
    RunOptions o;
    o.tracing = false;
    ScenarioRun run(sc, o);
    run.run_to_end();
    std::map<int, const ExpectResult*> by_line;
    for (const auto& r : run.results()) by_line[r.expect->loc.line] = &r;
    CHECK(by_line[7]->ok);
    CHECK_FALSE(by_line[8]->ok);
    CHECK_FALSE(by_line[9]->ok);
}

TEST_CASE("inject with flags none: a segment with no flags at all is dropped in ESTABLISHED (3.10.7.4 fifth), no reply") {
    Scenario sc = parse("inject at 300ms B->A none seq=5001 ack=1001 data=\"zz\" sport=80 dport=40000\n"
                        "expect no-segment A->B ACK seq=1001 ack=5003\nexpect data A len=0\nexpect at 500ms A=ESTABLISHED\n");
    ScenarioRun run(sc);
    run.run_to_end();
    CHECK(run.failed() == 0);
    bool seen = false;
    for (const auto& t : run.sim().trace())
        if (t.kind == TraceKind::SegmentInjected && t.packet.seg.flags == 0 && t.packet.seg.payload.size() == 2) seen = true;
    CHECK(seen);
}
