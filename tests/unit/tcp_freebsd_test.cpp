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
    // shutdown(SHUT_WR): after close() the data would get a RST (rst_on_data_after_close).
    Conn c = client_in(State::Established, freebsd());
    REQUIRE(c.ep.close(c.env, false) == SocketError::None);
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

namespace {
std::vector<Micros> sent_times(const FakeEnv& env) {
    std::vector<Micros> v;
    for (const auto& s : env.out) v.push_back(s.at);
    return v;
}
}  // namespace

TEST_CASE("freebsd SYN-SENT: SYNs back off by doubling plus the 200 ms rexmit_slop; keepinit ends the attempt at 75 s (tcp_timer_rexmt, TCPT_RANGESET, tcp_timer_keep)", "[freebsd][syn_sent][timers]") {
    Conn c = client_in(State::SynSent, freebsd());
    c.run_until(sec(74));
    // rexmt = rexmit_initial * tcp_backoff[shift] + rexmit_slop: 1 s, then 2.2, 4.2, 8.2, 16.2, 32.2 s.
    CHECK(sent_times(c.env) == std::vector<Micros>{sec(1), msec(3200), msec(7400), msec(15600), msec(31800), sec(64)});
    CHECK(c.state() == State::SynSent);
    CHECK(c.deadline(TimerKind::Retransmission) == sec(75));  // clamped to the keepinit deadline
    c.run_until(sec(75));
    CHECK(c.state() == State::Closed);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::TimedOut});
    CHECK(c.env.states.back().rule == Rule::SynSentTimeout);
    // rfc9293: no slop, no connect timeout: 1, 3, 7, 15, 31, 63 s and still SYN-SENT at 75 s.
    Conn r = client_in(State::SynSent, profile("rfc9293"));
    r.run_until(sec(75));
    CHECK(sent_times(r.env) == std::vector<Micros>{sec(1), sec(3), sec(7), sec(15), sec(31), sec(63)});
    CHECK(r.state() == State::SynSent);
}

TEST_CASE("freebsd ESTABLISHED: the RTO after an RTT sample carries the rexmit_slop (TCPT_RANGESET in tcp_xmit_timer)", "[freebsd][established][timers]") {
    Profile p = freebsd();
    p.delayed_ack = 0;
    Conn c(p, true);
    c.to_syn_sent();
    c.env.t = msec(100);  // RTT 100 ms: RTO = 100 + 4 * 50 = 300 ms, + 200 ms slop
    c.rcv(kSYN | kACK, 5000, 1001);
    REQUIRE(c.state() == State::Established);
    c.env.clear();
    REQUIRE(c.ep.send(c.env, bytes("abc")) == SocketError::None);
    CHECK(c.deadline(TimerKind::Retransmission) == msec(100) + msec(500));
    Profile q = p;
    q.rexmit_slop = 0;
    Conn r(q, true);
    r.to_syn_sent();
    r.env.t = msec(100);
    r.rcv(kSYN | kACK, 5000, 1001);
    REQUIRE(r.ep.send(r.env, bytes("abc")) == SocketError::None);
    CHECK(r.deadline(TimerKind::Retransmission) == msec(100) + msec(300));
}

TEST_CASE("freebsd SYN-SENT: ecn=1 puts ECE,CWR on the SYN and its first ecn_maxretries retransmissions (RFC 3168 6.1.1, tcp_output)", "[freebsd][syn_sent][ecn]") {
    Profile p = freebsd();
    p.ecn = 1;
    Conn c(p, true);
    REQUIRE(c.ep.open_active(c.env) == SocketError::None);
    c.run_until(msec(3300));
    REQUIRE(c.sent_count() == 3);
    CHECK(c.env.out[0].seg.flags == (kSYN | kECE | kCWR));
    CHECK(c.env.out[1].seg.flags == (kSYN | kECE | kCWR));  // ecn_maxretries = 1
    CHECK(c.env.out[2].seg.flags == kSYN);
    // The default ecn = 2 only accepts ECN: a plain SYN.
    Conn d(freebsd(), true);
    REQUIRE(d.ep.open_active(d.env) == SocketError::None);
    CHECK(d.last().flags == kSYN);
}

