// State-diagram coverage (engine/export/coverage.h): the classification of trace entries, and the
// lesson library's promise that every edge of the diagram is exercised by some scenario.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "diagram.h"
#include "export/coverage.h"

using namespace tcplab;

static TraceEntry state_change(State from, State to, Rule rule) {
    TraceEntry e;
    e.kind = TraceKind::StateChange;
    e.from = from;
    e.to = to;
    e.rule = rule;
    return e;
}

static std::string key_of(size_t edge) { return diagram_edges()[edge].key; }

TEST_CASE("coverage: state changes map to edges, other entries are ignored", "[coverage]") {
    Trace t;
    t.push_back(state_change(State::Closed, State::SynSent, Rule::OpenActive));
    TraceEntry note;
    note.kind = TraceKind::Note;
    t.push_back(note);
    t.push_back(state_change(State::SynSent, State::Established, Rule::SynSentRcvSynAck));
    t.push_back(state_change(State::Closed, State::SynSent, Rule::OpenActive));  // repeated: counted once
    t.push_back(state_change(State::Established, State::Closed, Rule::RstReset));
    t.push_back(state_change(State::FinWait1, State::Closed, Rule::DataTimeout));
    std::vector<OffDiagram> off;
    auto edges = edges_in_trace(t, &off);
    REQUIRE(edges.size() == 4);
    CHECK(key_of(edges[0]) == "closed.syn_sent");
    CHECK(key_of(edges[1]) == "syn_sent.established");
    CHECK(key_of(edges[2]) == "established.closed.rst");
    CHECK(key_of(edges[3]) == "fin_wait_1.closed.timeout");
    CHECK(off.empty());
}

TEST_CASE("coverage: a transition that is not on the diagram is reported", "[coverage]") {
    Trace t;
    t.push_back(state_change(State::Closed, State::Established, Rule::None));
    CoverageBuilder b;
    b.add("bad", t);
    REQUIRE(b.report().off_diagram.size() == 1);
    CHECK(b.report().off_diagram[0].scenario == "bad");
    CHECK(b.report().uncovered().size() == diagram_edges().size());
    CHECK_FALSE(b.report().complete());
}

TEST_CASE("coverage: the rule decides between the RST, timeout and normal exits to CLOSED", "[coverage]") {
    auto k = [](State from, Rule r) { return key_of(*classify_transition(from, State::Closed, r)); };
    CHECK(k(State::SynSent, Rule::SynSentRcvRst) == "syn_sent.closed.rst");
    CHECK(k(State::SynSent, Rule::SynSentTimeout) == "syn_sent.closed.timeout");
    CHECK(k(State::SynSent, Rule::CloseInSynSent) == "syn_sent.closed");
    CHECK(k(State::SynRcvd, Rule::SynRcvdTimeout) == "syn_rcvd.closed.timeout");
    CHECK(k(State::SynRcvd, Rule::SynRcvdRstActive) == "syn_rcvd.closed.rst");
    CHECK(k(State::LastAck, Rule::LastAckAckOfFin) == "last_ack.closed");
    CHECK(k(State::LastAck, Rule::RstInClosingStates) == "last_ack.closed.rst");
    CHECK(k(State::LastAck, Rule::DataTimeout) == "last_ack.closed.timeout");
    CHECK(k(State::TimeWait, Rule::TimeWaitTimeout) == "time_wait.closed");
    CHECK(k(State::TimeWait, Rule::RstInClosingStates) == "time_wait.closed.rst");
    CHECK(k(State::FinWait2, Rule::FinWait2Timeout) == "fin_wait_2.closed.timeout");
    CHECK(k(State::Established, Rule::Linger0Abort) == "established.closed.rst");
    CHECK(k(State::Established, Rule::SynInWindowReset) == "established.closed.rst");
    CHECK(k(State::CloseWait, Rule::AbortSendRst) == "close_wait.closed.rst");
    CHECK(k(State::Listen, Rule::CloseInListen) == "listen.closed");
    CHECK(k(State::Listen, Rule::AbortUnsynchronized) == "listen.closed");
    CHECK(key_of(*classify_transition(State::SynRcvd, State::Listen, Rule::SynRcvdRstPassive)) == "syn_rcvd.listen");
}

// The lesson library (scenarios/) exercises every edge of the diagram: the RFC figure, note 2
// (FIN_WAIT_1 -> TIME_WAIT), and the RST and timeout exits; and no scenario makes a transition that
// is not on the diagram.
TEST_CASE("coverage: the lesson library covers every edge of the state diagram", "[coverage][scenarios]") {
    CoverageReport report = coverage_of_directory(std::string(TCPLAB_SOURCE_DIR) + "/scenarios");
    INFO(format_coverage(report));
    CHECK(report.errors.empty());
    REQUIRE(report.scenarios.size() >= 22);
    for (size_t i : report.uncovered()) {
        INFO("uncovered: " << diagram_edges()[i].key);
        CHECK(false);
    }
    CHECK(report.off_diagram.empty());
    // The edges the issue names explicitly.
    for (const char* key : {"closed.listen", "listen.syn_sent", "syn_rcvd.listen", "syn_sent.syn_rcvd",
                            "syn_rcvd.fin_wait_1", "fin_wait_1.closing", "fin_wait_1.time_wait", "closing.time_wait",
                            "time_wait.closed", "syn_sent.closed.rst", "syn_sent.closed.timeout",
                            "fin_wait_2.closed.timeout", "syn_rcvd.closed.rst"}) {
        INFO(key);
        auto e = find_edge(key);
        REQUIRE(e);
        CHECK_FALSE(report.by_edge[*e].empty());
    }
}
