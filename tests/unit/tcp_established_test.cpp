// SEGMENT ARRIVES in ESTABLISHED (RFC 9293 3.10.7.4), and SEND's segmentization (3.10.2).
// Client: ISS = 1000, IRS = 5000: SND.NXT = 1001, RCV.NXT = 5001, RCV.WND = 65535.
// The harness's SYN,ACK carries no MSS option, so SND.MSS = 536 (3.7.1) unless a test says otherwise.
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

TEST_CASE("ESTABLISHED: rcv data at RCV.NXT -> deliver, snd <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (3.10.7.4 seventh)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kACK | kPSH, 5001, 1001, bytes("hello"));
    CHECK(c.state() == State::Established);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5006);
    CHECK(c.last().window == 65535 - 5);  // receive buffer minus the unread bytes
    CHECK(c.tcb().rcv_nxt == 5006);
    CHECK(c.env.data == 1);
    CHECK(c.read_all() == bytes("hello"));
    CHECK(c.ep.receive_buffer().empty());
}

TEST_CASE("ESTABLISHED: rcv data straddling RCV.NXT -> only the new part is taken (3.10.7.4 first)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kACK, 4999, 1001, bytes("abcdefg"));  // 4999..5005, the first two bytes are old
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5006);
    CHECK(c.read_all() == bytes("cdefg"));
}

TEST_CASE("ESTABLISHED: rcv old duplicate data (wholly before RCV.NXT) -> snd ACK, drop (3.10.7.4 first)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kACK, 4990, 1001, bytes("old"));
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5001);
    CHECK(c.ep.receive_buffer().empty());
    CHECK(c.env.fired(Rule::SeqUnacceptable));
}

TEST_CASE("ESTABLISHED: window edges, zero-length segments: RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND (Table 6)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kACK, 5001, 1001);                   // left edge: acceptable, nothing to answer
    CHECK(c.env.out.empty());
    c.rcv(kACK, 5001 + 65534, 1001);           // last sequence number in the window
    CHECK(c.env.out.empty());
    c.rcv(kACK, 5001 + 65535, 1001);           // one past the right edge
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5001);
    c.env.clear();
    c.rcv(kACK, 5000, 1001);                   // one before the left edge
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5001);
}

TEST_CASE("ESTABLISHED: rcv data beyond RCV.NXT -> held, duplicate ACK; delivered in order when the gap fills (SHLD-31)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kACK, 5006, 1001, bytes("world"));
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5001);
    CHECK(c.ep.out_of_order().size() == 1);
    CHECK(c.ep.receive_buffer().empty());
    CHECK(c.env.fired(Rule::OutOfOrderQueued));
    c.env.clear();
    c.rcv(kACK, 5001, 1001, bytes("hello"));
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5011);
    CHECK(c.ep.out_of_order().empty());
    CHECK(c.read_all() == bytes("helloworld"));
}

TEST_CASE("ESTABLISHED: data at the right window edge is held, past it is refused (Table 6)", "[established]") {
    Profile p;
    p.receive_buffer = 100;
    Conn c = client_in(State::Established, p);
    c.rcv(kACK, 5001 + 99, 1001, bytes("z"));   // last octet of the window
    CHECK(c.ep.out_of_order().size() == 1);
    c.env.clear();
    c.rcv(kACK, 5001 + 100, 1001, bytes("y"));  // first octet past it
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5001);
    CHECK(c.ep.out_of_order().size() == 1);
    CHECK(c.env.fired(Rule::SeqUnacceptable));
}

TEST_CASE("ESTABLISHED: a segment larger than the window is trimmed to it and ACKed (3.10.7.4 first)", "[established]") {
    Profile p;
    p.receive_buffer = 4;
    Conn c = client_in(State::Established, p);
    c.rcv(kACK, 5001, 1001, bytes("abcdef"));
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5005);
    CHECK(c.last().window == 0);
    CHECK(c.ep.receive_buffer().size() == 4);
}

TEST_CASE("ESTABLISHED: zero window: data at RCV.NXT not accepted but its ACK is processed (3.10.7.4 first)", "[established]") {
    Profile p;
    p.receive_buffer = 3;
    Conn c = client_in(State::Established, p);
    REQUIRE(c.ep.send(c.env, bytes("hi")) == SocketError::None);
    c.rcv(kACK, 5001, 1001, bytes("abc"));      // fills the window
    c.env.clear();
    c.rcv(kACK, 5004, 1003, bytes("d"));        // window is 0 now
    CHECK(c.tcb().snd_una == 1003);             // the ACK field was used
    CHECK(c.tcb().rcv_nxt == 5004);             // the text was not
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5004);
    CHECK(c.last().window == 0);
}

