// The state diagram data (engine/diagram.h) against RFC 9293 Figure 5 and its notes.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "diagram.h"

using namespace tcplab;

static bool has_edge(State from, State to, EdgeKind kind) { return find_edge(from, to, kind).has_value(); }

TEST_CASE("diagram: one node per state, indexed by State", "[diagram]") {
    REQUIRE(diagram_nodes().size() == static_cast<size_t>(kStateCount));
    for (int i = 0; i < kStateCount; ++i) {
        const auto& n = diagram_nodes()[i];
        CHECK(static_cast<int>(n.state) == i);
        CHECK(n.x >= 0.0f);
        CHECK(n.x <= 1.0f);
        CHECK(n.y >= 0.0f);
        CHECK(n.y <= 1.0f);
    }
    // Figure 5 layout: CLOSED on top, SYN_RCVD left of SYN_SENT, ESTABLISHED between them and below,
    // TIME_WAIT at the bottom, the active close on the left and the passive close on the right.
    CHECK(diagram_node(State::Closed).y < diagram_node(State::Listen).y);
    CHECK(diagram_node(State::SynRcvd).x < diagram_node(State::SynSent).x);
    CHECK(diagram_node(State::Established).y > diagram_node(State::SynSent).y);
    CHECK(diagram_node(State::FinWait1).x < diagram_node(State::CloseWait).x);
    CHECK(diagram_node(State::TimeWait).y > diagram_node(State::FinWait2).y);
    CHECK(diagram_node(State::Closed).alt_y > 0.9f);
}

TEST_CASE("diagram: every edge of RFC 9293 Figure 5 and note 2 is present", "[diagram]") {
    using S = State;
    const std::pair<S, S> figure[] = {
        {S::Closed, S::Listen}, {S::Closed, S::SynSent}, {S::Listen, S::SynRcvd}, {S::Listen, S::SynSent},
        {S::Listen, S::Closed}, {S::SynSent, S::SynRcvd}, {S::SynSent, S::Established}, {S::SynSent, S::Closed},
        {S::SynRcvd, S::Established}, {S::SynRcvd, S::FinWait1}, {S::Established, S::FinWait1},
        {S::Established, S::CloseWait}, {S::FinWait1, S::FinWait2}, {S::FinWait1, S::Closing},
        {S::FinWait1, S::TimeWait}, {S::FinWait2, S::TimeWait}, {S::CloseWait, S::LastAck},
        {S::Closing, S::TimeWait}, {S::LastAck, S::Closed}, {S::TimeWait, S::Closed},
    };
    for (auto [from, to] : figure) {
        INFO(state_name(from) << " -> " << state_name(to));
        CHECK(has_edge(from, to, EdgeKind::Normal));
    }
    // Note 1: RST in SYN_RCVD returns to LISTEN after a passive open, to CLOSED after an active one.
    CHECK(has_edge(S::SynRcvd, S::Listen, EdgeKind::Reset));
    CHECK(has_edge(S::SynRcvd, S::Closed, EdgeKind::Reset));
}

TEST_CASE("diagram: RST exits from every synchronized state, timeout exits", "[diagram]") {
    using S = State;
    for (S s : {S::Established, S::FinWait1, S::FinWait2, S::CloseWait, S::Closing, S::LastAck, S::TimeWait}) {
        INFO(state_name(s));
        CHECK(has_edge(s, S::Closed, EdgeKind::Reset));
    }
    CHECK(has_edge(S::SynSent, S::Closed, EdgeKind::Reset));
    for (S s : {S::SynSent, S::SynRcvd, S::Established, S::FinWait1, S::FinWait2, S::CloseWait, S::Closing, S::LastAck}) {
        INFO(state_name(s));
        CHECK(has_edge(s, S::Closed, EdgeKind::Timeout));
    }
    // 2MSL expiry is the figure's own edge, not a failure exit.
    CHECK_FALSE(has_edge(S::TimeWait, S::Closed, EdgeKind::Timeout));
}

TEST_CASE("diagram: keys are unique and labels are filled in both languages", "[diagram]") {
    std::set<std::string> keys;
    for (const auto& e : diagram_edges()) {
        INFO(e.key);
        CHECK(keys.insert(e.key).second);
        CHECK(std::string(e.en).find(" / ") != std::string::npos);
        CHECK(std::string(e.zh).size() > 0);
        CHECK(std::string(e.section).size() > 0);
        CHECK(find_edge(e.key) == find_edge(e.from, e.to, e.kind));
        // Only the paths the notes colour (client blue, server red) are normal edges.
        if (e.path != EdgePath::Other) CHECK(e.kind == EdgeKind::Normal);
    }
}

