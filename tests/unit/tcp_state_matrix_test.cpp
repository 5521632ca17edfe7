// Every kind of arriving segment in every synchronized state (RFC 9293 3.10.7.4), rfc9293 profile.
// Client numbers (ISS = 1000, IRS = 5000); N = SND.NXT, U = SND.UNA, R = RCV.NXT in each state:
//   ESTABLISHED N=1001 U=1001 R=5001    FIN-WAIT-1 N=1002 U=1001 R=5001   FIN-WAIT-2 N=1002 U=1002 R=5001
//   CLOSE-WAIT  N=1001 U=1001 R=5002    CLOSING    N=1002 U=1001 R=5002   LAST-ACK   N=1002 U=1001 R=5002
//   TIME-WAIT   N=1002 U=1002 R=5002
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

namespace {

struct Numbers {
    State s;
    Seq n, u, r;
};
const Numbers kSync[] = {
    {State::Established, 1001, 1001, 5001}, {State::FinWait1, 1002, 1001, 5001}, {State::FinWait2, 1002, 1002, 5001},
    {State::CloseWait, 1001, 1001, 5002},   {State::Closing, 1002, 1001, 5002},  {State::LastAck, 1002, 1001, 5002},
    {State::TimeWait, 1002, 1002, 5002},
};

// The single reply must be <SEQ=N><ACK=R><CTL=ACK> and the state unchanged.
void expect_plain_ack(const Conn& c, const Numbers& k) {
    CHECK(c.state() == k.s);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == k.n);
    CHECK(c.last().ack == k.r);
    CHECK(c.last().payload.empty());
}

}  // namespace

TEST_CASE("Matrix: the numbers each state is set up with", "[matrix]") {
    for (const auto& k : kSync) {
        Conn c = client_in(k.s);
        INFO(state_name(k.s));
        CHECK(c.tcb().snd_nxt == k.n);
        CHECK(c.tcb().snd_una == k.u);
        CHECK(c.tcb().rcv_nxt == k.r);
    }
}

TEST_CASE("Matrix: rcv SYN or SYN,ACK at RCV.NXT in any synchronized state -> challenge ACK (3.10.7.4 fourth)", "[matrix]") {
    for (const auto& k : kSync) {
        for (uint16_t flags : {uint16_t(kSYN), uint16_t(kSYN | kACK)}) {
            Conn c = client_in(k.s);
            INFO(state_name(k.s) << " " << flags_string(flags));
            c.rcv(flags, k.r, k.u);
            expect_plain_ack(c, k);
            CHECK(c.env.fired(Rule::SynChallengeAck));
        }
    }
}

TEST_CASE("Matrix: rcv pure ACK of SND.UNA at RCV.NXT -> nothing happens (3.10.7.4 fifth)", "[matrix]") {
    for (const auto& k : kSync) {
        Conn c = client_in(k.s);
        INFO(state_name(k.s));
        c.rcv(kACK, k.r, k.u);
        CHECK(c.state() == k.s);
        CHECK(c.env.out.empty());
    }
}

TEST_CASE("Matrix: rcv ACK of unsent data (SND.NXT+1) -> snd ACK, drop (3.10.7.4 fifth)", "[matrix]") {
    for (const auto& k : kSync) {
        Conn c = client_in(k.s);
        INFO(state_name(k.s));
        c.rcv(kACK, k.r, k.n + 1);
        expect_plain_ack(c, k);
        CHECK(c.tcb().snd_una == k.u);
    }
}

TEST_CASE("Matrix: rcv 1 byte at RCV.NXT -> ACKed where the peer may still send, ignored after its FIN (3.10.7.4 seventh)", "[matrix]") {
    for (const auto& k : kSync) {
        Conn c = client_in(k.s);
        INFO(state_name(k.s));
        c.rcv(kACK, k.r, k.u, bytes("x"));
        CHECK(c.state() == k.s);
        const bool receiving = k.s == State::Established || k.s == State::FinWait1 || k.s == State::FinWait2;
        if (receiving) {
            REQUIRE(c.sent_count() == 1);
            CHECK(c.last().flags == kACK);
            CHECK(c.last().seq == k.n);
            CHECK(c.last().ack == k.r + 1);
        } else {
            CHECK(c.env.out.empty());
            CHECK(c.tcb().rcv_nxt == k.r);
        }
    }
}