TEST_CASE("ESTABLISHED: rcv FIN -> CLOSE-WAIT, snd ACK of the FIN (3.10.7.4 eighth)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kFIN | kACK, 5001, 1001);
    CHECK(c.state() == State::CloseWait);
    CHECK(c.env.states.back().rule == Rule::EstablishedRcvFin);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5002);  // FIN consumes one sequence number
    CHECK(c.ep.peer_closed());
    CHECK(c.env.data == 1);       // "signal the user connection closing"
}

TEST_CASE("ESTABLISHED: rcv data+FIN -> data delivered, CLOSE-WAIT, ACK covers data and FIN (3.10.7.4 seventh, eighth)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kFIN | kACK | kPSH, 5001, 1001, bytes("bye"));
    CHECK(c.state() == State::CloseWait);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5005);
    CHECK(c.read_all() == bytes("bye"));
}

TEST_CASE("ESTABLISHED: rcv FIN out of order -> held; CLOSE-WAIT once the gap fills", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kFIN | kACK, 5006, 1001, bytes("world"));
    CHECK(c.state() == State::Established);
    CHECK(c.last().ack == 5001);
    c.env.clear();
    c.rcv(kACK, 5001, 1001, bytes("hello"));
    CHECK(c.state() == State::CloseWait);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5012);
    CHECK(c.read_all() == bytes("helloworld"));
}

TEST_CASE("ESTABLISHED: rcv RST at RCV.NXT -> CLOSED, ECONNRESET, no reply (3.10.7.4 second)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kRST, 5001, 0);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::RstReset);
    CHECK(c.env.out.empty());
    REQUIRE(c.env.closed.size() == 1);
    CHECK(c.env.closed[0] == SocketError::ConnReset);
}

TEST_CASE("ESTABLISHED: rcv RST,ACK at RCV.NXT -> CLOSED, ECONNRESET (3.10.7.4 second)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kRST | kACK, 5001, 1001);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::ConnReset});
}

TEST_CASE("ESTABLISHED: rcv RST in window, not at RCV.NXT -> challenge ACK (rfc9293; RFC 5961 3.2)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kRST, 5101, 0);
    CHECK(c.state() == State::Established);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5001);
    CHECK(c.env.fired(Rule::RstChallengeAck));
}

TEST_CASE("ESTABLISHED: rcv RST outside the window -> silently dropped (3.10.7.4 first)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kRST, 5001 + 70000, 0);
    c.rcv(kRST, 4000, 0);
    CHECK(c.state() == State::Established);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::SeqUnacceptableRst));
}

TEST_CASE("ESTABLISHED: rcv SYN in window -> challenge ACK (rfc9293; RFC 5961 4.2, 3.10.7.4 fourth)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kSYN, 5100, 0);
    CHECK(c.state() == State::Established);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5001);
    CHECK(c.env.fired(Rule::SynChallengeAck));
}

TEST_CASE("ESTABLISHED: rcv SYN outside the window -> ACK from the sequence check (3.10.7.4 fourth, last note)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kSYN, 100, 0);
    CHECK(c.state() == State::Established);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5001);
    CHECK(c.env.fired(Rule::SeqUnacceptable));
}

TEST_CASE("ESTABLISHED: rcv ACK of unsent data -> snd ACK, drop the segment (3.10.7.4 fifth)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kACK, 5001, 1500, bytes("data"));
    CHECK(c.state() == State::Established);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5001);              // the data was dropped with the segment
    CHECK(c.ep.receive_buffer().empty());
    CHECK(c.tcb().snd_una == 1001);
    CHECK(c.env.fired(Rule::AckUnsent));
}

TEST_CASE("ESTABLISHED: rcv segment without ACK -> drop (3.10.7.4 fifth)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(0, 5001, 0, bytes("x"));
    CHECK(c.env.out.empty());
    CHECK(c.ep.receive_buffer().empty());
}

