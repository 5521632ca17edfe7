// The user calls in every state (RFC 9293 3.10.1 OPEN, 3.10.2 SEND, 3.10.3 RECEIVE, 3.10.4 CLOSE,
// 3.10.5 ABORT). Client numbers: ISS = 1000, IRS = 5000.
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

namespace {
const State kAll[] = {State::Closed, State::Listen, State::SynSent, State::SynRcvd, State::Established, State::FinWait1,
                      State::FinWait2, State::CloseWait, State::Closing, State::LastAck, State::TimeWait};
}

// --- 3.10.1 OPEN ---------------------------------------------------------------------------------

TEST_CASE("OPEN: passive OPEN in CLOSED -> LISTEN, nothing sent (3.10.1)", "[user]") {
    Conn c(Profile{}, false);
    REQUIRE(c.ep.open_passive(c.env) == SocketError::None);
    CHECK(c.state() == State::Listen);
    CHECK(c.env.states.back().rule == Rule::OpenPassive);
    CHECK(c.env.out.empty());
}

TEST_CASE("OPEN: active OPEN with the remote socket unspecified -> error (3.10.1)", "[user]") {
    Conn c(Profile{}, false);  // server setup: remote port 0
    CHECK(c.ep.open_active(c.env) == SocketError::InvalidState);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.out.empty());
}

TEST_CASE("OPEN: active OPEN in LISTEN with a remote socket -> SYN-SENT, snd SYN (3.10.1)", "[user]") {
    Conn c = client_in(State::Listen);  // client setup has the remote socket set
    REQUIRE(c.ep.open_active(c.env) == SocketError::None);
    CHECK(c.state() == State::SynSent);
    CHECK(c.env.states.back().rule == Rule::OpenActiveInListen);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kSYN);
    CHECK(c.last().seq == 1000);
}

TEST_CASE("OPEN: in any state from SYN-SENT on -> 'connection already exists' (3.10.1)", "[user]") {
    for (State s : kAll) {
        if (s == State::Closed || s == State::Listen) continue;
        Conn c = client_in(s);
        INFO(state_name(s));
        CHECK(c.ep.open_active(c.env) == SocketError::IsConnected);
        CHECK(c.ep.open_passive(c.env) == SocketError::IsConnected);
        CHECK(c.state() == s);
        CHECK(c.env.out.empty());
    }
}

// --- 3.10.2 SEND ---------------------------------------------------------------------------------

TEST_CASE("SEND: in CLOSED -> 'connection does not exist' (3.10.2)", "[user]") {
    Conn c = client_in(State::Closed);
    CHECK(c.ep.send(c.env, bytes("x")) == SocketError::InvalidState);
    CHECK(c.env.out.empty());
}

TEST_CASE("SEND: in LISTEN without a foreign socket -> 'remote socket unspecified' (3.10.2)", "[user]") {
    Conn c = server_in(State::Listen);
    CHECK(c.ep.send(c.env, bytes("x")) == SocketError::InvalidState);
    CHECK(c.state() == State::Listen);
}

TEST_CASE("SEND: in LISTEN with a foreign socket -> snd SYN, SYN-SENT, data queued (3.10.2)", "[user]") {
    Conn c = client_in(State::Listen);
    REQUIRE(c.ep.send(c.env, bytes("hi")) == SocketError::None);
    CHECK(c.state() == State::SynSent);
    CHECK(c.env.states.back().rule == Rule::SendInListen);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kSYN);
    CHECK(c.last().seq == 1000);
    CHECK(c.tcb().snd_nxt == 1001);
    CHECK(c.ep.send_buffer().size() == 2);
}

TEST_CASE("SEND: in SYN-SENT and SYN-RECEIVED -> queued until ESTABLISHED (3.10.2)", "[user]") {
    for (State s : {State::SynSent, State::SynRcvd}) {
        Conn c = client_in(s);
        INFO(state_name(s));
        CHECK(c.ep.send(c.env, bytes("q")) == SocketError::None);
        CHECK(c.env.out.empty());
        CHECK(c.ep.send_buffer().size() == 1);
        CHECK(c.env.fired(Rule::SendQueuedUntilEstablished));
    }
}

TEST_CASE("SEND: in ESTABLISHED and CLOSE-WAIT -> segmentized and sent (3.10.2)", "[user]") {
    for (State s : {State::Established, State::CloseWait}) {
        Conn c = client_in(s);
        INFO(state_name(s));
        CHECK(c.ep.send(c.env, bytes("d")) == SocketError::None);
        REQUIRE(c.sent_count() == 1);
        CHECK(c.last().seq == 1001);
        CHECK(c.last().payload == bytes("d"));
    }
}

