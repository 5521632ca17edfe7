// The terminal ladder diagram, from hand-built traces (so the expected drawing is written here, not
// taken from the engine), and once from a real run of the three-way handshake.
#include <catch2/catch.hpp>

#include <sstream>

#include "export/ladder.h"
#include "scenario/scenario.h"

using namespace tcplab;

namespace {

SimConfig two_hosts() {
    SimConfig c;
    c.hosts = {HostConfig{"A", 0x0a000001u, {}, {}, {}}, HostConfig{"B", 0x0a000002u, {}, {}, {}}};
    return c;
}

TraceEntry segment(Micros t, int from, int to, uint16_t flags, Seq seq, Seq ack, size_t len = 0, Micros arrival = 1) {
    TraceEntry e;
    e.time = t;
    e.kind = TraceKind::SegmentSent;
    e.host = from;
    e.peer_host = to;
    e.packet.src_ip = from == 0 ? 0x0a000001u : 0x0a000002u;
    e.packet.dst_ip = to == 0 ? 0x0a000001u : 0x0a000002u;
    e.packet.seg.src_port = from == 0 ? 40000 : 80;
    e.packet.seg.dst_port = from == 0 ? 80 : 40000;
    e.packet.seg.flags = flags;
    e.packet.seg.seq = seq;
    e.packet.seg.ack = ack;
    e.packet.seg.payload.assign(len, 'x');
    e.arrival = arrival;
    return e;
}

TraceEntry state(Micros t, int host, State from, State to) {
    TraceEntry e;
    e.time = t;
    e.kind = TraceKind::StateChange;
    e.host = host;
    e.from = from;
    e.to = to;
    return e;
}

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

bool contains(const std::vector<std::string>& ls, const std::string& needle) {
    for (const auto& l : ls)
        if (l.find(needle) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("two lifelines: arrows point from sender to receiver, states beside the lifelines") {
    Trace t = {
        state(0, 1, State::Closed, State::Listen),
        state(msec(10), 0, State::Closed, State::SynSent),
        segment(msec(10), 0, 1, kSYN, 1000, 0),
        state(msec(60), 1, State::Listen, State::SynRcvd),
        segment(msec(60), 1, 0, kSYN | kACK, 5000, 1001),
    };
    LadderOptions o;
    o.calls = false;
    auto l = lines(render_ladder(two_hosts(), t, o));
    // The widest label, "SYN,ACK seq=5000 ack=1001 len=0" (31), + 8 -> 39 columns between the lifelines.
    REQUIRE(l.size() == 7);
    CHECK(l[0] == "    time  A 10.0.0.1 |                                       | B 10.0.0.2");
    CHECK(l[1] == "              CLOSED |                                       | CLOSED");
    CHECK(l[2] == "     0ms             |                                       | LISTEN");
    CHECK(l[3] == "    10ms    SYN_SENT |                                       |");
    CHECK(l[4] == "    10ms             |--SYN seq=1000 len=0------------------>|");
    CHECK(l[5] == "    60ms             |                                       | SYN_RCVD");
    CHECK(l[6] == "    60ms             |<-----SYN,ACK seq=5000 ack=1001 len=0--|");
}

TEST_CASE("a lost segment stops halfway with X; retransmissions and duplicates are marked") {
    Trace t = {
        segment(msec(750), 0, 1, kACK, 1002, 5002, 0, -1),
        segment(msec(1700), 1, 0, kFIN | kACK, 5001, 1002),
    };
    t[1].retransmission = true;
    TraceEntry dup = segment(msec(1800), 1, 0, kFIN | kACK, 5001, 1002);
    dup.kind = TraceKind::SegmentDuplicated;
    t.push_back(dup);
    TraceEntry lost_left = segment(msec(1900), 1, 0, kRST, 5002, 0, 0, -1);
    t.push_back(lost_left);
    auto l = lines(render_ladder(two_hosts(), t));
    REQUIRE(l.size() == 6);
    // Widest label "FIN,ACK seq=5001 ack=1002 len=0 (rtx)" is 37 -> 45 columns.
    CHECK(l[2] == "   750ms             |--ACK seq=1002 ack=5002 len=0--X             |");
    CHECK(l[3] == "    1.7s             |<-----FIN,ACK seq=5001 ack=1002 len=0 (rtx)--|");
    CHECK(l[4] == "    1.8s             |<-----FIN,ACK seq=5001 ack=1002 len=0 (dup)--|");
    CHECK(l[5] == "    1.9s             |                     X---RST seq=5002 len=0--|");
}

TEST_CASE("relative numbering subtracts each side's ISN, like Wireshark") {
    Trace t = {
        segment(0, 0, 1, kSYN, 1000, 0),
        segment(msec(50), 1, 0, kSYN | kACK, 5000, 1001),
        segment(msec(100), 0, 1, kACK, 1001, 5001),
        segment(msec(200), 0, 1, kPSH | kACK, 1001, 5001, 10),
        segment(msec(250), 1, 0, kACK, 5001, 1011),
    };
    LadderOptions o;
    o.relative = true;
    auto l = lines(render_ladder(two_hosts(), t, o));
    CHECK(contains(l, "--SYN seq=0 len=0-"));
    CHECK(contains(l, "-SYN,ACK seq=0 ack=1 len=0--|"));
    CHECK(contains(l, "--ACK seq=1 ack=1 len=0-"));
    CHECK(contains(l, "--PSH,ACK seq=1 ack=1 len=10-"));
    CHECK(contains(l, "-ACK seq=1 ack=11 len=0--|"));
    // Absolute by default.
    auto a = lines(render_ladder(two_hosts(), t));
    CHECK(contains(a, "--SYN seq=1000 len=0-"));
    CHECK(contains(a, "-ACK seq=5001 ack=1011 len=0--|"));
}

TEST_CASE("notes come first among the rows of their time") {
    TraceEntry note;
    note.time = msec(10);
    note.kind = TraceKind::Note;
    note.text = "A sends SYN";
    Trace t = {segment(msec(10), 0, 1, kSYN, 1000, 0), note};
    auto l = lines(render_ladder(two_hosts(), t));
    REQUIRE(l.size() == 4);
    CHECK(l[2] == "    10ms  note: A sends SYN");
    CHECK(l[3].find("--SYN seq=1000 len=0-") != std::string::npos);
}

TEST_CASE("more than two hosts: one line per event") {
    SimConfig c = two_hosts();
    c.hosts.push_back(HostConfig{"C", 0x0a000003u, {}, {}, {}});
    TraceEntry s = segment(msec(5), 0, 2, kSYN, 1, 0);
    Trace t = {s, state(msec(5), 0, State::Closed, State::SynSent), segment(msec(9), 2, 0, kRST | kACK, 0, 2, 0, -1)};
    auto l = lines(render_ladder(c, t));
    REQUIRE(l.size() == 3);
    CHECK(l[0] == "     5ms  A -> C  SYN seq=1 len=0");
    CHECK(l[1] == "     5ms  A       SYN_SENT");
    CHECK(l[2] == "     9ms  C -> A  RST,ACK seq=0 ack=2 len=0  X lost");
}

TEST_CASE("a real run: the handshake draws exactly the RFC's three segments") {
    auto r = parse_scenario("hosts A=10.0.0.1 B=10.0.0.2\nisn A=1000 B=5000\nlink delay=50ms\nend 1s\n"
                            "at 0 B listen 80\nat 10ms A connect B:80 from=40000\n",
                            "h.scn");
    REQUIRE(std::holds_alternative<Scenario>(r));
    ScenarioRun run(std::get<Scenario>(r));
    run.run_to_end();
    auto l = lines(render_ladder(run.sim().config(), run.sim().trace()));
    std::vector<std::string> arrows;
    for (const auto& x : l)
        if (x.find("-->|") != std::string::npos || x.find("|<-") != std::string::npos) arrows.push_back(x);
    REQUIRE(arrows.size() == 3);
    CHECK(arrows[0].find("    10ms") == 0);
    CHECK(arrows[0].find("|--SYN seq=1000 len=0-") != std::string::npos);
    CHECK(arrows[1].find("    60ms") == 0);
    CHECK(arrows[1].find("|<-") != std::string::npos);
    CHECK(arrows[1].find("SYN,ACK seq=5000 ack=1001 len=0--|") != std::string::npos);
    CHECK(arrows[2].find("   110ms") == 0);
    CHECK(arrows[2].find("|--ACK seq=1001 ack=5001 len=0-") != std::string::npos);
    CHECK(contains(l, "   110ms  ESTABLISHED |"));
    CHECK(contains(l, "| ESTABLISHED"));
}