TEST_CASE("ESTABLISHED: SEND -> segment ACK,PSH seq=SND.NXT ack=RCV.NXT; the ACK removes it (3.10.2, 3.10.7.4 fifth)", "[established]") {
    Conn c = client_in(State::Established);
    REQUIRE(c.ep.send(c.env, bytes("hello")) == SocketError::None);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kACK | kPSH));
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5001);
    CHECK(c.last().payload == bytes("hello"));
    CHECK(c.tcb().snd_nxt == 1006);
    CHECK(c.deadline(TimerKind::Retransmission) == sec(1));
    c.env.clear();
    c.rcv(kACK, 5001, 1003);  // partial ACK
    CHECK(c.tcb().snd_una == 1003);
    CHECK(c.ep.send_buffer().size() == 3);
    CHECK(c.deadline(TimerKind::Retransmission) == sec(1));  // restarted (RFC 6298 5.3), now = 0
    c.rcv(kACK, 5001, 1006);
    CHECK(c.tcb().snd_una == 1006);
    CHECK(c.ep.send_buffer().empty());
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);  // all acknowledged (RFC 6298 5.2)
    CHECK(c.env.out.empty());
}

TEST_CASE("ESTABLISHED: old duplicate ACK is ignored, its data still taken (3.10.7.4 fifth)", "[established]") {
    Conn c = client_in(State::Established);
    REQUIRE(c.ep.send(c.env, bytes("hello")) == SocketError::None);
    c.rcv(kACK, 5001, 1006);
    c.env.clear();
    c.rcv(kACK, 5001, 1003, bytes("ab"));  // SEG.ACK < SND.UNA
    CHECK(c.tcb().snd_una == 1006);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().ack == 5003);
    c.env.clear();
    c.rcv(kACK, 5003, 1002);  // pure old ACK: ignored, no reply
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::AckOld));
}

TEST_CASE("ESTABLISHED: rcv ACK exactly 2^31 from SND.UNA, nothing outstanding -> ignored, never taken as new (3.4, 3.10.7.4 fifth)", "[established]") {
    // Found by fuzz_endpoint: SND.UNA jumped 2^31 ahead of SND.NXT and the next SEND read past its buffer.
    Conn c = client_in(State::Established);
    c.env.clear();
    c.rcv(kACK, 5001, 1001u + 0x80000000u);
    CHECK(c.tcb().snd_una == 1001);
    CHECK(c.tcb().snd_nxt == 1001);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::AckOld));
    REQUIRE(c.ep.send(c.env, bytes("hello")) == SocketError::None);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().seq == 1001);
    CHECK(c.last().payload == bytes("hello"));
}

TEST_CASE("ESTABLISHED: SEND segmentizes by SND.MSS, PSH only on the last segment (3.10.2, 3.7.1)", "[established]") {
    Conn c = client_in(State::Established);  // peer sent no MSS option: 536
    REQUIRE(c.ep.send(c.env, bytes(1200)) == SocketError::None);
    REQUIRE(c.sent_count() == 3);
    CHECK(c.env.out[0].seg.seq == 1001);
    CHECK(c.env.out[0].seg.payload.size() == 536);
    CHECK(c.env.out[0].seg.flags == kACK);
    CHECK(c.env.out[1].seg.seq == 1537);
    CHECK(c.env.out[1].seg.payload.size() == 536);
    CHECK(c.env.out[2].seg.seq == 2073);
    CHECK(c.env.out[2].seg.payload.size() == 128);
    CHECK(c.env.out[2].seg.flags == (kACK | kPSH));
}

TEST_CASE("ESTABLISHED: SEND stops at the peer's window and resumes when it opens (3.8.6, 3.10.7.4 fifth)", "[established]") {
    Conn c;
    c.to_syn_sent();
    Segment sa = c.make(kSYN | kACK, 5000, 1001, {}, 1000);
    sa.options.mss = 1460;
    c.rcv(sa);
    c.env.clear();
    REQUIRE(c.ep.send(c.env, bytes(3000)) == SocketError::None);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().payload.size() == 1000);
    c.env.clear();
    c.rcv(kACK, 5001, 2001, {}, 65535);
    REQUIRE(c.sent_count() == 2);
    CHECK(c.env.out[0].seg.seq == 2001);
    CHECK(c.env.out[0].seg.payload.size() == 1460);
    CHECK(c.env.out[1].seg.seq == 3461);
    CHECK(c.env.out[1].seg.payload.size() == 540);
}

