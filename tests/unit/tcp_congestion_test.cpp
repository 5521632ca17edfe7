// Congestion control (RFC 9293 3.8.2 MUST-19: RFC 5681 slow start, congestion avoidance, the loss
// window after a retransmission timeout) and fast retransmit / NewReno fast recovery (RFC 5681 3.2,
// RFC 6582), per profile. The client is ESTABLISHED with ISS 1000, IRS 5000, peer window 65535; the
// harness's SYN,ACK has no MSS option, so SMSS = 536 (RFC 9293 3.7.1 default).
#include "endpoint_harness.h"

using namespace tcplab;
using namespace tcplab::test;

namespace {

constexpr uint32_t kSmss = 536;

// Data segments sent (retransmissions included), in order.
std::vector<Sent> data_sent(const FakeEnv& env) {
    std::vector<Sent> v;
    for (const auto& s : env.out)
        if (!s.seg.payload.empty()) v.push_back(s);
    return v;
}

size_t retransmissions(const FakeEnv& env) {
    size_t n = 0;
    for (const auto& s : env.out) n += s.retransmission ? 1 : 0;
    return n;
}

size_t count_rule(const FakeEnv& env, Rule r) {
    size_t n = 0;
    for (Rule x : env.rules) n += x == r ? 1 : 0;
    return n;
}

// ESTABLISHED client that has written `n` bytes; the logs hold only what that SEND sent.
Conn sending(const std::string& profile_name, size_t n) {
    Conn c = client_in(State::Established, profile(profile_name));
    REQUIRE(c.ep.send(c.env, bytes(n)) == SocketError::None);
    return c;
}

// The peer acknowledges up to `ack` (sequence number), with no data.
void ack(Conn& c, Seq ack_no, uint16_t window = 65535) { c.rcv(kACK, 5001, ack_no, {}, window); }

}  // namespace

TEST_CASE("Congestion: rfc9293 initial window is 4 SMSS for SMSS 536 (RFC 5681 3.1)", "[congestion]") {
    Conn c = sending("rfc9293", 10000);
    const auto sent = data_sent(c.env);
    REQUIRE(sent.size() == 4);
    for (size_t i = 0; i < sent.size(); ++i) {
        CHECK(sent[i].seg.seq == 1001 + i * kSmss);
        CHECK(sent[i].seg.payload.size() == kSmss);
    }
    CHECK(c.tcb().cwnd == 4 * kSmss);
    CHECK(c.tcb().snd_nxt == 1001 + 4 * kSmss);  // the peer's window (65535) would allow all 10000
    CHECK(count_rule(c.env, Rule::CwndFull) == 1);
}

TEST_CASE("Congestion: rfc9293 initial window is 3 SMSS for SMSS 1460 (RFC 5681 3.1)", "[congestion]") {
    Conn c(profile("rfc9293"), true);
    c.to_syn_sent();
    Segment synack = c.make(kSYN | kACK, 5000, 1001);
    synack.options.mss = 1460;
    c.rcv(synack);
    REQUIRE(c.state() == State::Established);
    c.env.clear();
    REQUIRE(c.ep.send(c.env, bytes(10000)) == SocketError::None);
    CHECK(data_sent(c.env).size() == 3);
    CHECK(c.tcb().cwnd == 3 * 1460);
}

TEST_CASE("Congestion: linux and freebsd start with 10 segments (RFC 6928; tcp_init_cwnd, tcp_compute_initwnd)", "[congestion]") {
    for (const char* name : {"linux", "freebsd"}) {
        Conn c = sending(name, 10000);
        CHECK(data_sent(c.env).size() == 10);
        CHECK(c.tcb().cwnd == 10 * kSmss);
    }
}

TEST_CASE("Congestion: after a lost SYN the initial window is 1 SMSS (RFC 5681 3.1)", "[congestion]") {
    Conn c(profile("rfc9293"), true);
    c.to_syn_sent();
    c.fire(TimerKind::Retransmission);  // the SYN again
    c.rcv(kSYN | kACK, 5000, 1001);
    REQUIRE(c.state() == State::Established);
    c.env.clear();
    REQUIRE(c.ep.send(c.env, bytes(5000)) == SocketError::None);
    CHECK(data_sent(c.env).size() == 1);
    CHECK(c.tcb().cwnd == kSmss);
}

