// The socket layer over the TCP endpoints: listen/accept/connect, the listener and its children,
// backlog, errors reported to the application, close/abort variants, demultiplexing.
#include <catch2/catch.hpp>

#include "sim_fixture.h"

using namespace simtest;

static const int A = 0, B = 1;

TEST_CASE("socket: three-way handshake with exact seq/ack (RFC 9293 3.5, Figure 6)", "[socket][handshake]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(msec(10), A, B, 80));
    sim.run_until(sec(1));

    const auto a = sent_by(sim, A), b = sent_by(sim, B);
    REQUIRE(a.size() == 2);
    REQUIRE(b.size() == 1);
    CHECK(a[0].packet.seg.flags == kSYN);
    CHECK(a[0].packet.seg.seq == 1000);
    CHECK(a[0].packet.seg.src_port == 40000);
    CHECK(a[0].packet.seg.dst_port == 80);
    CHECK(a[0].packet.src_ip == 0x0A000001u);
    CHECK(a[0].packet.dst_ip == 0x0A000002u);
    CHECK(a[0].arrival == msec(60));
    CHECK(b[0].packet.seg.flags == (kSYN | kACK));
    CHECK(b[0].packet.seg.seq == 5000);
    CHECK(b[0].packet.seg.ack == 1001);
    CHECK(a[1].packet.seg.flags == kACK);
    CHECK(a[1].packet.seg.seq == 1001);
    CHECK(a[1].packet.seg.ack == 5001);
    CHECK(a[1].packet.seg.payload.empty());

    CHECK(sim.host_state(A) == State::Established);
    CHECK(sim.host_state(B) == State::Established);
    CHECK(has_transition(sim, A, State::SynSent, State::Established));
    CHECK(has_transition(sim, B, State::Listen, State::SynRcvd));
    CHECK(has_transition(sim, B, State::SynRcvd, State::Established));
    // connect's completion is reported to the application.
    bool connected = false;
    for (const auto& e : of_kind(sim, TraceKind::UserResult))
        if (e.host == A && e.key == "call.connect" && e.error == SocketError::None) connected = true;
    CHECK(connected);
}

TEST_CASE("socket: the listener stays in LISTEN, a child connection takes the SYN", "[socket][listen]") {
    Simulator sim(two_hosts());
    Action l = listen(0, B, 80);
    l.new_socket = "srv";
    sim.schedule(l);
    sim.schedule(connect(msec(10), A, B, 80));
    sim.run_until(sec(1));

    CHECK(sim.socket_state(B, "srv") == State::Listen);
    const auto conns = sim.connections();
    int listener = -1, child = -1;
    for (const auto& c : conns) {
        if (c.host != B) continue;
        if (c.listener) listener = c.id;
        else child = c.id;
    }
    REQUIRE(listener >= 0);
    REQUIRE(child >= 0);
    const auto ch = sim.connection(child);
    REQUIRE(ch);
    CHECK(ch->parent == listener);
    CHECK(ch->state == State::Established);
    CHECK(ch->tcb.passive);
    CHECK(ch->tcb.remote_port == 40000);
    CHECK(ch->tcb.local_port == 80);
    CHECK(has_rule(sim, Rule::ListenerSpawnChild, B));
    // The listener itself never left LISTEN: its only state change is CLOSED -> LISTEN.
    for (const auto& e : of_kind(sim, TraceKind::StateChange))
        if (e.conn == listener) CHECK((e.from == State::Closed && e.to == State::Listen));
}

TEST_CASE("socket: a full backlog drops the SYN; it gets in after accept (retransmitted SYN)", "[socket][backlog]") {
    SimConfig cfg = two_hosts();
    cfg.hosts.push_back({"C", 0x0A000003u, Seq{9000}, {}, {}});
    Simulator sim(cfg);
    sim.schedule(listen(0, B, 80, /*backlog*/ 1, /*manual*/ true));
    sim.schedule(connect(msec(10), A, B, 80));
    sim.schedule(connect(msec(200), 2, B, 80));  // A's connection waits in the accept queue
    Action acc = on(msec(500), B, Call::Accept);
    acc.new_socket = "s1";
    sim.schedule(acc);
    sim.run_until(msec(400));

    CHECK(has_rule(sim, Rule::BacklogFull, B));
    CHECK(sim.host_state(2) == State::SynSent);
    CHECK(sim.host_state(A) == State::Established);
    // Manual accept: nothing accepted yet, B's default socket is still its listener.
    CHECK(sim.host_state(B) == State::Listen);

    sim.run_until(sec(3));  // accept at 0.5 s frees the queue; C's SYN is retransmitted at 1.2 s
    CHECK(sim.socket_state(B, "s1") == State::Established);
    CHECK(sim.host_state(2) == State::Established);
    CHECK(sent_by(sim, 2)[1].retransmission);
}