TEST_CASE("ESTABLISHED: SND.WND updates only from newer segments (SND.WL1/SND.WL2, 3.10.7.4 fifth)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kACK, 5001, 1001, bytes("a"), 4000);  // WL1 = 5001
    CHECK(c.tcb().snd_wnd == 4000);
    c.rcv(kACK, 4990, 1001, bytes("zz"), 100);  // older segment (unacceptable anyway)
    CHECK(c.tcb().snd_wnd == 4000);
    c.rcv(kACK, 5002, 1001, {}, 8000);
    CHECK(c.tcb().snd_wnd == 8000);
    CHECK(c.tcb().snd_wl1 == 5002);
}

TEST_CASE("ESTABLISHED: RECEIVE reopens a small window -> window update ACK (3.10.3, 3.8.6.2.2)", "[established]") {
    Profile p;
    p.receive_buffer = 2000;
    p.mss = 1460;
    Conn c = client_in(State::Established, p);
    c.rcv(kACK, 5001, 1001, bytes(1500));
    CHECK(c.last().window == 500);
    c.env.clear();
    std::vector<uint8_t> got;
    CHECK(c.ep.receive(c.env, got, 1500) == 1500);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 6501);
    CHECK(c.last().window == 2000);
    CHECK(c.env.fired(Rule::ReceiveWindowUpdate));
}

TEST_CASE("ESTABLISHED: a zero window reopened by RECEIVE is announced even when the buffer is below one MSS (3.8.6.2.2)", "[established]") {
    Profile p;
    p.receive_buffer = 100;
    Conn c = client_in(State::Established, p);
    c.rcv(kACK, 5001, 1001, bytes(100));
    CHECK(c.last().window == 0);
    c.env.clear();
    std::vector<uint8_t> got;
    CHECK(c.ep.receive(c.env, got, 30) == 30);
    CHECK(c.env.out.empty());  // 30 < min(100/2, MSS): not worth announcing yet
    CHECK(c.ep.receive(c.env, got, 30) == 30);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().window == 60);
    CHECK(c.last().ack == 5101);
}

TEST_CASE("ESTABLISHED: rcv RST with SEG.SEQ left of the window whose text reaches into it -> silently dropped, no challenge ACK (3.10.7.4 second 1; RFC 5961 3.2)", "[established]") {
    Conn c = client_in(State::Established);
    c.rcv(kRST, 4990, 0, bytes(20));  // 4990..5009 straddles RCV.NXT = 5001
    CHECK(c.state() == State::Established);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::SeqUnacceptableRst));
    CHECK_FALSE(c.env.fired(Rule::RstChallengeAck));
}

TEST_CASE("ESTABLISHED: rfc793 trims the old SYN of a segment left of RCV.NXT: its new text is taken, no reset (3.10.7.4 first, idealized segment)", "[established]") {
    Conn c = client_in(State::Established, profile("rfc793"));
    c.rcv(kSYN | kACK, 5000, 1001, bytes("abcd"));  // SYN 5000 is old, text 5001..5004 is new
    CHECK(c.state() == State::Established);
    CHECK_FALSE(c.env.fired(Rule::SynInWindowReset));
    CHECK(c.tcb().rcv_nxt == 5005);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 5005);
    CHECK(c.read_all() == bytes("abcd"));
}

TEST_CASE("ESTABLISHED: rfc793 in-window SYN -> snd <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>, CLOSED (RFC 793 3.9 fourth; docs/profiles.md)", "[established]") {
    Conn c = client_in(State::Established, profile("rfc793"));
    c.rcv(kSYN, 5100, 0);
    CHECK(c.state() == State::Closed);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kRST | kACK));
    CHECK(c.last().seq == 1001);
    CHECK(c.last().ack == 5001);
    REQUIRE(c.env.closed.size() == 1);
    CHECK(c.env.closed[0] == SocketError::ConnReset);
}

// --- Nagle (RFC 9293 3.7.4 SHLD-7, MUST-17; profile parameters nagle / nodelay) ----------------
// The harness's SYN,ACK has no MSS option, so the send MSS is 536 (3.7.1).

TEST_CASE("ESTABLISHED: Nagle: a second small SEND waits for the ACK of the first (3.7.4 SHLD-7)", "[established][nagle]") {
    for (const char* name : {"rfc9293", "linux", "freebsd"}) {
        INFO(name);
        Conn c = client_in(State::Established, profile(name));
        REQUIRE(c.ep.send(c.env, bytes("a")) == SocketError::None);
        REQUIRE(c.ep.send(c.env, bytes("b")) == SocketError::None);
        REQUIRE(c.sent_count() == 1);  // "b" is held
        CHECK(c.last().seq == 1001);
        CHECK(c.last().payload == bytes("a"));
        CHECK(c.env.fired(Rule::NagleHold));
        c.rcv(kACK, 5001, 1002);  // the ACK of "a" releases "b"
        REQUIRE(c.sent_count() == 2);
        CHECK(c.last().seq == 1002);
        CHECK(c.last().payload == bytes("b"));
    }
}