TEST_CASE("Congestion: slow start grows cwnd by the bytes each ACK acknowledges, at most L SMSS (RFC 5681 3.1, RFC 3465)", "[congestion]") {
    SECTION("rfc9293: one SMSS per ACK; two new segments go for each segment acknowledged") {
        Conn c = sending("rfc9293", 20000);
        c.env.clear();
        ack(c, 1001 + kSmss);
        CHECK(c.tcb().cwnd == 5 * kSmss);
        const auto sent = data_sent(c.env);
        REQUIRE(sent.size() == 2);
        CHECK(sent[0].seg.seq == 1001 + 4 * kSmss);
        CHECK(sent[1].seg.seq == 1001 + 5 * kSmss);
        ack(c, 1001 + 3 * kSmss);  // two segments in one ACK: L = 1 SMSS
        CHECK(c.tcb().cwnd == 6 * kSmss);
    }
    SECTION("freebsd: abc_l_var = 2 SMSS per ACK") {
        Conn c = sending("freebsd", 20000);
        ack(c, 1001 + 4 * kSmss);
        CHECK(c.tcb().cwnd == 12 * kSmss);
    }
    SECTION("linux: every acknowledged segment counts") {
        Conn c = sending("linux", 20000);
        ack(c, 1001 + 4 * kSmss);
        CHECK(c.tcb().cwnd == 14 * kSmss);
    }
}

TEST_CASE("Congestion: congestion avoidance adds one SMSS per cwnd of acknowledged bytes (RFC 5681 3.1)", "[congestion]") {
    Conn c = client_in(State::Established, profile("rfc9293"));
    c.ep.tcb_for_setup().ssthresh = 4 * kSmss;  // cwnd (IW) = ssthresh: congestion avoidance from the start
    REQUIRE(c.ep.send(c.env, bytes(20000)) == SocketError::None);
    for (uint32_t i = 1; i <= 3; ++i) {
        ack(c, 1001 + i * kSmss);
        CHECK(c.tcb().cwnd == 4 * kSmss);  // 536, 1072, 1608 bytes counted: below cwnd
    }
    ack(c, 1001 + 4 * kSmss);  // 2144 = cwnd acknowledged: one round trip
    CHECK(c.tcb().cwnd == 5 * kSmss);
    CHECK(c.tcb().ca_bytes_acked == 0);
}

TEST_CASE("Congestion: a retransmission timeout sets ssthresh = max(FlightSize/2, 2*SMSS) and cwnd = 1 SMSS (RFC 5681 3.1 eq. 4)", "[congestion]") {
    Conn c = sending("freebsd", 10000);  // 10 segments = 5360 bytes in flight
    c.env.clear();
    c.fire(TimerKind::Retransmission);
    CHECK(c.tcb().ssthresh == 5 * kSmss);
    CHECK(c.tcb().cwnd == kSmss);
    CHECK(c.env.fired(Rule::LossWindow));
    const auto sent = data_sent(c.env);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].seg.seq == 1001);
    CHECK(sent[0].retransmission);
    ack(c, 1001 + kSmss);  // slow start again from the loss window
    CHECK(c.tcb().cwnd == 2 * kSmss);
}

