// Scripted faults (drop Nth, drop/delay/duplicate matching, inject) and the live toggles the
// browser uses (drop the next segment from a host, drop a segment in flight).
#include <catch2/catch.hpp>

#include "sim_fixture.h"

using namespace simtest;

static const int A = 0, B = 1;

static void handshake_and_close(Simulator& sim) {
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.schedule(on(msec(500), A, Call::Close));
    sim.schedule(on(msec(800), B, Call::Close));
}

static int count_drops(const Simulator& sim, const std::string& key) {
    int n = 0;
    for (const auto& e : of_kind(sim, TraceKind::SegmentDropped))
        if (e.key == key) ++n;
    return n;
}

TEST_CASE("fault: drop the Nth segment a host sends", "[fault][drop_nth]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    Fault f;
    f.kind = Fault::Kind::DropNth;
    f.host = A;
    f.nth = 1;  // the SYN
    sim.add_fault(f);
    sim.run_until(sec(2));
    const auto a = sent_by(sim, A);
    REQUIRE(a.size() >= 2);
    CHECK(a[0].arrival == -1);
    CHECK(count_drops(sim, "drop.fault") == 1);
    CHECK(a[1].retransmission);
    CHECK(a[1].time == sec(1));  // initial RTO
    CHECK(a[1].packet.seg.seq == 1000);
    CHECK(a[1].arrival == sec(1) + msec(50));
    CHECK(sim.host_state(A) == State::Established);
}

TEST_CASE("fault: drop the next FIN from B; its retransmission gets through", "[fault][drop_matching]") {
    Simulator sim(two_hosts());
    handshake_and_close(sim);
    sim.add_fault(matching(Fault::Kind::DropMatching, B, kFIN));
    sim.run_until(sec(5));
    std::vector<TraceEntry> fins;
    for (const auto& e : sent_by(sim, B))
        if (e.packet.seg.has(kFIN)) fins.push_back(e);
    REQUIRE(fins.size() == 2);
    CHECK(fins[0].arrival == -1);
    CHECK(fins[1].retransmission);
    CHECK(fins[1].arrival > 0);
    CHECK(count_drops(sim, "drop.fault") == 1);
    CHECK(sim.host_state(A) == State::TimeWait);
    CHECK(sim.host_state(B) == State::Closed);
}

TEST_CASE("fault: matching respects `after` and `count` = all", "[fault][drop_matching]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.schedule(send(msec(300), A, "x"));
    Fault f = matching(Fault::Kind::DropMatching, A, kACK);
    f.after = msec(200);  // the handshake's ACK at 100 ms passes
    f.count = 0;          // all
    sim.add_fault(f);
    sim.run_until(sec(4));
    CHECK(sim.host_state(B) == State::Established);
    int dropped = 0;
    for (const auto& e : sent_by(sim, A))
        if (e.time >= msec(200)) {
            CHECK(e.arrival == -1);
            ++dropped;
        }
    CHECK(dropped >= 2);  // the data and its retransmissions
    CHECK(sim.app_received(B, "").empty());
}

TEST_CASE("fault: delay a matching segment", "[fault][delay]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.add_fault(matching(Fault::Kind::DelayMatching, A, kACK, msec(500)));
    sim.run_until(sec(1));
    const auto a = sent_by(sim, A);
    REQUIRE(a.size() == 2);
    CHECK(a[1].time == msec(100));
    CHECK(a[1].arrival == msec(100) + msec(50) + msec(500));
    CHECK(has_transition(sim, B, State::SynRcvd, State::Established));
    for (const auto& e : of_kind(sim, TraceKind::StateChange))
        if (e.host == B && e.to == State::Established) CHECK(e.time == msec(650));
}

TEST_CASE("fault: duplicate a matching segment; the copy arrives `extra_delay` later", "[fault][duplicate]") {
    Simulator sim(two_hosts());
    handshake_and_close(sim);
    sim.add_fault(matching(Fault::Kind::DuplicateMatching, A, kFIN, msec(100)));
    sim.run_until(sec(2));
    const auto dups = of_kind(sim, TraceKind::SegmentDuplicated);
    REQUIRE(dups.size() == 1);
    CHECK(dups[0].packet.seg.has(kFIN));
    CHECK(dups[0].arrival == msec(500) + msec(50) + msec(100));
    int fin_arrivals = 0;
    for (const auto& e : of_kind(sim, TraceKind::SegmentDelivered))
        if (e.host == B && e.packet.seg.has(kFIN)) ++fin_arrivals;
    CHECK(fin_arrivals == 2);
    CHECK(dups[0].packet_id != 0);
}