TEST_CASE("freebsd LISTEN: an ECN-setup SYN is answered with an ECN-setup SYN,ACK (ECE); rfc9293 leaves ECN off (RFC 3168 6.1.1)", "[freebsd][listen][ecn]") {
    Conn c = server_in(State::Listen, freebsd());
    c.rcv(kSYN | kECE | kCWR, 1000, 0);
    REQUIRE(c.state() == State::SynRcvd);
    CHECK(c.last().flags == (kSYN | kACK | kECE));
    Conn plain = server_in(State::Listen, freebsd());
    plain.rcv(kSYN, 1000, 0);
    CHECK(plain.last().flags == (kSYN | kACK));
    Conn r = server_in(State::Listen, profile("rfc9293"));
    r.rcv(kSYN | kECE | kCWR, 1000, 0);
    CHECK(r.last().flags == (kSYN | kACK));
}

TEST_CASE("freebsd SYN-SENT: simultaneous open with an ECN-setup SYN: SYN,ACK with ECE (RFC 3168 6.1.1)", "[freebsd][syn_sent][ecn]") {
    Conn c = client_in(State::SynSent, freebsd());
    c.rcv(kSYN | kECE | kCWR, 5000, 0);
    REQUIRE(c.state() == State::SynRcvd);
    CHECK(c.last().flags == (kSYN | kACK | kECE));
}

TEST_CASE("freebsd LISTEN: a SYN,ACK is dropped silently; rfc9293 answers <SEQ=SEG.ACK><CTL=RST> (tcp_input.c; RFC 9293 3.10.7.2)", "[freebsd][listen]") {
    Conn c = server_in(State::Listen, freebsd());
    c.rcv(kSYN | kACK, 17, 34);
    CHECK(c.state() == State::Listen);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::ListenDropSynAck));
    Conn r = server_in(State::Listen, profile("rfc9293"));
    r.rcv(kSYN | kACK, 17, 34);
    REQUIRE(r.sent_count() == 1);
    CHECK(r.last().flags == kRST);
    CHECK(r.last().seq == 34);
}

TEST_CASE("freebsd TIME-WAIT: a SYN above RCV.NXT closes the old connection for the listener (RFC 9293 3.6.1 MAY-2, tcp_twcheck)", "[freebsd][time_wait]") {
    Conn c = client_in(State::TimeWait, freebsd());
    c.rcv(kSYN, 5002 + 100000, 0);
    CHECK(c.state() == State::Closed);
    CHECK(c.env.out.empty());
    CHECK(c.env.states.back().rule == Rule::TimeWaitSynReopens);
    CHECK(c.env.closed == std::vector<SocketError>{SocketError::None});
    auto syn = c.ep.take_reopening_syn();
    REQUIRE(syn);
    CHECK(syn->seq == 5002 + 100000);
    CHECK_FALSE(c.ep.take_reopening_syn());  // handed over once
    // A SYN at or below RCV.NXT, and a SYN,ACK above it, stay with TIME-WAIT (challenge ACK / ACK).
    Conn low = client_in(State::TimeWait, freebsd());
    low.rcv(kSYN, 5002, 0);
    CHECK(low.state() == State::TimeWait);
    CHECK_FALSE(low.ep.take_reopening_syn());
    Conn synack = client_in(State::TimeWait, freebsd());
    synack.rcv(kSYN | kACK, 5002 + 100000, 1002);
    CHECK(synack.state() == State::TimeWait);
    REQUIRE(synack.sent_count() == 1);
    CHECK(synack.last().flags == kACK);
    // rfc9293: the SYN gets the RFC 5961 challenge ACK and TIME-WAIT stays.
    Conn r = client_in(State::TimeWait, profile("rfc9293"));
    r.rcv(kSYN, 5002 + 100000, 0);
    CHECK(r.state() == State::TimeWait);
    REQUIRE(r.sent_count() == 1);
    CHECK(r.last().flags == kACK);
    CHECK_FALSE(r.ep.take_reopening_syn());
}

TEST_CASE("freebsd SYN-RECEIVED (passive): the syncache's window is the advertised 65535, not the MSS-rounded buffer (syncache_add, syncache_chkrst)", "[freebsd][syn_rcvd]") {
    Conn c = server_in(State::SynRcvd, freebsd());
    // RCV.NXT = 1001; 1001 + 65535 is just outside the syncache's window: the RST is dropped.
    c.rcv(kRST, 1001 + 65535, 0);
    CHECK(c.state() == State::SynRcvd);
    CHECK(c.env.out.empty());
    // One byte inside: RFC 5961 challenge ACK.
    c.rcv(kRST, 1001 + 65534, 0);
    CHECK(c.state() == State::SynRcvd);
    REQUIRE(c.sent_count() == 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 1001);
}

