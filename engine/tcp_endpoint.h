// One TCP connection endpoint: the transmission control block and the state machine of
// RFC 9293 section 3.10. The public methods are the section's events, in its order:
// OPEN, SEND, RECEIVE, CLOSE, ABORT, SEGMENT ARRIVES, timeouts.
//
// The endpoint has no pointers to the outside world, so a whole simulation can be copied
// (snapshots). Everything it needs (the time, sending a segment, timers, trace, upcalls to the
// socket layer) goes through the Env passed into each call.
#pragma once
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>
#include <span>
#include <vector>

#include "profile.h"
#include "rules.h"
#include "segment.h"
#include "seq.h"
#include "socket_error.h"
#include "state.h"
#include "vtime.h"
#include "timers.h"

namespace tcplab {

class Endpoint;

// What an endpoint needs from its host. Implemented by the simulator's host layer and by tests.
class Env {
public:
    virtual ~Env() = default;
    virtual Micros now() const = 0;
    // Initial send sequence number for a new connection (fixed per scenario or seeded).
    virtual Seq choose_isn(const Endpoint& ep) = 0;
    // A segment leaves the endpoint. Ports are filled in; the host adds the IP addresses.
    virtual void output(const Endpoint& ep, Segment seg, bool retransmission) = 0;
    // ep.timer_deadline(kind) changed (kNever when stopped). `fired` is true when called from timeout().
    virtual void timer_changed(const Endpoint& ep, TimerKind kind) = 0;
    // Trace hooks. The endpoint calls them only when tracing() is true, so a benchmark without a
    // trace pays nothing for building the entries.
    virtual bool tracing() const = 0;
    virtual void trace_state(const Endpoint& ep, State from, State to, Rule rule) = 0;
    virtual void trace_rule(const Endpoint& ep, Rule rule) = 0;
    // Upcalls to the socket layer.
    virtual void on_established(Endpoint& ep) = 0;                 // entered ESTABLISHED
    virtual void on_data(Endpoint& ep) = 0;                        // readable data or FIN arrived
    virtual void on_closed(Endpoint& ep, SocketError why) = 0;     // entered CLOSED (None = orderly)
    // A passively opened connection (came from LISTEN) went back to LISTEN (RST in SYN_RCVD).
    virtual void on_back_to_listen(Endpoint& ep) = 0;
};

// The transmission control block (RFC 9293 section 3.3.1). Plain data, shown by the TCB panel.
struct Tcb {
    uint32_t local_ip = 0;
    uint32_t remote_ip = 0;   // 0 = unspecified (a LISTEN with no foreign socket)
    uint16_t local_port = 0;
    uint16_t remote_port = 0;

    // Send sequence variables
    Seq iss = 0;
    Seq snd_una = 0;
    Seq snd_nxt = 0;
    uint32_t snd_wnd = 0;
    uint16_t snd_up = 0;
    Seq snd_wl1 = 0;
    Seq snd_wl2 = 0;
    uint16_t snd_mss = 536;  // peer's MSS option, or the RFC 9293 default

    // Receive sequence variables
    Seq irs = 0;
    Seq rcv_nxt = 0;
    uint32_t rcv_wnd = 0;
    uint16_t rcv_up = 0;

    // Closing
    bool fin_queued = false;  // CLOSE called: send FIN after the queued data
    bool fin_sent = false;
    Seq fin_seq = 0;          // sequence number our FIN occupies
    bool fin_received = false;
    Seq peer_fin_seq = 0;

    bool passive = false;     // opened from LISTEN (RST in SYN_RCVD returns there)

    // Retransmission state
    Micros rto = 0;
    int retries = 0;          // consecutive retransmissions of the oldest unacknowledged segment
    bool ack_pending = false; // delayed ACK owed
    bool probe_out = false;   // a zero-window probe byte is unacknowledged
    int quick_acks = 0;       // ACKs still to send at once (Linux icsk_ack.quick)
    Micros last_data_at = -1; // when in-order data last arrived (Linux icsk_ack.lrcvtime), -1 = never

