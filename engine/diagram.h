// The TCP connection state diagram as data: RFC 9293 section 3.3.2, Figure 5 (RFC 793 Figure 6),
// with the transitions the figure leaves out (its notes 2 and 3): FIN_WAIT_1 -> TIME_WAIT on FIN,ACK,
// and the RST and timeout exits to CLOSED. The UI draws it, the coverage report counts its edges,
// and the property test checks that every observed state change is one of them.
#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "rules.h"
#include "state.h"

namespace tcplab {

// Where the course notes' figure colours an edge: blue is the client's normal path, red the
// server's; everything else is drawn plain.
enum class EdgePath : uint8_t { Other, Client, Server };

// Normal: an edge of the RFC figure (plus FIN_WAIT_1 -> TIME_WAIT, its note 2).
// Reset: a RST received or sent (ABORT, SO_LINGER 0, close with unread data) ends the connection.
// Timeout: retransmissions exhausted, or the FIN_WAIT_2 timer (not 2MSL: that is a Normal edge).
enum class EdgeKind : uint8_t { Normal, Reset, Timeout };

struct DiagramNode {
    State state;
    // Layout of the RFC figure, normalized: x 0 (left) .. 1 (right), y 0 (top) .. 1 (bottom).
    float x, y;
    // CLOSED is drawn twice in the RFC figure (top and bottom right); it is one node. Edges with
    // `to_alt` are drawn to this second position. Equal to x, y for every other state.
    float alt_x, alt_y;
};

struct DiagramEdge {
    State from;
    State to;
    const char* key;      // stable id, e.g. "syn_sent.established"; message key "edge.<key>"
    const char* en;       // "event / action" as the RFC figure writes it: "rcv SYN,ACK / snd ACK"
    const char* zh;       // the same in the course notes' terms
    EdgePath path;
    EdgeKind kind;
    const char* section;  // RFC 9293 section that specifies it
    bool to_alt;          // draw to the target's alternate position (the bottom CLOSED)
};

// The 11 nodes, indexed by State.
std::span<const DiagramNode> diagram_nodes();
const DiagramNode& diagram_node(State s);
// Every edge, in a fixed order (the RFC figure top to bottom, then the reset and timeout exits).
std::span<const DiagramEdge> diagram_edges();
// Index of the edge with this key ("syn_sent.established"), if any.
std::optional<size_t> find_edge(std::string_view key);
std::optional<size_t> find_edge(State from, State to, EdgeKind kind);

// How a rule ends a connection: Reset for the RST and ABORT rules, Timeout for retransmissions
// exhausted and the FIN_WAIT_2 timer, Normal otherwise. A new rule that closes a connection must be
// listed in diagram.cpp (tests/unit/diagram_test.cpp and coverage_test.cpp catch a missing one).
EdgeKind rule_exit_kind(Rule rule);

// Classifies an observed transition (a StateChange trace entry) to a diagram edge index, or
// nullopt when the transition is not on the diagram (which the property test reports as a bug).
std::optional<size_t> classify_transition(State from, State to, Rule rule);

const char* edge_kind_name(EdgeKind k);  // "normal", "reset", "timeout"
const char* edge_path_name(EdgePath p);  // "other", "client", "server"

}  // namespace tcplab