TEST_CASE("freebsd SYN-SENT: drop_synfin drops a SYN,FIN in SYN-SENT too (tcp_input.c checks it before the connection lookup)", "[freebsd][syn_sent]") {
    Conn c = client_in(State::SynSent, freebsd(true));
    c.rcv(kSYN | kFIN, 5000, 0);
    CHECK(c.state() == State::SynSent);
    CHECK(c.env.out.empty());
    CHECK(c.env.fired(Rule::DropSynFin));
}

TEST_CASE("freebsd SYN-SENT: simultaneous open keeps a SYN's text but not its FIN; rfc9293 queues both (RFC 9293 3.10.7.3)", "[freebsd][syn_sent]") {
    Conn c = client_in(State::SynSent, freebsd());
    c.rcv(kSYN | kFIN, 5000, 0, bytes("abc"));
    REQUIRE(c.state() == State::SynRcvd);
    c.rcv(kACK, 5004, 1001);
    CHECK(c.state() == State::Established);  // the FIN was not kept: no CLOSE-WAIT
    CHECK(c.read_all() == bytes("abc"));
    CHECK(c.tcb().rcv_nxt == 5004);
    Conn r = client_in(State::SynSent, profile("rfc9293"));
    r.rcv(kSYN | kFIN, 5000, 0, bytes("abc"));
    r.rcv(kACK, 5005, 1001);
    CHECK(r.state() == State::CloseWait);
    CHECK(r.tcb().rcv_nxt == 5005);
}

TEST_CASE("freebsd CLOSING: the peer's retransmitted FIN,ACK still acknowledges our FIN (tcp_input.c trims old text, processes the ACK)", "[freebsd][closing]") {
    Conn c = client_in(State::Closing, freebsd());
    // CLOSING: our FIN is 1001, RCV.NXT = 5002. The peer's FIN again, now acknowledging ours.
    c.rcv(kFIN | kACK, 5001, 1002);
    CHECK(c.state() == State::TimeWait);
    CHECK(c.env.fired(Rule::OldSegmentAckProcessed));
    REQUIRE(c.sent_count() >= 1);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 5002);
    // rfc9293 3.10.7.4 first check: unacceptable, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, dropped.
    Conn r = client_in(State::Closing, profile("rfc9293"));
    r.rcv(kFIN | kACK, 5001, 1002);
    CHECK(r.state() == State::Closing);
    REQUIRE(r.sent_count() == 1);
    CHECK(r.last().flags == kACK);
}

TEST_CASE("freebsd ESTABLISHED: at most ack_war_cnt = 5 challenge ACKs per 1 s window (RFC 5961 7, tcp_send_challenge_ack)", "[freebsd][established][rfc5961]") {
    Conn c = client_in(State::Established, freebsd());
    for (int i = 0; i < 7; ++i) c.rcv(kRST, 5001 + 10 + static_cast<Seq>(i), 0);  // in window, not RCV.NXT
    CHECK(c.state() == State::Established);
    CHECK(c.sent_count() == 5);
    CHECK(c.env.fired(Rule::ChallengeAckLimited));
    // SYNs count against the same limit.
    c.rcv(kSYN, 5001, 0);
    CHECK(c.sent_count() == 5);
    // A new window opens 1 s after the first challenge ACK.
    c.env.t = sec(1);
    c.rcv(kSYN, 5001, 0);
    REQUIRE(c.sent_count() == 6);
    CHECK(c.last().flags == kACK);
    CHECK(c.last().ack == 5001);
    // rfc9293 sets no limit: every in-window RST is challenged.
    Conn r = client_in(State::Established, profile("rfc9293"));
    for (int i = 0; i < 7; ++i) r.rcv(kRST, 5001 + 10 + static_cast<Seq>(i), 0);
    CHECK(r.sent_count() == 7);
    CHECK_FALSE(r.env.fired(Rule::ChallengeAckLimited));
}

TEST_CASE("freebsd SYN-RECEIVED (passive): the listener's close drops it without RST (syncache); rfc9293 leaves it to the socket layer's ABORT", "[freebsd][syn_rcvd]") {
    Conn c = server_in(State::SynRcvd, freebsd());
    CHECK(c.ep.drop_embryonic(c.env));
    CHECK(c.state() == State::Closed);
    CHECK(c.env.out.empty());
    CHECK(c.env.states.back().rule == Rule::EmbryonicDropped);
    Conn r = server_in(State::SynRcvd, profile("rfc9293"));
    CHECK_FALSE(r.ep.drop_embryonic(r.env));
    CHECK(r.state() == State::SynRcvd);
    // Only passive half-open connections are syncache entries.
    Conn active = client_in(State::SynRcvd, freebsd());
    CHECK_FALSE(active.ep.drop_embryonic(active.env));
    CHECK(active.state() == State::SynRcvd);
}