    // Round-trip time estimate (RFC 6298), one timed segment at a time (Karn's algorithm).
    Micros srtt = 0;          // 0 = no sample yet
    Micros rttvar = 0;
    Seq rtt_seq = 0;          // the sample completes when SND.UNA passes this
    Micros rtt_start = -1;    // -1 = no segment is being timed
    // After a retransmission timeout every ACK that leaves data outstanding below `recover`
    // retransmits the next segment at once (one segment per ACK; new data waits for cwnd).
    bool in_recovery = false;
    Seq recover = 0;
    // Congestion control (RFC 5681), when the profile has it; cwnd = 0 until ESTABLISHED.
    uint32_t cwnd = 0;
    uint32_t ssthresh = 0xFFFFFFFFu;  // "arbitrarily high" at first (RFC 5681 3.1)
    uint32_t ca_bytes_acked = 0;      // congestion avoidance byte counting (RFC 3465 2.1)
    int dupacks = 0;                  // duplicate ACKs in a row (RFC 5681 section 2)
    bool syn_lost = false;            // our SYN or SYN,ACK was retransmitted: IW is 1 SMSS (RFC 5681 3.1)
    bool cwnd_held = false;           // data is waiting for the congestion window (traced once)
    bool fast_recovery = false;       // between the fast retransmit and the full ACK (RFC 6582)
    Seq fr_recover = 0;               // RFC 6582 "recover": SND.NXT when fast recovery began
    Seq rcv_acked = 0;        // the acknowledgment number we last sent (Linux rcv_wup)
    Seq snd_sml = 0;          // end of the last sub-MSS segment sent (Linux snd_sml, Minshall's Nagle)
    Micros una_since = -1;    // since when data or FIN has been unacknowledged (USER TIMEOUT), -1 = none
    Micros opened_at = -1;    // when the active OPEN sent its SYN (connect_timeout), -1 = passive
    bool ecn = false;         // ECN negotiated on the handshake (RFC 3168 6.1.1)
    Micros challenge_window_end = -1;  // RFC 5961 7 throttling: the current window's end, -1 = none yet
    int challenge_acks = 0;            // challenge ACKs sent in that window
};

class Endpoint {
public:
    Endpoint() = default;
    Endpoint(int id, const Profile& profile);

    int id() const { return id_; }
    State state() const { return state_; }
    const Tcb& tcb() const { return tcb_; }
    Tcb& tcb_for_setup() { return tcb_; }  // the host sets addresses and ports before OPEN
    const Profile& profile() const { return profile_; }
    Micros timer_deadline(TimerKind k) const { return timers_[static_cast<int>(k)]; }
    SocketError error() const { return error_; }

    // Bytes the application has queued and the peer has not yet acknowledged (from SND.UNA, no SYN/FIN).
    const std::deque<uint8_t>& send_buffer() const { return send_buf_; }
    // In-order received bytes the application has not read yet.
    const std::deque<uint8_t>& receive_buffer() const { return recv_buf_; }
    // Out-of-order segments held until the gap is filled, as (sequence number, bytes), kept sorted
    // by distance from RCV.NXT so the order survives wraparound.
    const std::vector<std::pair<Seq, std::vector<uint8_t>>>& out_of_order() const { return ooo_; }
    bool peer_closed() const { return tcb_.fin_received; }  // FIN received: RECEIVE returns EOF after the buffer

    // --- User calls, RFC 9293 sections 3.10.1 - 3.10.5 ---------------------------------------
    SocketError open_active(Env& env);   // remote address/port must be set in the TCB
    SocketError open_passive(Env& env);
    SocketError send(Env& env, std::span<const uint8_t> data, bool push = true);
    // Moves up to `max` bytes to `out`; returns the count (0 with peer_closed() = end of stream).
    size_t receive(Env& env, std::vector<uint8_t>& out, size_t max);
    // CLOSE. fully_closed = false is shutdown(SHUT_WR): the application may still read, so no
    // FIN_WAIT_2 timeout applies. A later close(env, true) in FIN_WAIT_1/2 only records that.
    SocketError close(Env& env, bool fully_closed = true);
    SocketError abort(Env& env);
    // TCP_NODELAY (RFC 9293 3.7.4 MUST-17): turning it on sends what Nagle was holding.
    void set_nodelay(Env& env, bool on);
    // The listener that made this passive SYN-RECEIVED connection closed: with
    // listener_close_drops_embryonic it goes without a RST (true), else nothing happens (false).
    bool drop_embryonic(Env& env);

    // --- SEGMENT ARRIVES, RFC 9293 section 3.10.7 ----------------------------------------------
    void segment_arrives(Env& env, const Segment& seg);

    // --- Timeouts, RFC 9293 section 3.10.8 ---------------------------------------------------
    void timeout(Env& env, TimerKind kind);

    // RFC 9293 section 3.10.7.1: the reply to a segment that reaches no connection (CLOSED).
    // Returns false when no reply is due (the arriving segment carried RST).
    static bool reset_for_closed(const Segment& seg, Segment& reply);

    // A SYN that closed this connection in TIME-WAIT (time_wait_syn_reopens) and must now go to the
    // listener, as a new connection request (RFC 9293 3.6.1 MAY-2). Returns it once.
    std::optional<Segment> take_reopening_syn() {
        std::optional<Segment> s = std::move(reopening_syn_);
        reopening_syn_.reset();
        return s;
    }

private:
    // Implementation helpers live in tcp_endpoint.cpp; kept private so that all protocol logic is
    // in this one class.
    void set_state(Env& env, State to, Rule rule);
    void set_timer(Env& env, TimerKind k, Micros at);
    void stop_timer(Env& env, TimerKind k);
    void trace(Env& env, Rule rule);
    void flush_upcalls(Env& env);

