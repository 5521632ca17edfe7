// The simulator's state: plain data only (no pointers between objects), so that copying a
// Simulator copies a whole, independent simulation (snapshots, time travel).
// Internal to the engine: front ends use sim.h.
//   sim.cpp      event queue, driving, inputs log and replay, public API
//   host.cpp     hosts and the BSD-style socket layer; SimEnv, the Env the endpoints call
//   wire.cpp     segments on the wire: faults, channel, arrival, demultiplexing
//   trace_text.cpp  the English one-liners of the trace
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "channel.h"
#include "event_queue.h"
#include "rng.h"
#include "sim.h"
#include "tcp_endpoint.h"

namespace tcplab {

// A socket: one endpoint plus what the socket layer keeps around it.
struct Conn {
    int id = -1;
    int host = -1;
    std::string socket;
    Endpoint ep;
    bool listener = false;         // a listen() socket (its endpoint stays in LISTEN)
    int parent = -1;               // the listener a passive child came from
    // Listener
    int backlog = 0;
    bool manual_accept = false;
    int embryonic = 0;             // children in SYN_RCVD
    std::vector<int> accept_queue; // established children waiting for accept() (manual mode)
    std::vector<int> unclaimed;    // auto-accept: children no Accept call has named yet
    // Child
    bool accepted = false;
    // Application side
    std::optional<Seq> isn;        // connect's ISN override
    SocketError error = SocketError::None;
    // The connection's asynchronous error (reset, timeout) not yet returned by a send or recv:
    // like SO_ERROR, the first of them reports it, later ones see EPIPE / end of stream.
    SocketError pending_error = SocketError::None;
    bool failed = false;           // the connection ended with such an error
    std::vector<uint8_t> app_received;
    bool autorecv = true;
    bool linger0 = false;
    bool was_established = false;
    bool registered = false;       // in the 4-tuple demultiplexing table, under `tuple`
    std::pair<uint64_t, uint64_t> tuple{0, 0};
    uint64_t listen_key = 0;       // a listener's key in the listeners table
    bool discarded = false;        // a child that went back to LISTEN
    bool embryonic_counted = false; // counted in the listener's embryonic total
    Micros timer_known[kTimerCount] = {kNever, kNever, kNever, kNever};
};

struct Host {
    std::string name;
    uint32_t ip = 0;
    Profile profile;
    std::optional<Seq> isn;
    uint32_t connections_opened = 0;  // ISN rule: isn + 64000 * connections_opened
    uint16_t next_port = 40000;
    int last_conn = -1;               // last connected or accepted socket
    int listener = -1;                // last listen() socket
    uint64_t segments_sent = 0;       // counts every segment put on the wire (DropNth)
    int drop_next = 0;                // live: drop this many next segments
    std::map<std::string, int> sockets;
};

// A segment on the wire.
struct Flight {
    uint64_t id = 0;
    bool live = false;
    int from = -1;
    int to = -1;
    Packet pkt;
};

// Everything the user or scenario put in, in order, with the point (events processed, time) at
// which it was added: replaying this log from the config rebuilds the same simulation.
struct Input {
    enum class Kind : uint8_t { Schedule, AddFault, DropNext, DropInFlight, SetLink, Note, Expect, ScheduleNote };
    Kind kind = Kind::Schedule;
    uint64_t count = 0;
    Micros now = 0;
    uint32_t index = 0;  // into actions / faults / misc
};
struct MiscInput {
    int a = -1, b = -1;
    uint64_t id = 0;
    LinkParams link;
    std::string key, text;
    int line = 0;
    bool ok = true;
    Micros at = 0;
};
struct Inputs {
    std::vector<Input> log;
    std::vector<Action> actions;
    std::vector<Fault> faults;
    std::vector<MiscInput> misc;
};

struct SimCore {
    explicit SimCore(SimConfig cfg);

