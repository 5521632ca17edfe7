// The freebsd profile's own choices, per state, each next to what the RFC profile does
// (docs/profiles.md names the FreeBSD function each parameter mirrors).
// Client: ISS = 1000, IRS = 5000; in TIME-WAIT SND.NXT = 1002, RCV.NXT = 5002. Server: ISS = 5000.
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

namespace {

Profile freebsd(bool drop_synfin = false) {
    Profile p = profile("freebsd");
    p.drop_synfin = drop_synfin;
    return p;
}

}  // namespace

TEST_CASE("freebsd LISTEN: SYN+FIN with drop_synfin is dropped silently (tcp_input.c, drop_synfin)", "[freebsd][listen]") {
    Conn c = server_in(State::Listen, freebsd(true));
    c.rcv(kSYN | kFIN, 1000, 0);
    CHECK(c.state() == State::Listen);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::DropSynFin));
    // FreeBSD's default (drop_synfin = 0) and RFC 9293 3.10.7.2: the SYN opens the connection.
    Conn open = server_in(State::Listen, freebsd(false));
    open.rcv(kSYN | kFIN, 1000, 0);
    CHECK(open.state() == State::SynRcvd);
    CHECK_FALSE(open.env.fired(Rule::DropSynFin));
}

TEST_CASE("freebsd TIME-WAIT: SYN+FIN with drop_synfin is dropped silently (tcp_twcheck)", "[freebsd][time_wait]") {
    Conn c = client_in(State::TimeWait, freebsd(true));
    const Micros deadline = c.deadline(TimerKind::TimeWait);
    c.rcv(kSYN | kFIN, 5002, 0);
    CHECK(c.state() == State::TimeWait);
    CHECK(c.env.out.empty());
    CHECK(c.deadline(TimerKind::TimeWait) == deadline);
    CHECK(c.env.fired(Rule::DropSynFin));
}

TEST_CASE("freebsd TIME-WAIT: a segment without ACK is dropped silently (tcp_twcheck)", "[freebsd][time_wait]") {
    Conn c = client_in(State::TimeWait, freebsd());
    c.rcv(kFIN, 5001, 0);  // the peer's FIN again, without ACK
    CHECK(c.state() == State::TimeWait);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::TimeWaitDropWithoutAck));
    // With ACK it is the retransmitted FIN of RFC 9293 3.10.7.4: acknowledged.
    Conn acked = client_in(State::TimeWait, freebsd());
    acked.rcv(kFIN | kACK, 5001, 1002);
    REQUIRE(acked.sent_count() == 1);
    CHECK(acked.last().flags == kACK);
    CHECK(acked.last().ack == 5002);
    CHECK_FALSE(acked.env.fired(Rule::TimeWaitDropWithoutAck));
}

TEST_CASE("rfc9293 TIME-WAIT: a segment without ACK is not dropped by a FreeBSD rule", "[freebsd][time_wait]") {
    Conn c = client_in(State::TimeWait, profile("rfc9293"));
    c.rcv(kFIN, 5001, 0);
    CHECK_FALSE(c.env.fired(Rule::TimeWaitDropWithoutAck));
}

TEST_CASE("freebsd TIME-WAIT: RST is ignored (tcp_twcheck, RFC 1337)", "[freebsd][time_wait]") {
    Conn c = client_in(State::TimeWait, freebsd());
    c.rcv(kRST, 5002, 0);
    CHECK(c.state() == State::TimeWait);
    CHECK(c.env.out.empty());
}

TEST_CASE("freebsd ESTABLISHED: accepts into the MSS-rounded buffer, advertises at most 65535 (tcp_mss_update)", "[freebsd][established]") {
    Conn c = client_in(State::Established, freebsd());
    const uint32_t mss = std::min<uint32_t>(c.tcb().snd_mss, 1460);
    const uint32_t buffer = (65536 + mss - 1) / mss * mss;  // 65700 with MSS 1460
    REQUIRE(buffer > 65535);
    c.rcv(kACK, 5001, 1001);  // nothing new: no reply
    c.env.clear();
    // A RST past the advertised 65535 but inside the rounded buffer is in the window: not at
    // RCV.NXT, so it gets the challenge ACK (RFC 5961 3.2), advertising 65535.
    c.rcv(kRST, 5001 + 65535 + 1, 0);
    CHECK(c.state() == State::Established);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().window == 65535);
    // rfc9293: the same RST lies outside RCV.WND = 65535 and is dropped without reply (3.10.7.4).
    Conn r = client_in(State::Established, profile("rfc9293"));
    r.env.clear();
    r.rcv(kRST, 5001 + 65535 + 1, 0);
    CHECK(r.state() == State::Established);
    CHECK(r.env.out.empty());
}

TEST_CASE("freebsd TIME-WAIT: an in-window SYN,ACK is answered with an ACK, an exact duplicate ACK is not (tcp_twcheck)", "[freebsd][time_wait]") {
    Conn c = client_in(State::TimeWait, freebsd());
    c.env.clear();
    c.rcv(kSYN | kACK, 5002, 1002);
    CHECK(c.state() == State::TimeWait);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().seq == 1002);
    CHECK(c.last().ack == 5002);
    CHECK(c.env.fired(Rule::TimeWaitTwcheckAck));
    c.env.clear();
    c.rcv(kACK, 5002, 1002);  // exactly <SEQ=RCV.NXT><ACK=SND.NXT>: dropped
    CHECK(c.env.out.empty());
}

TEST_CASE("freebsd FIN-WAIT-1: an ACK sent while our FIN is unacknowledged carries the FIN again (tcp_output)", "[freebsd][fin_wait]") {
    Conn c = client_in(State::FinWait1, freebsd());
    c.env.clear();
    c.rcv(kACK | kPSH, 5001, 1001, bytes("ab"));  // data, not acking our FIN (1001)
    if (c.sent_count() == 0) c.fire(TimerKind::DelayedAck);  // freebsd delays ACKs by 40 ms
    REQUIRE(c.sent_count() >= 1);
    CHECK(c.env.out.front().seg.flags == (kFIN | kACK));
    CHECK(c.env.out.front().seg.seq == 1001);
    CHECK(c.env.out.front().seg.ack == 5003);
    // rfc9293 (3.10.7.4 seventh): a plain ACK at SND.NXT.
    Conn r = client_in(State::FinWait1, profile("rfc9293"));
    r.env.clear();
    r.rcv(kACK | kPSH, 5001, 1001, bytes("ab"));
    REQUIRE(r.sent_count() >= 1);
    CHECK(r.env.out.front().seg.flags == kACK);
    CHECK(r.env.out.front().seg.seq == 1002);
}