TEST_CASE("socket: accept before the handshake completes is EAGAIN, after it the connection", "[socket][accept]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80, 5, true));
    sim.schedule(connect(msec(10), A, B, 80));
    sim.schedule(on(msec(100), B, Call::Accept));
    Action acc = on(msec(300), B, Call::Accept);
    acc.new_socket = "conn";
    sim.schedule(acc);
    sim.run_until(sec(1));
    std::vector<SocketError> results;
    for (const auto& e : of_kind(sim, TraceKind::UserCall))
        if (e.key == "call.accept") results.push_back(e.error);
    REQUIRE(results.size() == 2);
    CHECK(results[0] == SocketError::WouldBlock);
    CHECK(results[1] == SocketError::None);
    CHECK(sim.socket_state(B, "conn") == State::Established);
    CHECK(sim.host_state(B) == State::Established);
}

TEST_CASE("socket: connect to a closed port is refused (RFC 9293 3.10.7.1, 3.10.7.3)", "[socket][refused]") {
    Simulator sim(two_hosts());
    sim.schedule(connect(0, A, B, 81));
    sim.run();
    CHECK(has_rule(sim, Rule::ClosedPortReset, B));
    const auto b = sent_by(sim, B);
    REQUIRE(b.size() == 1);
    CHECK(b[0].packet.seg.flags == (kRST | kACK));
    CHECK(b[0].packet.seg.seq == 0);
    CHECK(b[0].packet.seg.ack == 1001);
    CHECK(has_transition(sim, A, State::SynSent, State::Closed));
    CHECK(sim.host_state(A) == State::Closed);
    CHECK(sim.socket_error(A, "") == SocketError::ConnRefused);
    bool reported = false;
    for (const auto& e : of_kind(sim, TraceKind::UserResult))
        if (e.host == A && e.key == "call.connect" && e.error == SocketError::ConnRefused) reported = true;
    CHECK(reported);
}

TEST_CASE("socket: connect times out after the profile's SYN retries (ETIMEDOUT)", "[socket][timeout]") {
    SimConfig cfg = two_hosts();
    cfg.profile.syn_retries = 2;
    cfg.profile.initial_rto = sec(1);
    cfg.links.push_back({A, B, LinkParams{msec(50), 0, 0, 1.0, 0, 0, 0}});  // every segment A sends is lost
    Simulator sim(cfg);
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.run();
    const auto a = sent_by(sim, A);
    REQUIRE(a.size() == 3);  // the SYN and 2 retransmissions
    for (const auto& e : a) {
        CHECK(e.packet.seg.flags == kSYN);
        CHECK(e.arrival == -1);
    }
    CHECK(a[0].time == 0);
    CHECK(a[1].time == sec(1));
    CHECK(a[2].time == sec(3));  // the RTO doubled
    CHECK(sim.host_state(A) == State::Closed);
    CHECK(sim.socket_error(A, "") == SocketError::TimedOut);
    CHECK(of_kind(sim, TraceKind::SegmentDropped).size() == 3);
}

static void established_pair(Simulator& sim) {
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
}

TEST_CASE("socket: close() with unread data sends RST (RFC 2525 2.17); the peer sees ECONNRESET", "[socket][close]") {
    Simulator sim(two_hosts());
    established_pair(sim);
    Action off = on(msec(200), B, Call::SetAutoRecv);
    off.flag = false;
    sim.schedule(off);
    sim.schedule(send(msec(300), A, "hello"));
    sim.schedule(on(msec(500), B, Call::Close));
    sim.run();
    CHECK(has_rule(sim, Rule::CloseWithUnreadData, B));
    const auto b = sent_by(sim, B);
    REQUIRE_FALSE(b.empty());
    CHECK((b.back().packet.seg.flags & kRST) != 0);
    for (const auto& e : b) CHECK((e.packet.seg.flags & kFIN) == 0);
    CHECK(sim.host_state(B) == State::Closed);
    CHECK(sim.host_state(A) == State::Closed);
    CHECK(sim.socket_error(A, "") == SocketError::ConnReset);
    CHECK(sim.app_received(B, "").empty());
}