TEST_CASE("SEND: in FIN-WAIT-1/2, CLOSING, LAST-ACK, TIME-WAIT -> 'connection closing' (3.10.2)", "[user]") {
    for (State s : {State::FinWait1, State::FinWait2, State::Closing, State::LastAck, State::TimeWait}) {
        Conn c = client_in(s);
        INFO(state_name(s));
        CHECK(c.ep.send(c.env, bytes("x")) == SocketError::Closing);
        CHECK(c.env.out.empty());
        CHECK(c.state() == s);
    }
}

// --- 3.10.3 RECEIVE ------------------------------------------------------------------------------

TEST_CASE("RECEIVE: returns buffered bytes in order, then 0 with peer_closed() after a FIN (3.10.3)", "[user]") {
    Conn c = client_in(State::Established);
    c.rcv(kACK, 5001, 1001, bytes("abcdef"));
    std::vector<uint8_t> out;
    CHECK(c.ep.receive(c.env, out, 4) == 4);
    CHECK(out == bytes("abcd"));
    c.rcv(kFIN | kACK, 5007, 1001);
    CHECK(c.state() == State::CloseWait);
    // CLOSE-WAIT: "any remaining data can be used to satisfy the RECEIVE"
    out.clear();
    CHECK(c.ep.receive(c.env, out, 100) == 2);
    CHECK(out == bytes("ef"));
    CHECK(c.ep.receive(c.env, out, 100) == 0);
    CHECK(c.ep.peer_closed());
}

TEST_CASE("RECEIVE: nothing to read in CLOSED/LISTEN/SYN-SENT returns 0 (3.10.3)", "[user]") {
    for (State s : {State::Closed, State::Listen, State::SynSent}) {
        Conn c = client_in(s);
        std::vector<uint8_t> out;
        CHECK(c.ep.receive(c.env, out, 10) == 0);
        CHECK(c.env.out.empty());
    }
}

// --- 3.10.4 CLOSE --------------------------------------------------------------------------------

TEST_CASE("CLOSE: in CLOSED -> 'connection does not exist' (3.10.4)", "[user]") {
    Conn c = client_in(State::Closed);
    CHECK(c.ep.close(c.env) == SocketError::InvalidState);
}

TEST_CASE("CLOSE: in LISTEN -> CLOSED, nothing sent (3.10.4)", "[user]") {
    Conn c = server_in(State::Listen);
    CHECK(c.ep.close(c.env) == SocketError::None);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::CloseInListen);
    CHECK(c.env.out.empty());
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::None});
}

TEST_CASE("CLOSE: in SYN-SENT -> CLOSED, nothing sent, timer stopped (3.10.4)", "[user]") {
    Conn c = client_in(State::SynSent);
    CHECK(c.ep.close(c.env) == SocketError::None);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.states.back().rule == Rule::CloseInSynSent);
    CHECK(c.env.out.empty());
    CHECK(c.deadline(TimerKind::Retransmission) == kNever);
}

TEST_CASE("CLOSE: in SYN-RECEIVED with nothing to send -> snd FIN, FIN-WAIT-1 (3.10.4)", "[user]") {
    Conn c = server_in(State::SynRcvd);
    CHECK(c.ep.close(c.env) == SocketError::None);
    CHECK(c.state() == State::FinWait1);
    CHECK(c.env.states.back().rule == Rule::CloseInSynRcvd);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == (kFIN | kACK));
    CHECK(c.last().seq == 5001);  // after our SYN (5000)
    CHECK(c.last().ack == 1001);
    // The ACK of SYN and FIN together ends in FIN-WAIT-2.
    c.env.clear();
    c.rcv(kACK, 1001, 5002);
    CHECK(c.state() == State::FinWait2);
}

TEST_CASE("CLOSE: in SYN-RECEIVED with data queued -> FIN after ESTABLISHED and the data (3.10.4)", "[user]") {
    Conn c = server_in(State::SynRcvd);
    REQUIRE(c.ep.send(c.env, bytes("xy")) == SocketError::None);
    CHECK(c.ep.close(c.env) == SocketError::None);
    CHECK(c.state() == State::SynRcvd);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::CloseInSynRcvdQueued));
    c.rcv(kACK, 1001, 5001);
    CHECK(c.state() == State::FinWait1);
    REQUIRE(c.sent_count() == 2);
    CHECK(c.env.out[0].seg.seq == 5001);
    CHECK(c.env.out[0].seg.payload == bytes("xy"));
    CHECK(c.env.out[1].seg.flags == (kFIN | kACK));
    CHECK(c.env.out[1].seg.seq == 5003);
}