TEST_CASE("Congestion: the third duplicate ACK, not the second, fast-retransmits the first unacknowledged segment once (RFC 5681 3.2)", "[congestion]") {
    Conn c = sending("freebsd", 5360);
    ack(c, 1537);  // new data acknowledged
    c.env.clear();
    ack(c, 1537);
    ack(c, 1537);
    CHECK(count_rule(c.env, Rule::DuplicateAck) == 2);
    CHECK(retransmissions(c.env) == 0);
    CHECK(c.tcb().dupacks == 2);
    ack(c, 1537);
    REQUIRE(retransmissions(c.env) == 1);
    CHECK(c.env.fired(Rule::FastRetransmit));
    const Segment& r = c.last();
    CHECK(r.seq == 1537);
    CHECK(r.payload.size() == kSmss);
    CHECK(c.tcb().fast_recovery);
    CHECK(c.tcb().ssthresh == (5360 - kSmss) / 2);  // FlightSize 4824
    CHECK(c.tcb().cwnd == (5360 - kSmss) / 2 + 3 * kSmss);
    ack(c, 1537);  // a fourth: the window inflates, nothing is resent
    ack(c, 1537);
    CHECK(retransmissions(c.env) == 1);
    CHECK(c.tcb().cwnd == (5360 - kSmss) / 2 + 5 * kSmss);
    ack(c, 6361);  // everything: fast recovery ends (RFC 6582 3.2 step 3, option 1)
    CHECK(c.env.fired(Rule::FastRecoveryEnd));
    CHECK_FALSE(c.tcb().fast_recovery);
    CHECK(c.tcb().cwnd == 2 * kSmss);  // min(ssthresh, max(FlightSize 0, SMSS) + SMSS)
}

TEST_CASE("Congestion: a partial ACK in fast recovery retransmits the next hole (NewReno, RFC 6582 3.2)", "[congestion]") {
    Conn c = sending("freebsd", 5360);
    ack(c, 1537);
    for (int i = 0; i < 3; ++i) ack(c, 1537);
    c.env.clear();
    ack(c, 2073);  // covers the fast retransmission only
    CHECK(c.env.fired(Rule::FastRecoveryPartialAck));
    REQUIRE(retransmissions(c.env) == 1);
    CHECK(c.env.out[0].seg.seq == 2073);
    CHECK(c.tcb().fast_recovery);
}

TEST_CASE("Congestion: a segment with data or a new window is not a duplicate ACK (RFC 5681 section 2)", "[congestion]") {
    Conn c = sending("freebsd", 5360);
    ack(c, 1537);
    ack(c, 1537);
    ack(c, 1537);
    c.env.clear();
    c.rcv(kACK | kPSH, 5001, 1537, bytes("hi"));  // carries data: acknowledged, not counted
    ack(c, 1537, 60000);                          // a window update: not counted either
    CHECK(count_rule(c.env, Rule::DuplicateAck) == 0);
    CHECK(retransmissions(c.env) == 0);
    CHECK(c.tcb().dupacks == 2);                  // only ACKs that move SND.UNA start the count again
    ack(c, 1537, 60000);                          // the third duplicate (same window as the last)
    CHECK(retransmissions(c.env) == 1);
    CHECK(c.env.fired(Rule::FastRetransmit));
}

TEST_CASE("Congestion: rfc793 has none: the peer's window is the only limit and duplicate ACKs resend nothing", "[congestion]") {
    Conn c = sending("rfc793", 10000);
    CHECK(data_sent(c.env).size() == 19);  // 10000 bytes in 536-byte segments, all within 65535
    CHECK(c.tcb().cwnd == 0);
    ack(c, 1537);
    c.env.clear();
    for (int i = 0; i < 4; ++i) ack(c, 1537);
    CHECK(c.env.out.empty());
    CHECK(c.env.rules.empty());
}

TEST_CASE("Congestion: data held by cwnd still goes after the peer's FIN moves FIN-WAIT-1 to CLOSING (3.10.4, RFC 5681 3.1)", "[congestion]") {
    Conn c = sending("rfc9293", 3000);  // 4 segments out, 856 bytes wait for cwnd
    REQUIRE(c.ep.close(c.env) == SocketError::None);
    REQUIRE(c.state() == State::FinWait1);
    CHECK_FALSE(c.tcb().fin_sent);
    c.rcv(kFIN | kACK, 5001, 1001);  // the peer closes too, before any of our data is acknowledged
    REQUIRE(c.state() == State::Closing);
    c.env.clear();
    c.rcv(kACK, 5002, 1001 + 4 * kSmss);  // after the peer's FIN
    const auto sent = data_sent(c.env);
    REQUIRE(sent.size() == 2);
    CHECK(sent[0].seg.seq == 1001 + 4 * kSmss);
    CHECK(sent[1].seg.payload.size() == 3000 - 5 * kSmss);
    CHECK(c.tcb().fin_sent);
    CHECK(c.tcb().fin_seq == 4001);
}
