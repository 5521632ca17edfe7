// "What if" hypotheses (engine/hypothesis.h): each produces the failure the course notes' why-question
// is about, while real TCP on the same input does not; and no normal input can choose one.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "export/json.h"
#include "profile.h"
#include "scenario/scenario.h"

using namespace tcplab;

namespace {

Scenario parse(const std::string& text) {
    auto r = parse_scenario(text, "h.scn");
    if (auto* e = std::get_if<std::vector<ScenarioError>>(&r)) FAIL((*e)[0].format());
    return std::get<Scenario>(std::move(r));
}

// A scenario run to its end, with or without the hypothesis (the run points into the scenario,
// so both live here).
RunOptions under(Hypothesis h) {
    RunOptions o;
    o.what_if = h;
    return o;
}

struct Replay {
    Scenario sc;
    ScenarioRun run;
    Replay(const std::string& text, Hypothesis h) : sc(parse(text)), run(sc, under(h)) {
        run.run_to_end();
    }
};

// Runs `base + expects` with or without the hypothesis; returns the failed expects' texts.
std::vector<std::string> failures(const std::string& base, const std::string& expects, Hypothesis h) {
    Replay r(base + expects, h);
    std::vector<std::string> out;
    for (const ExpectResult& e : r.run.results())
        if (!e.ok) out.push_back(e.expect->source_text + ": " + e.detail);
    return out;
}

// SYN,ACK segments host 1 (B) sent.
int synacks_sent(const std::string& text, Hypothesis h) {
    Replay r(text, h);
    int n = 0;
    for (const TraceEntry& t : r.run.sim().trace())
        if (t.kind == TraceKind::SegmentSent && t.host == 1 && t.packet.seg.has(kSYN) && t.packet.seg.has(kACK)) ++n;
    return n;
}

bool parses(const std::string& text) {
    return std::holds_alternative<Scenario>(parse_scenario(text, "h.scn"));
}

// An old duplicate SYN reaches B; A, which has no connection, answers B's SYN,ACK with RST, and
// every RST is lost (as if A were gone): nothing ever tells B the SYN was old.
const std::string kOldSyn =
    "hosts A=10.0.0.1 B=10.0.0.2\nisn A=1000 B=5000\nlink delay=50ms\nend 120s\n"
    "at 0 B listen 80 as srv\ninject at 10ms A->B SYN seq=900 sport=40000 dport=80\n"
    "drop next A RST count=all\n";

// The course notes' lost last ACK (lesson 14): A's ACK of B's FIN is lost, B sends its FIN again.
const std::string kLostLastAck =
    "hosts A=10.0.0.1 B=10.0.0.2\nisn A=1000 B=5000\nmsl 2s\nlink delay=50ms\n"
    "at 0 B listen 80\nat 10ms A connect B:80 from=40000\nat 300ms A close\nat 500ms B close\n"
    "drop next A ACK after 500ms\n";

// Lesson 15's A/B half without its time_wait parameter: A's "old" segment is delayed 3 s; A reconnects
// with the same four-tuple at 1.6 s and sends 10 bytes, right up to the old segment's sequence number.
const std::string kOldDuplicate =
    "hosts A=10.0.0.1 B=10.0.0.2\nisn A=1000 B=5000\nmsl 5s\nparam A nodelay=true\nlink delay=50ms\nend 4s\n"
    "at 0 B listen 80\nat 10ms A connect B:80 from=40000 as old\nat 200ms A.old send \"old\"\n"
    "delay next A ACK by 3s after 150ms\nat 1300ms A.old close\nat 1400ms B close\n"
    "at 1600ms A connect B:80 from=40000 isn=990 as new\nat 3500ms A.new send \"0123456789\"\n";

}  // namespace

TEST_CASE("what if: two-way handshake, an old duplicate SYN leaves B holding a connection nobody opened",
          "[hypothesis]") {
    // Real TCP (RFC 9293 3.5 Figure 9, 3.10.7.2): SYN_RCVD, the SYN,ACK is retransmitted, then given up.
    const std::string real =
        "expect segment B->A SYN,ACK seq=5000 ack=901 len=0 by 60ms\n"
        "expect at 100ms B=SYN_RCVD\nexpect at 119s B.srv=LISTEN\nexpect at 119s B=CLOSED\n";
    CHECK(failures(kOldSyn, real, Hypothesis::None).empty());
    // Two ways: ESTABLISHED on the SYN, the SYN,ACK never repeated, and still ESTABLISHED at the end.
    const std::string two_way =
        "expect segment B->A SYN,ACK seq=5000 ack=901 len=0 by 60ms\n"
        "expect at 100ms B=ESTABLISHED\nexpect at 119s B=ESTABLISHED B.srv=LISTEN\n";
    CHECK(failures(kOldSyn, two_way, Hypothesis::TwoWayHandshake).empty());
    // And each outcome is wrong for the other: the hypothesis really changes what happens.
    CHECK(failures(kOldSyn, two_way, Hypothesis::None).size() == 2);
    CHECK(failures(kOldSyn, real, Hypothesis::TwoWayHandshake).size() == 2);
    // Real: the first SYN,ACK and synack_retries = 5 retransmissions; two ways: one, never repeated.
    CHECK(synacks_sent(kOldSyn, Hypothesis::None) == 6);
    CHECK(synacks_sent(kOldSyn, Hypothesis::TwoWayHandshake) == 1);
}