TEST_CASE("Matrix: rcv FIN,ACK at RCV.NXT acking SND.UNA -> ESTABLISHED:CLOSE-WAIT, FIN-WAIT-1:CLOSING, FIN-WAIT-2:TIME-WAIT (3.10.7.4 eighth)", "[matrix]") {
    struct Case { State from, to; };
    for (Case k : {Case{State::Established, State::CloseWait}, Case{State::FinWait1, State::Closing},
                   Case{State::FinWait2, State::TimeWait}}) {
        Conn c = client_in(k.from);
        INFO(state_name(k.from));
        const Seq n = c.tcb().snd_nxt;
        c.rcv(kFIN | kACK, 5001, c.tcb().snd_una);
        CHECK(c.state() == k.to);
        REQUIRE(c.sent_count() == 1);
        CHECK(c.last().flags == kACK);
        CHECK(c.last().seq == n);
        CHECK(c.last().ack == 5002);
    }
}

TEST_CASE("Matrix: rcv RST or RST,ACK at RCV.NXT -> CLOSED in every synchronized state (3.10.7.4 second)", "[matrix]") {
    for (const auto& k : kSync) {
        for (uint16_t flags : {uint16_t(kRST), uint16_t(kRST | kACK)}) {
            Conn c = client_in(k.s);
            INFO(state_name(k.s) << " " << flags_string(flags));
            c.rcv(flags, k.r, k.u);
            CHECK(c.state() == State::Closed);
            CHECK(c.env.out.empty());
            for (int t = 0; t < kTimerCount; ++t) CHECK(c.deadline(static_cast<TimerKind>(t)) == kNever);
            REQUIRE(c.env.closed.size() == 1);
        }
    }
}

TEST_CASE("Matrix: rcv RST at RCV.NXT+1 (in window) -> challenge ACK, state kept (RFC 5961 3.2)", "[matrix]") {
    for (const auto& k : kSync) {
        Conn c = client_in(k.s);
        INFO(state_name(k.s));
        c.rcv(kRST, k.r + 1, 0);
        expect_plain_ack(c, k);
    }
}

TEST_CASE("Matrix: rcv RST outside the window (RCV.NXT+RCV.WND, RCV.NXT-1) -> silently dropped (3.10.7.4 first)", "[matrix]") {
    for (const auto& k : kSync) {
        Conn c = client_in(k.s);
        INFO(state_name(k.s));
        c.rcv(kRST, k.r + 65535, 0);
        c.rcv(kRST, k.r - 1, 0);
        CHECK(c.state() == k.s);
        CHECK(c.env.out.empty());
    }
}

TEST_CASE("Matrix: rcv data at RCV.NXT+RCV.WND or wholly before RCV.NXT -> snd ACK, drop (3.10.7.4 first)", "[matrix]") {
    for (const auto& k : kSync) {
        for (Seq seq : {k.r + 65535, k.r - 1}) {
            Conn c = client_in(k.s);
            INFO(state_name(k.s) << " seq " << seq);
            c.rcv(kACK, seq, k.u, bytes("x"));
            expect_plain_ack(c, k);
        }
    }
}

TEST_CASE("Matrix: rcv data without the ACK bit -> dropped, no reply (3.10.7.4 fifth)", "[matrix]") {
    for (const auto& k : kSync) {
        Conn c = client_in(k.s);
        INFO(state_name(k.s));
        c.rcv(kPSH, k.r, 0, bytes("x"));
        CHECK(c.state() == k.s);
        CHECK(c.env.out.empty());
        CHECK(c.tcb().rcv_nxt == k.r);
    }
}