TEST_CASE("ESTABLISHED: TCP_NODELAY (nodelay, set_nodelay) sends both small SENDs at once (3.7.4 MUST-17)", "[established][nagle]") {
    Profile p = profile("rfc9293");
    p.nodelay = true;
    Conn c = client_in(State::Established, p);
    c.ep.send(c.env, bytes("a"));
    c.ep.send(c.env, bytes("b"));
    REQUIRE(c.sent_count() == 2);
    CHECK(c.env.out[1].seg.seq == 1002);
    CHECK(!c.env.fired(Rule::NagleHold));

    // Turning TCP_NODELAY on sends what Nagle was holding.
    Conn d = client_in(State::Established, profile("linux"));
    d.ep.send(d.env, bytes("a"));
    d.ep.send(d.env, bytes("b"));
    REQUIRE(d.sent_count() == 1);
    d.ep.set_nodelay(d.env, true);
    REQUIRE(d.sent_count() == 2);
    CHECK(d.last().payload == bytes("b"));
}

TEST_CASE("ESTABLISHED: rfc793 has no Nagle (RFC 896 came later): both small SENDs go at once", "[established][nagle]") {
    Conn c = client_in(State::Established, profile("rfc793"));
    c.ep.send(c.env, bytes("a"));
    c.ep.send(c.env, bytes("b"));
    CHECK(c.sent_count() == 2);
}

TEST_CASE("ESTABLISHED: Nagle: one large SEND on an idle connection goes out whole, tail included (BSD idle, Linux Minshall)", "[established][nagle]") {
    for (const char* name : {"rfc9293", "linux", "freebsd"}) {
        INFO(name);
        Conn c = client_in(State::Established, profile(name));
        c.ep.send(c.env, bytes(600));
        REQUIRE(c.sent_count() == 2);
        CHECK(c.env.out[0].seg.payload.size() == 536);
        CHECK(c.env.out[1].seg.payload.size() == 64);
    }
}

TEST_CASE("ESTABLISHED: Nagle: after a full-sized segment, BSD holds a small SEND, Linux (Minshall) sends it", "[established][nagle]") {
    Conn bsd = client_in(State::Established, profile("freebsd"));
    bsd.ep.send(bsd.env, bytes(536));
    bsd.ep.send(bsd.env, bytes("x"));
    CHECK(bsd.sent_count() == 1);  // tcp_output(): not idle, so the short tail waits
    // Linux tcp_minshall_check(): no small segment is unacknowledged, so "x" goes.
    Conn lin = client_in(State::Established, profile("linux"));
    lin.ep.send(lin.env, bytes(536));
    lin.ep.send(lin.env, bytes("x"));
    REQUIRE(lin.sent_count() == 2);
    CHECK(lin.last().seq == 1537);
    // ... and now a small segment is out: the next small SEND waits even after the full one is ACKed.
    lin.ep.send(lin.env, bytes("y"));
    CHECK(lin.sent_count() == 2);
    lin.rcv(kACK, 5001, 1537);
    CHECK(lin.sent_count() == 2);
    lin.rcv(kACK, 5001, 1538);
    REQUIRE(lin.sent_count() == 3);
    CHECK(lin.last().payload == bytes("y"));
}

TEST_CASE("ESTABLISHED: Nagle: CLOSE sends the held data and the FIN at once (Linux tcp_send_fin, FreeBSD FIN segment)", "[established][nagle]") {
    for (const char* name : {"rfc9293", "linux", "freebsd"}) {
        INFO(name);
        Conn c = client_in(State::Established, profile(name));
        c.ep.send(c.env, bytes("a"));
        c.ep.send(c.env, bytes("b"));
        REQUIRE(c.sent_count() == 1);
        c.ep.close(c.env);
        CHECK(c.state() == State::FinWait1);
        REQUIRE(c.sent_count() >= 2);
        CHECK(c.env.out[1].seg.seq == 1002);
        CHECK(c.env.out[1].seg.payload == bytes("b"));
        CHECK(c.last().has(kFIN));
        CHECK(c.tcb().snd_nxt == 1004);
    }
}