TEST_CASE("what if: two-way handshake, the client does not acknowledge the SYN,ACK", "[hypothesis]") {
    const std::string base =
        "hosts A=10.0.0.1 B=10.0.0.2\nisn A=1000 B=5000\nlink delay=50ms\n"
        "at 0 B listen 80\nat 10ms A connect B:80 from=40000\n";
    const std::string two_way =
        "expect at 60ms B=ESTABLISHED\nexpect at 110ms A=ESTABLISHED\nexpect no-segment A->B ACK\n"
        "expect call A connect = OK\n";
    CHECK(failures(base, two_way, Hypothesis::TwoWayHandshake).empty());
    CHECK(failures(base, two_way, Hypothesis::None).size() == 2);  // B is SYN_RCVD at 60 ms; the ACK goes
}

TEST_CASE("what if: no TIME_WAIT, the retransmitted FIN meets a RST", "[hypothesis]") {
    // Real TCP (3.10.7.4 TIME-WAIT): the FIN is acknowledged again, B closes cleanly.
    const std::string real =
        "expect at 1.4s A=TIME_WAIT\nexpect segment A->B ACK seq=1002 ack=5002 len=0 by 1.55s\n"
        "expect no-segment A->B RST\nexpect at 1.65s B=CLOSED\nexpect call B connect = OK\n";
    CHECK(failures(kLostLastAck, real, Hypothesis::None).empty());
    // No TIME_WAIT: A is CLOSED at once; with no TCB left, the FIN gets <SEQ=SEG.ACK><CTL=RST> (3.10.7.1).
    const std::string none =
        "expect at 555ms A=CLOSED\nexpect segment A->B RST seq=1002 len=0 by 1.55s\n"
        "expect at 1.65s B=CLOSED\nexpect call B connect = ECONNRESET\n";
    CHECK(failures(kLostLastAck, none, Hypothesis::NoTimeWait).empty());
    CHECK(failures(kLostLastAck, none, Hypothesis::None).size() == 3);
    CHECK(failures(kLostLastAck, real, Hypothesis::NoTimeWait).size() == 3);  // the lost ACK still matches
}

TEST_CASE("what if: no TIME_WAIT, an old duplicate is taken for data of the next incarnation", "[hypothesis]") {
    // Real TCP: the old connection's four-tuple is in TIME_WAIT, connect() fails (3.6.1), nothing mixes.
    const std::string real = "expect call A.new connect = EADDRINUSE\nexpect at 4s A.old=TIME_WAIT\n";
    CHECK(failures(kOldDuplicate, real, Hypothesis::None).empty());
    // No TIME_WAIT: the reconnect succeeds and B's application reads the old bytes as new data.
    const std::string none = "expect call A.new connect = OK\nexpect data B \"0123456789old\" by 3.7s\n";
    CHECK(failures(kOldDuplicate, none, Hypothesis::NoTimeWait).empty());
    CHECK(failures(kOldDuplicate, none, Hypothesis::None).size() == 2);
}

TEST_CASE("what if: a hypothesis cannot be chosen as a profile or a parameter", "[hypothesis]") {
    for (const std::string& name : hypothesis_names()) {
        CHECK_FALSE(profile_by_name(name));
        CHECK_FALSE(parses("hosts A=10.0.0.1\nprofile " + name + "\n"));
        for (const std::string& p : profile_names()) CHECK(p != name);
    }
    Profile p;
    CHECK_FALSE(set_profile_param(p, "hypothesis", "no-time-wait").empty());
    for (const ProfileParam& d : describe(p)) CHECK(d.name.find("hypothesis") == std::string::npos);
    CHECK(p.hypothesis == Hypothesis::None);
    CHECK(hypothesis_by_name("two-way-handshake") == Hypothesis::TwoWayHandshake);
    CHECK(hypothesis_by_name("no-time-wait") == Hypothesis::NoTimeWait);
    CHECK_FALSE(hypothesis_by_name("rfc9293"));
}

TEST_CASE("what if: the trace says so, at the top and on every changed step", "[hypothesis]") {
    Replay what_if(kLostLastAck, Hypothesis::NoTimeWait);
    const nlohmann::json doc = trace_json(what_if.run);
    REQUIRE(doc.contains("hypothesis"));
    CHECK(doc["hypothesis"] == "no-time-wait");
    CHECK(hypothesis_summary(Hypothesis::NoTimeWait, "en").rfind("WHAT IF (not real TCP)", 0) == 0);
    CHECK(hypothesis_summary(Hypothesis::NoTimeWait, "zh").rfind("假设(并非真实的TCP)", 0) == 0);
    int whatif_transitions = 0;
    for (const TraceEntry& t : what_if.run.sim().trace())
        if (t.kind == TraceKind::StateChange && t.key.rfind("rule.whatif.", 0) == 0) ++whatif_transitions;
    CHECK(whatif_transitions == 1);  // A: FIN_WAIT_2 -> CLOSED
    Replay real(kLostLastAck, Hypothesis::None);
    CHECK_FALSE(trace_json(real.run).contains("hypothesis"));
}