TEST_CASE("fault: inject a crafted RST at the exact RCV.NXT resets the connection", "[fault][inject]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.add_fault(inject(A, B, sec(1), kRST, 1001));  // from A's address, with its connection's ports
    sim.run_until(sec(2));
    const auto inj = of_kind(sim, TraceKind::SegmentInjected);
    REQUIRE(inj.size() == 1);
    CHECK(inj[0].time == sec(1));
    CHECK(inj[0].arrival == sec(1) + msec(50));
    CHECK(inj[0].packet.seg.src_port == 40000);
    CHECK(inj[0].packet.seg.dst_port == 80);
    CHECK(sim.host_state(B) == State::Closed);
    CHECK(sim.socket_error(B, "") == SocketError::ConnReset);
    CHECK(sim.host_state(A) == State::Established);  // A knows nothing about it
}

TEST_CASE("fault: inject a spoofed SYN to a closed port gets RST,ACK to the spoofed address", "[fault][inject]") {
    Simulator sim(two_hosts());
    Fault f = inject(-1, B, msec(5), kSYN, 777);
    f.src_ip = 0x0A000063u;  // nobody
    f.segment.src_port = 1234;
    f.segment.dst_port = 99;
    sim.add_fault(f);
    sim.run();
    CHECK(has_rule(sim, Rule::ClosedPortReset, B));
    const auto b = sent_by(sim, B);
    REQUIRE(b.size() == 1);
    CHECK(b[0].packet.seg.flags == (kRST | kACK));
    CHECK(b[0].packet.seg.ack == 778);
    CHECK(b[0].packet.dst_ip == 0x0A000063u);
    CHECK(count_drops(sim, "drop.no_host") == 1);
}

TEST_CASE("fault: live drop of the next segment from a host", "[fault][live]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(msec(10), A, B, 80));
    sim.run_until(msec(5));
    sim.drop_next_from(A);
    sim.run_until(sec(2));
    const auto a = sent_by(sim, A);
    REQUIRE(a.size() >= 2);
    CHECK(a[0].arrival == -1);
    CHECK(count_drops(sim, "drop.live") == 1);
    CHECK(a[1].retransmission);
    CHECK(sim.host_state(A) == State::Established);
}

TEST_CASE("fault: live drop of a segment in flight (the UI clicks it)", "[fault][live]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.run_until(msec(20));
    const auto a = sent_by(sim, A);
    REQUIRE(a.size() == 1);
    CHECK(sim.drop_in_flight(a[0].packet_id));
    CHECK_FALSE(sim.drop_in_flight(a[0].packet_id));  // already gone
    CHECK_FALSE(sim.drop_in_flight(999999));
    sim.run_until(msec(500));
    CHECK(count_drops(sim, "drop.live") == 1);
    CHECK(of_kind(sim, TraceKind::SegmentDelivered).empty());
    CHECK(sim.host_state(B) == State::Listen);
    CHECK(sim.host_state(A) == State::SynSent);
}

TEST_CASE("fault: 100% loss on a link drops with key drop.loss", "[fault][loss]") {
    SimConfig cfg = two_hosts();
    cfg.link.loss = 1.0;
    cfg.profile.syn_retries = 1;
    Simulator sim(cfg);
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.run();
    CHECK(count_drops(sim, "drop.loss") == 2);
    CHECK(of_kind(sim, TraceKind::SegmentDelivered).empty());
}

TEST_CASE("fault: a spoofed injected segment can be dropped in flight too", "[fault][live][inject]") {
    Simulator sim(two_hosts());
    Fault f = inject(-1, B, msec(5), kSYN, 1);
    f.src_ip = 0xC0A80001u;  // 192.168.0.1, no host
    f.segment.src_port = 1;
    f.segment.dst_port = 2;
    sim.add_fault(f);
    sim.run_until(msec(10));
    const auto inj = of_kind(sim, TraceKind::SegmentInjected);
    REQUIRE(inj.size() == 1);
    CHECK(inj[0].text == "192.168.0.1 -> B: injected SYN seq=1 win=0 len=0, arrives at 0.055s");
    CHECK(sim.drop_in_flight(inj[0].packet_id));
    sim.run();
    const auto drops = of_kind(sim, TraceKind::SegmentDropped);
    REQUIRE(drops.size() == 1);
    CHECK(drops[0].key == "drop.live");
    CHECK(drops[0].text.rfind("192.168.0.1 -> B: ", 0) == 0);
    CHECK(sent_by(sim, B).empty());
}