TEST_CASE("CLOSE: in ESTABLISHED -> FIN-WAIT-1; in CLOSE-WAIT -> LAST-ACK (3.10.4)", "[user]") {
    Conn a = client_in(State::Established);
    CHECK(a.ep.close(a.env) == SocketError::None);
    CHECK(a.state() == State::FinWait1);
    Conn b = client_in(State::CloseWait);
    CHECK(b.ep.close(b.env) == SocketError::None);
    CHECK(b.state() == State::LastAck);
}

TEST_CASE("CLOSE: in FIN-WAIT-1/2, CLOSING, LAST-ACK, TIME-WAIT -> 'connection closing', no second FIN (3.10.4)", "[user]") {
    for (State s : {State::FinWait1, State::FinWait2, State::Closing, State::LastAck, State::TimeWait}) {
        Conn c = client_in(s);
        INFO(state_name(s));
        CHECK(c.ep.close(c.env) == SocketError::Closing);
        CHECK(c.env.out.empty());
        CHECK(c.state() == s);
    }
}

TEST_CASE("CLOSE: close() after shutdown() in FIN-WAIT-1/2 is ok and sends no second FIN (3.10.4)", "[user]") {
    Conn c = client_in(State::Established);
    REQUIRE(c.ep.close(c.env, false) == SocketError::None);  // shutdown(SHUT_WR)
    c.env.clear();
    CHECK(c.ep.close(c.env, true) == SocketError::None);
    CHECK(c.env.out.empty());
    CHECK(c.state() == State::FinWait1);
}

// --- 3.10.5 ABORT --------------------------------------------------------------------------------

TEST_CASE("ABORT: in CLOSED -> 'connection does not exist' (3.10.5)", "[user]") {
    Conn c = client_in(State::Closed);
    CHECK(c.ep.abort(c.env) == SocketError::InvalidState);
}

TEST_CASE("ABORT: in LISTEN and SYN-SENT -> CLOSED, nothing sent (3.10.5)", "[user]") {
    for (State s : {State::Listen, State::SynSent}) {
        Conn c = client_in(s);
        INFO(state_name(s));
        CHECK(c.ep.abort(c.env) == SocketError::None);
        CHECK(c.state() == State::Closed);
        CHECK(c.env.out.empty());
        CHECK(c.env.states.back().rule == Rule::AbortUnsynchronized);
        CHECK(c.env.closed == std::vector<SocketError>{SocketError::ConnAborted});
    }
}

TEST_CASE("ABORT: in SYN-RECEIVED .. CLOSE-WAIT -> snd <SEQ=SND.NXT><CTL=RST>, CLOSED (3.10.5)", "[user]") {
    struct Case { State s; Seq snd_nxt; };
    for (Case k : {Case{State::SynRcvd, 1001}, Case{State::Established, 1001}, Case{State::FinWait1, 1002},
                   Case{State::FinWait2, 1002}, Case{State::CloseWait, 1001}}) {
        Conn c = client_in(k.s);
        INFO(state_name(k.s));
        REQUIRE(c.ep.send_buffer().empty());
        CHECK(c.ep.abort(c.env) == SocketError::None);
        CHECK(c.state() == State::Closed);
        REQUIRE(c.sent_count() == 1);
        CHECK(c.last().flags == kRST);
        CHECK(c.last().seq == k.snd_nxt);
        CHECK(c.env.states.back().rule == Rule::AbortSendRst);
        CHECK(c.env.closed == std::vector<SocketError>{SocketError::ConnAborted});
        for (int t = 0; t < kTimerCount; ++t) CHECK(c.deadline(static_cast<TimerKind>(t)) == kNever);
    }
}

TEST_CASE("ABORT: in CLOSING, LAST-ACK, TIME-WAIT -> ok, CLOSED, nothing sent (3.10.5)", "[user]") {
    for (State s : {State::Closing, State::LastAck, State::TimeWait}) {
        Conn c = client_in(s);
        INFO(state_name(s));
        CHECK(c.ep.abort(c.env) == SocketError::None);
        CHECK(c.state() == State::Closed);
        CHECK(c.env.out.empty());
        CHECK(c.env.states.back().rule == Rule::AbortClosing);
    }
}

TEST_CASE("OPEN again after CLOSED starts a fresh connection (3.10.1)", "[user]") {
    Conn c = client_in(State::TimeWait);
    c.fire(TimerKind::TimeWait);
    REQUIRE(c.state() == State::Closed);
    c.env.clear();
    c.env.isn = 64000;
    REQUIRE(c.ep.open_active(c.env) == SocketError::None);
    CHECK(c.last().seq == 64000);
    CHECK(c.tcb().snd_nxt == 64001);
    CHECK_FALSE(c.tcb().fin_sent);
    CHECK_FALSE(c.ep.peer_closed());
}
