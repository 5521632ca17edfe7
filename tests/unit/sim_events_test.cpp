// The event loop: one event per step, lazily deleted timers, run_until/run, live link changes,
// scheduled notes and the trace's English one-liners.
#include <catch2/catch.hpp>

#include "sim_fixture.h"

using namespace simtest;

static const int A = 0, B = 1;

TEST_CASE("events: one step is one event; cancelled timers are skipped, not counted", "[events]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    CHECK(sim.next_event_time() == 0);
    CHECK(sim.step());  // listen
    CHECK(sim.host_state(B) == State::Listen);
    CHECK(sim.host_state(A) == State::Closed);
    CHECK(sim.step());  // connect
    CHECK(sim.host_state(A) == State::SynSent);
    CHECK(sim.next_event_time() == msec(50));  // the SYN's arrival, not A's retransmission timer
    sim.run();
    // listen, connect, SYN, SYN,ACK, ACK arrive: the two retransmission timers were cancelled.
    CHECK(sim.events_processed() == 5);
    CHECK(sim.now() == msec(150));
    CHECK(sim.next_event_time() == kNever);
    CHECK_FALSE(sim.step());
    CHECK(of_kind(sim, TraceKind::TimerFired).empty());
    CHECK(of_kind(sim, TraceKind::TimerCancelled).size() == 2);
}

TEST_CASE("events: run_until processes events at exactly t and moves the clock to t", "[events]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.run_until(msec(50));  // the SYN arrives at exactly 50 ms
    CHECK(sim.host_state(B) == State::SynRcvd);
    CHECK(sim.now() == msec(50));
    sim.run_until(msec(70));
    CHECK(sim.now() == msec(70));
    CHECK(sim.host_state(A) == State::SynSent);
    // An action scheduled in the past happens now.
    Action late = send(msec(10), A, "x");
    sim.schedule(late);
    CHECK(sim.next_event_time() == msec(70));
}

TEST_CASE("events: TIME_WAIT expiry is an event; run() ends when it has fired", "[events][time_wait]") {
    SimConfig cfg = two_hosts();
    cfg.profile.msl = sec(2);
    Simulator sim(cfg);
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.schedule(on(sec(1), A, Call::Close));
    sim.schedule(on(sec(2), B, Call::Close));
    sim.run();
    const auto fired = of_kind(sim, TraceKind::TimerFired);
    REQUIRE(fired.size() == 1);
    CHECK(fired[0].timer == TimerKind::TimeWait);
    CHECK(fired[0].host == A);
    CHECK(fired[0].key == "timer.time_wait");
    // A's last ACK answers B's FIN (sent at 2 s, arrives 2.05 s): TIME_WAIT lasts 2 MSL from there.
    CHECK(fired[0].time == msec(2050) + sec(4));
    CHECK(sim.now() == fired[0].time);
    CHECK(sim.host_state(A) == State::Closed);
    CHECK(sim.connections_completed() == 2);
}

TEST_CASE("events: set_link changes later segments only, and is replayed by rewind", "[events][link]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.run_until(sec(1));
    LinkParams slow;
    slow.delay = msec(300);
    sim.set_link(A, B, slow);
    sim.schedule(send(sec(1), A, "a"));
    sim.schedule(send(sec(1), B, "b"));
    sim.run_until(sec(3));
    for (const auto& e : sent_by(sim, A))
        if (!e.packet.seg.payload.empty()) CHECK(e.arrival == sec(1) + msec(300));
    for (const auto& e : sent_by(sim, B))
        if (!e.packet.seg.payload.empty()) CHECK(e.arrival == sec(1) + msec(50));  // the other direction
    const std::string original = dump(sim.trace());
    sim.rewind_to(3);
    sim.run_until(sec(3));
    CHECK(dump(sim.trace()) == original);
}

TEST_CASE("events: scheduled notes and expects appear in the trace", "[events][notes]") {
    Simulator sim(two_hosts());
    sim.schedule_note(msec(500), "note", "halfway", 7);
    sim.record_expect(true, "A=CLOSED", 3);
    sim.run();
    const auto notes = of_kind(sim, TraceKind::Note);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].time == msec(500));
    CHECK(notes[0].text == "halfway");
    CHECK(notes[0].line == 7);
    const auto expects = of_kind(sim, TraceKind::Expect);
    REQUIRE(expects.size() == 1);
    CHECK(expects[0].ok);
    CHECK(expects[0].key == "expect.ok");
    CHECK(expects[0].line == 3);
}

TEST_CASE("events: the English one-liners and the narration params", "[events][text]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.run_until(sec(1));
    const auto& t = sim.trace();
    auto find = [&](TraceKind k, int host) -> const TraceEntry& {
        for (const auto& e : t)
            if (e.kind == k && e.host == host) return e;
        FAIL("no entry");
        return t.front();
    };
    const TraceEntry& change = [&]() -> const TraceEntry& {
        for (const auto& e : t)
            if (e.kind == TraceKind::StateChange && e.host == A && e.to == State::Established) return e;
        FAIL("no entry");
        return t.front();
    }();
    CHECK(change.text == "A: SYN_SENT -> ESTABLISHED (rcv SYN,ACK in SYN-SENT: snd ACK, enter ESTABLISHED)");
    CHECK(change.key == "rule.syn_sent.rcv_syn_ack");
    CHECK(change.rule == Rule::SynSentRcvSynAck);
    CHECK(*change.param("from") == "SYN_SENT");
    CHECK(*change.param("rcv_nxt") == "5001");

    const TraceEntry& syn = find(TraceKind::SegmentSent, A);
    CHECK(syn.text == "A -> B: SYN seq=1000 win=65535 len=0, arrives at 0.050s");
    CHECK(syn.key == "segment.sent");
    CHECK(*syn.param("src") == "A");
    CHECK(*syn.param("dst") == "B");
    CHECK(*syn.param("flags") == "SYN");
    CHECK(*syn.param("seq") == "1000");
    CHECK(syn.peer_host == B);
    CHECK(syn.packet_id == 1);

    const TraceEntry& call = find(TraceKind::UserCall, A);
    CHECK(call.key == "call.connect");
    CHECK(call.text == "A: connect(B:80) = OK from port 40000");
    CHECK(*call.param("remote") == "B");
    CHECK(*call.param("port") == "80");
    CHECK(*call.param("result") == "OK");

    const TraceEntry& timer = find(TraceKind::TimerSet, A);
    CHECK(timer.key == "timer.retransmission");
    CHECK(timer.deadline == sec(1));
    CHECK(timer.text == "A: retransmission timer set, expires at 1.000s");
}