    // SEGMENT ARRIVES, one helper per state group / per step of 3.10.7.4.
    void segment_arrives_closed(Env& env, const Segment& seg);
    void segment_arrives_listen(Env& env, const Segment& seg);
    void segment_arrives_syn_sent(Env& env, const Segment& seg);
    void segment_arrives_other(Env& env, const Segment& seg);
    bool first_check_sequence_number(Env& env, const Segment& seg);
    bool second_check_rst(Env& env, const Segment& seg);
    bool fourth_check_syn(Env& env, const Segment& seg);
    bool fifth_check_ack(Env& env, const Segment& seg);
    bool data_after_close_resets(Env& env, const Segment& seg);
    void seventh_process_text(Env& env, const Segment& seg, bool& fin_in_order);
    void eighth_check_fin(Env& env);
    // The sixth step onward (URG, text, FIN) for a segment already past the ACK check.
    void process_text_and_fin(Env& env, const Segment& seg);
    // Text or FIN that came on a SYN, kept for processing once ESTABLISHED (3.10.7.2, 3.10.7.3).
    void hold_syn_text(const Segment& syn, bool keep_fin = true);
    void listen_two_way_established(Env& env, const Segment& seg);  // Hypothesis::TwoWayHandshake

    // Sending.
    void init_connection(Env& env);
    Segment make_segment(uint16_t flags, Seq seq) const;
    void emit(Env& env, Segment seg, bool retransmission);
    void send_syn(Env& env, bool retransmission);
    void send_ack(Env& env);
    void send_challenge_ack(Env& env, Rule rule);
    void send_rst(Env& env, const Segment& reply);
    void send_queued(Env& env, bool window_reopened = false);
    bool nagle_holds(bool idle_at_start) const;
    void send_fin(Env& env);
    void retransmit_from_una(Env& env);
    void ack_now_or_delay(Env& env, bool delay_allowed, bool quick_allowed = true);
    void note_data_arrival(Env& env);
    void update_send_window(const Segment& seg);
    void process_acknowledgment(Env& env, const Segment& seg);
    void rtt_sample(Micros r);
    // Congestion control (RFC 5681, RFC 6582), a no-op without profile().congestion_control.
    void cc_start();
    void cc_new_ack(Env& env, uint32_t acked);
    bool cc_duplicate_ack(Env& env, const Segment& seg);
    void cc_timeout(Env& env);
    uint32_t flight_size() const;
    // Congestion control runs on this connection: on in the profile, and started (cwnd set) when
    // it became ESTABLISHED.
    bool cc_on() const { return profile_.congestion_control && tcb_.cwnd > 0; }
    void restart_retransmission_timer(Env& env);
    void enter_time_wait(Env& env, Rule rule);
    void enter_closed(Env& env, Rule rule, SocketError why);
    void return_to_listen(Env& env, Rule rule);
    void flush_queues();

    bool syn_unacked() const;
    bool ecn_setup_syn(const Segment& syn) const;
    bool our_fin_acked() const;
    Seq data_start() const;      // sequence number of send_buf_[0]
    uint32_t receive_window() const;
    uint32_t acceptance_window() const;
    bool freebsd_drops(Env& env, const Segment& seg);
    uint16_t effective_mss() const;
    Micros armed_rto() const;
    bool time_wait_reopens(Env& env, const Segment& seg);

    bool fully_closed_ = false;    // close() rather than shutdown(): FIN_WAIT_2 timeout applies
    uint32_t listen_remote_ip_ = 0;  // the foreign socket given to the passive OPEN
    uint16_t listen_remote_port_ = 0;
    bool ooo_fin_ = false;         // a FIN arrived out of order at ooo_fin_seq_
    Seq ooo_fin_seq_ = 0;
    std::optional<Segment> syn_text_;  // see hold_syn_text
    std::optional<Segment> reopening_syn_;  // see take_reopening_syn
    // Upcalls are made at the end of each event so the host may destroy or reuse the endpoint.
    bool up_established_ = false, up_data_ = false, up_back_to_listen_ = false, up_closed_ = false;

    int id_ = -1;
    Profile profile_;
    State state_ = State::Closed;
    Tcb tcb_;
    SocketError error_ = SocketError::None;
    Micros timers_[kTimerCount] = {kNever, kNever, kNever, kNever};
    std::deque<uint8_t> send_buf_;
    std::deque<uint8_t> recv_buf_;
    std::vector<std::pair<Seq, std::vector<uint8_t>>> ooo_;
};

}  // namespace tcplab