TEST_CASE("diagram: the course notes' client and server paths", "[diagram]") {
    auto path_of = [](const char* key) { return diagram_edges()[*find_edge(key)].path; };
    for (const char* k : {"closed.syn_sent", "syn_sent.established", "established.fin_wait_1", "fin_wait_1.fin_wait_2",
                          "fin_wait_2.time_wait", "time_wait.closed"})
        CHECK(path_of(k) == EdgePath::Client);
    for (const char* k : {"closed.listen", "listen.syn_rcvd", "syn_rcvd.established", "established.close_wait",
                          "close_wait.last_ack", "last_ack.closed"})
        CHECK(path_of(k) == EdgePath::Server);
}

TEST_CASE("diagram: classify_transition", "[diagram]") {
    using S = State;
    auto key_of = [](std::optional<size_t> e) { return e ? std::string(diagram_edges()[*e].key) : std::string("-"); };
    CHECK(key_of(classify_transition(S::Closed, S::SynSent, Rule::OpenActive)) == "closed.syn_sent");
    CHECK(key_of(classify_transition(S::Closed, S::Listen, Rule::OpenPassive)) == "closed.listen");
    CHECK(key_of(classify_transition(S::SynSent, S::Established, Rule::None)) == "syn_sent.established");
    CHECK(key_of(classify_transition(S::Established, S::Closed, Rule::Linger0Abort)) == "established.closed.rst");
    CHECK(key_of(classify_transition(S::CloseWait, S::Closed, Rule::CloseWithUnreadData)) == "close_wait.closed.rst");
    CHECK(key_of(classify_transition(S::FinWait2, S::Closed, Rule::None)) == "fin_wait_2.closed.timeout");
    CHECK(key_of(classify_transition(S::TimeWait, S::Closed, Rule::None)) == "time_wait.closed");
    // Not on the diagram.
    CHECK_FALSE(classify_transition(S::Closed, S::Established, Rule::None));
    CHECK_FALSE(classify_transition(S::TimeWait, S::Established, Rule::None));
    CHECK_FALSE(classify_transition(S::Established, S::Closed, Rule::OpenActive));
}

TEST_CASE("diagram: every rule that closes a connection has an exit kind", "[diagram]") {
    // Rules whose text says the connection enters CLOSED must be classified (a new one added to
    // rules.def without a line in diagram.cpp fails here); the 2MSL expiry is the normal edge.
    for (int i = 1; i < kRuleCount; ++i) {
        auto r = static_cast<Rule>(i);
        std::string key = rule_info(r).key, en = rule_info(r).en;
        INFO(key << ": " << en);
        bool enters_closed = en.find("enter CLOSED") != std::string::npos || en.find("ABORT") != std::string::npos ||
                             en.find("RST instead of FIN") != std::string::npos;
        if (key.rfind("whatif.", 0) == 0) continue;  // not TCP: on no edge (checked below)
        if (!enters_closed || r == Rule::CloseInListen || r == Rule::CloseInSynSent || r == Rule::LastAckAckOfFin ||
            r == Rule::TimeWaitTimeout)
            continue;
        CHECK(rule_exit_kind(r) != EdgeKind::Normal);
    }
    CHECK(rule_exit_kind(Rule::TimeWaitTimeout) == EdgeKind::Normal);
    CHECK(rule_exit_kind(Rule::LastAckAckOfFin) == EdgeKind::Normal);
    CHECK(rule_exit_kind(Rule::RstReset) == EdgeKind::Reset);
    CHECK(rule_exit_kind(Rule::FinWait2Timeout) == EdgeKind::Timeout);
    // FIN_WAIT_2 -> CLOSED under the no-TIME_WAIT hypothesis is not the FIN_WAIT_2 timer's edge.
    CHECK_FALSE(classify_transition(State::FinWait2, State::Closed, Rule::WhatIfNoTimeWait));
    CHECK_FALSE(classify_transition(State::Listen, State::Established, Rule::WhatIfListenSynEstablished));
    CHECK(classify_transition(State::FinWait2, State::Closed, Rule::FinWait2Timeout));
}