TEST_CASE("socket: SO_LINGER 0 makes close() abort with RST (RFC 9293 3.10.5)", "[socket][linger]") {
    Simulator sim(two_hosts());
    established_pair(sim);
    sim.schedule(on(msec(300), A, Call::SetLinger0));
    sim.schedule(on(msec(400), A, Call::Close));
    sim.run();
    CHECK(has_rule(sim, Rule::Linger0Abort, A));
    const auto a = sent_by(sim, A);
    CHECK(a.back().packet.seg.flags == kRST);  // 3.10.5: <SEQ=SND.NXT><CTL=RST>
    CHECK(a.back().packet.seg.seq == 1001);
    CHECK(sim.host_state(A) == State::Closed);
    CHECK(sim.host_state(B) == State::Closed);
    CHECK(sim.socket_error(B, "") == SocketError::ConnReset);
    CHECK_FALSE(has_transition(sim, A, State::Established, State::FinWait1));
}

TEST_CASE("socket: autorecv delivers data to the application; recv reads what is held", "[socket][data]") {
    Simulator sim(two_hosts());
    established_pair(sim);
    sim.schedule(send(msec(200), A, "hello"));
    Action off = on(msec(200), A, Call::SetAutoRecv);
    off.flag = false;
    sim.schedule(off);
    sim.schedule(send(msec(300), B, "world!"));
    Action r = on(msec(600), A, Call::Recv);
    r.count = 4;
    sim.schedule(r);
    sim.run_until(sec(1));
    CHECK(str(sim.app_received(B, "")) == "hello");
    CHECK(str(sim.app_received(A, "")) == "worl");
    auto conns = sim.connections();
    for (const auto& c : conns)
        if (c.host == A) CHECK(c.recv_buffered == 2);
}

TEST_CASE("socket: half-close, data still flows in CLOSE_WAIT (shutdown SHUT_WR)", "[socket][shutdown]") {
    Simulator sim(two_hosts());
    established_pair(sim);
    sim.schedule(on(msec(200), A, Call::Shutdown));
    sim.schedule(send(msec(400), B, "late data"));
    sim.run_until(sec(1));
    CHECK(sim.host_state(A) == State::FinWait2);
    CHECK(sim.host_state(B) == State::CloseWait);
    CHECK(str(sim.app_received(A, "")) == "late data");
}

TEST_CASE("socket: two connections between the same hosts are demultiplexed by 4-tuple", "[socket][demux]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80, "c1"));
    sim.schedule(connect(msec(1), A, B, 80, "c2"));
    sim.schedule(send(msec(300), A, "one", "c1"));
    sim.schedule(send(msec(300), A, "two", "c2"));
    sim.run_until(sec(1));
    CHECK(sim.socket_state(A, "c1") == State::Established);
    CHECK(sim.socket_state(A, "c2") == State::Established);
    std::vector<ConnView> children;
    for (const auto& c : sim.connections())
        if (c.host == B && !c.listener) children.push_back(c);
    REQUIRE(children.size() == 2);
    // ISNs: A's first connection 1000, its second 1000 + 64000; B's children likewise.
    for (const auto& c : children) {
        const std::string got = str(sim.app_received(B, c.socket));
        if (c.tcb.remote_port == 40000) {
            CHECK(got == "one");
            CHECK(c.tcb.irs == 1000);
            CHECK(c.tcb.iss == 5000);
        } else {
            CHECK(c.tcb.remote_port == 40001);
            CHECK(got == "two");
            CHECK(c.tcb.irs == 65000);
            CHECK(c.tcb.iss == 69000);
        }
    }
}

TEST_CASE("socket: RST in SYN_RCVD returns the child to LISTEN; it is discarded, the listener stays (3.10.7.4 second)", "[socket][syn_rcvd]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80));
    sim.add_fault(matching(Fault::Kind::DropMatching, A, kACK));  // keep B in SYN_RCVD: A's ACK is lost
    sim.add_fault(inject(A, B, msec(150), kRST, 1001));
    sim.run_until(msec(150));
    CHECK(sim.host_state(B) == State::SynRcvd);
    sim.run_until(msec(300));
    CHECK(has_transition(sim, B, State::SynRcvd, State::Listen));
    CHECK(sim.host_state(B) == State::Listen);
    int children = 0;
    for (const auto& c : sim.connections())
        if (c.host == B && !c.listener) ++children;
    CHECK(children == 0);
}

TEST_CASE("socket: SEND on a LISTEN socket with a foreign socket goes to SYN_SENT (RFC 9293 3.10.2)", "[socket][send_from_listen]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, A, 7000));
    Action l = listen(0, B, 80);
    l.new_socket = "srv";
    sim.schedule(l);
    Action s = on(msec(10), B, Call::SendFromListen, "srv");
    s.remote_host = A;
    s.port = 7000;
    s.data = {'x'};
    sim.schedule(s);
    sim.run_until(msec(10));
    CHECK(sim.socket_state(B, "srv") == State::SynSent);
    sim.run_until(sec(1));
    CHECK(sim.socket_state(B, "srv") == State::Established);
    CHECK(str(sim.app_received(A, "")) == "x");
}