    SimConfig config;
    bool tracing = true;
    Rng rng;
    std::vector<Host> hosts;
    std::vector<Channel> channels;  // [from * n + to]
    std::map<int, Conn> conns;      // by id; node-based, so references survive insertions
    int next_conn_id = 0;
    std::map<std::pair<uint64_t, uint64_t>, int> by_tuple;  // (local ip:port, remote ip:port)
    std::map<uint64_t, int> listeners;                      // local ip:port
    EventQueue queue;
    std::vector<Flight> flights;
    std::vector<uint32_t> free_flights;
    uint64_t next_packet_id = 1;
    Micros now = 0;
    uint64_t events = 0;
    Trace trace;
    Inputs inputs;
    size_t applied = 0;             // inputs.log entries applied so far
    bool await_expects = false;     // after restore(): logged Expect entries wait for record_expect
    std::vector<int> active_faults; // indexes into inputs.faults, in the order added
    std::vector<int> fault_hits;    // per inputs.faults index: segments affected so far
    std::vector<int> to_read;       // autorecv reads owed at the end of the event
    std::vector<int> to_reap;
    // Set while a segment is being delivered: a listener's reply goes back to its source.
    uint32_t arriving_src_ip = 0;
    bool mute = false;              // suppress endpoint trace hooks (a child's silent LISTEN setup)
    int firing_conn = -1;
    int calling_conn = -1;          // the socket a user call is running on
    int firing_timer = -1;
    uint64_t stat_segments = 0;
    uint64_t stat_completed = 0;

    // --- sim.cpp ----------------------------------------------------------------------------
    void push(Event e);
    bool step();
    void add_input(Input::Kind kind, uint32_t index);
    void add_expect(uint32_t index);  // never a new branch: an expectation does not change the future
    bool expect_waits(const Input& in) const;
    void apply(const Input& in);
    void apply_pending();
    TraceEntry* add_entry(TraceKind kind, int host, int conn);  // nullptr when not tracing
    // Segment* entries: packet fields, and params src, dst, flags, seq, ack, len, win for narration.
    TraceEntry* add_segment_entry(TraceKind kind, int host, int conn, const char* key, uint64_t packet_id,
                                  int from, int to, const Packet& pkt);
    void finish_step();

    // --- host.cpp: the socket layer ----------------------------------------------------------
    Conn* conn(int id);
    const Conn* conn(int id) const;
    Conn* find_socket(int host, const std::string& name);
    const Conn* find_socket(int host, const std::string& name) const;
    int default_socket(int host) const;
    Conn& new_conn(int host, const std::string& name, const Profile& p);
    void do_action(const Action& a);
    void register_tuple(Conn& c);
    void register_listener(Conn& c);
    void unregister(Conn& c);
    int spawn_child(Conn& listener, const Packet& pkt);  // the child's id, or -1
    void app_read(Conn& c, size_t max);
    void user_result(Conn& c, const char* call, SocketError e);
    void discard(Conn& c);
    void leave_embryonic(Conn& c);
    bool in_call_conn_is(int id) const { return calling_conn == id; }

    // --- wire.cpp ---------------------------------------------------------------------------
    // Puts a segment on the wire from host `from` (faults, channel, trace).
    void send_packet(int from, int conn, Packet pkt, bool retransmission);
    void deliver(uint32_t slot);
    void inject(const Fault& f);
    int host_by_ip(uint32_t ip) const;
    std::string route(int from, int to, const Packet& p) const;  // "A -> B" (addresses for unknown hosts)
    Channel& channel(int from, int to) { return channels[static_cast<size_t>(from) * hosts.size() + static_cast<size_t>(to)]; }
    uint32_t new_flight(int from, int to, const Packet& pkt);
};

// The Env the endpoints see: a short-lived view of the core, made on the stack for each call.
class SimEnv final : public Env {
public:
    explicit SimEnv(SimCore& core) : s_(core) {}
    Micros now() const override { return s_.now; }
    Seq choose_isn(const Endpoint& ep) override;
    void output(const Endpoint& ep, Segment seg, bool retransmission) override;
    void timer_changed(const Endpoint& ep, TimerKind kind) override;
    bool tracing() const override { return s_.tracing && !s_.mute; }
    void trace_state(const Endpoint& ep, State from, State to, Rule rule) override;
    void trace_rule(const Endpoint& ep, Rule rule) override;
    void on_established(Endpoint& ep) override;
    void on_data(Endpoint& ep) override;
    void on_closed(Endpoint& ep, SocketError why) override;
    void on_back_to_listen(Endpoint& ep) override;

private:
    SimCore& s_;
};

inline uint64_t ip_port(uint32_t ip, uint16_t port) { return (static_cast<uint64_t>(ip) << 16) | port; }

}  // namespace tcplab