TEST_CASE("socket: the default socket is the last connected/accepted one, else the listener", "[socket][default]") {
    Simulator sim(two_hosts());
    CHECK(sim.host_state(A) == State::Closed);
    sim.schedule(listen(0, B, 80));
    sim.run_until(msec(1));
    CHECK(sim.host_state(B) == State::Listen);
    sim.schedule(connect(msec(1), A, B, 80));
    sim.run_until(msec(70));
    CHECK(sim.host_state(B) == State::SynRcvd);  // auto-accept: the child as soon as it exists
}

TEST_CASE("socket: ISN rules: the host's fixed ISN, +64000 per later connection, Action::isn overrides", "[socket][isn]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80, "c1"));
    Action c2 = connect(msec(1), A, B, 80, "c2");
    c2.isn = 123456u;
    sim.schedule(c2);
    sim.schedule(connect(msec(2), A, B, 80, "c3"));
    sim.run_until(msec(500));
    std::vector<Seq> syns;
    for (const auto& e : sent_by(sim, A))
        if (e.packet.seg.flags == kSYN) syns.push_back(e.packet.seg.seq);
    REQUIRE(syns.size() == 3);
    CHECK(syns[0] == 1000);
    CHECK(syns[1] == 123456);
    CHECK(syns[2] == 1000 + 2 * 64000);  // the third connection A opened
}

TEST_CASE("socket: without a fixed ISN the seeded generator chooses it, reproducibly", "[socket][isn]") {
    auto first_syn = [](uint64_t seed) {
        SimConfig cfg = two_hosts();
        cfg.hosts[0].isn.reset();
        cfg.seed = seed;
        Simulator sim(cfg);
        sim.schedule(connect(0, A, B, 80));
        sim.run_until(msec(1));
        return sent_by(sim, A).at(0).packet.seg.seq;
    };
    CHECK(first_syn(1) == first_syn(1));
    CHECK(first_syn(1) != first_syn(2));
}

TEST_CASE("socket: EADDRINUSE for a taken port or 4-tuple", "[socket][errors]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(listen(0, B, 80));
    Action c1 = connect(0, A, B, 80, "c1");
    c1.local_port = 5555;
    Action c2 = connect(msec(1), A, B, 80, "c2");
    c2.local_port = 5555;
    sim.schedule(c1);
    sim.schedule(c2);
    sim.run_until(msec(500));
    std::vector<SocketError> results;
    for (const auto& e : of_kind(sim, TraceKind::UserCall)) results.push_back(e.error);
    REQUIRE(results.size() == 4);
    CHECK(results[0] == SocketError::None);
    CHECK(results[1] == SocketError::AddrInUse);
    CHECK(results[2] == SocketError::None);
    CHECK(results[3] == SocketError::AddrInUse);
    CHECK(sim.socket_state(A, "c1") == State::Established);
    CHECK_FALSE(sim.socket_state(A, "c2").has_value());
}

TEST_CASE("socket: calls on a host with no socket report ENOTCONN", "[socket][errors]") {
    Simulator sim(two_hosts());
    sim.schedule(send(0, A, "x"));
    sim.schedule(on(0, A, Call::Close));
    sim.run();
    for (const auto& e : of_kind(sim, TraceKind::UserCall)) CHECK(e.error == SocketError::NotConnected);
    CHECK(sent_by(sim, A).empty());
}

TEST_CASE("socket: closing a listener resets the connections nobody accepted", "[socket][listen]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80, 5, /*manual*/ true));
    sim.schedule(connect(0, A, B, 80));
    sim.schedule(on(msec(500), B, Call::Close));
    sim.run_until(sec(1));
    CHECK(sim.host_state(B) == State::Closed);
    CHECK(sim.host_state(A) == State::Closed);
    CHECK(sim.socket_error(A, "") == SocketError::ConnReset);
    // The port is closed now: a new SYN gets RST,ACK.
    sim.schedule(connect(sec(1), A, B, 80, "again"));
    sim.run_until(sec(2));
    CHECK(sim.socket_error(A, "again") == SocketError::ConnRefused);
}

TEST_CASE("socket: with auto-accept, accept() names the oldest established connection", "[socket][accept]") {
    Simulator sim(two_hosts());
    sim.schedule(listen(0, B, 80));
    sim.schedule(connect(0, A, B, 80, "c1"));
    sim.schedule(connect(msec(1), A, B, 80, "c2"));
    Action early = on(msec(60), B, Call::Accept);  // both children exist, neither is established
    early.new_socket = "x";
    sim.schedule(early);
    Action first = on(msec(200), B, Call::Accept);
    first.new_socket = "s1";
    Action second = first;
    second.new_socket = "s2";
    Action third = first;
    third.new_socket = "s3";
    sim.schedule(first);
    sim.schedule(second);
    sim.schedule(third);
    sim.schedule(send(msec(300), A, "to-s2", "c2"));
    sim.run_until(sec(1));
    std::vector<SocketError> results;
    for (const auto& e : of_kind(sim, TraceKind::UserCall))
        if (e.key == "call.accept") results.push_back(e.error);
    REQUIRE(results.size() == 4);
    CHECK(results[0] == SocketError::WouldBlock);
    CHECK(results[1] == SocketError::None);
    CHECK(results[2] == SocketError::None);
    CHECK(results[3] == SocketError::WouldBlock);
    CHECK(sim.socket_state(B, "s1") == State::Established);
    CHECK(str(sim.app_received(B, "s2")) == "to-s2");
    CHECK(sim.host_state(B) == State::Established);
}

TEST_CASE("socket: after a RST recv() reports ECONNRESET once, then end of stream; send() EPIPE; close() succeeds", "[socket][errors]") {
    Simulator sim(two_hosts());
    established_pair(sim);
    sim.schedule(on(msec(300), A, Call::SetLinger0));
    sim.schedule(on(msec(400), A, Call::Close));  // RST to B, which goes to CLOSED (ECONNRESET)
    sim.schedule(on(msec(600), B, Call::Recv));
    sim.schedule(on(msec(610), B, Call::Recv));
    sim.schedule(send(msec(620), B, "late"));
    sim.schedule(on(msec(630), B, Call::Close));
    sim.run();
    REQUIRE(sim.host_state(B) == State::Closed);
    std::vector<std::string> results;
    for (const auto& e : of_kind(sim, TraceKind::UserCall))
        if (e.host == B && e.time >= msec(500)) results.push_back(error_name(e.error));
    CHECK(results == std::vector<std::string>{"ECONNRESET", "OK", "EPIPE", "OK"});
    for (const auto& e : sent_by(sim, B)) CHECK(e.packet.seg.payload.empty());  // "late" never sent
}

TEST_CASE("socket: after a RST the first send() reports the ECONNRESET, a second one EPIPE (Linux tcp_sendmsg, FreeBSD sosend)", "[socket][errors]") {
    Simulator sim(two_hosts());
    established_pair(sim);
    sim.schedule(on(msec(300), A, Call::SetLinger0));
    sim.schedule(on(msec(400), A, Call::Close));
    sim.schedule(send(msec(600), B, "x"));
    sim.schedule(send(msec(610), B, "y"));
    sim.run();
    std::vector<std::string> results;
    for (const auto& e : of_kind(sim, TraceKind::UserCall))
        if (e.host == B && e.time >= msec(500)) results.push_back(error_name(e.error));
    CHECK(results == std::vector<std::string>{"ECONNRESET", "EPIPE"});
}

TEST_CASE("socket: freebsd, a new SYN from the same port reopens from TIME-WAIT through the listener (RFC 9293 3.6.1 MAY-2, tcp_twcheck)", "[socket][time_wait]") {
    SimConfig cfg = two_hosts();
    cfg.profile = *profile_by_name("freebsd");
    Simulator sim(cfg);
    sim.schedule(listen(0, B, 80));
    Action c1 = connect(msec(10), A, B, 80, "c1");
    c1.local_port = 5555;
    sim.schedule(c1);
    sim.schedule(on(msec(300), B, Call::Close));     // B closes first: B ends in TIME-WAIT
    sim.schedule(on(msec(500), A, Call::Close, "c1"));
    Action c2 = connect(sec(2), A, B, 80, "c2");
    c2.local_port = 5555;
    c2.isn = Seq{900000};                             // above the old connection's numbers
    sim.schedule(c2);
    sim.run_until(sec(3));
    CHECK(has_rule(sim, Rule::TimeWaitSynReopens, B));
    CHECK(sim.socket_state(A, "c2") == State::Established);
    int established_children = 0;
    for (const auto& c : sim.connections())
        if (c.host == B && !c.listener && c.state == State::Established) ++established_children;
    CHECK(established_children == 1);
    // The new connection's SYN,ACK acknowledges the new SYN.
    bool synack = false;
    for (const auto& e : sent_by(sim, B))
        if (e.packet.seg.flags == (kSYN | kACK) && e.packet.seg.ack == 900001) synack = true;
    CHECK(synack);
}
