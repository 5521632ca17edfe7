// The TCP state machine, written in the order of RFC 9293 section 3.10: user calls (3.10.1-3.10.5),
// SEGMENT ARRIVES (3.10.7) per state and, for the synchronized states, in the RFC's eight steps,
// then the timeouts (3.10.8). Every state change names the rule (rules.def) that caused it.
#include "tcp_endpoint.h"

#include <algorithm>

namespace tcplab {

Endpoint::Endpoint(int id, const Profile& profile) : id_(id), profile_(profile) {
    tcb_.rto = profile_.initial_rto;
}

// =================================================================================================
// Small helpers
// =================================================================================================

void Endpoint::set_state(Env& env, State to, Rule rule) {
    const State from = state_;
    state_ = to;
    if (env.tracing()) env.trace_state(*this, from, to, rule);
    if (to == State::Established && from != State::Established) {
        up_established_ = true;
        cc_start();
    }
}

void Endpoint::trace(Env& env, Rule rule) {
    if (env.tracing()) env.trace_rule(*this, rule);
}

void Endpoint::set_timer(Env& env, TimerKind k, Micros at) {
    timers_[static_cast<int>(k)] = at;
    env.timer_changed(*this, k);
}

void Endpoint::stop_timer(Env& env, TimerKind k) {
    if (timers_[static_cast<int>(k)] == kNever) return;
    timers_[static_cast<int>(k)] = kNever;
    env.timer_changed(*this, k);
}

// Upcalls are made once the event is fully processed, so the socket layer can call back in (read,
// send, close) from inside them and find a consistent endpoint.
void Endpoint::flush_upcalls(Env& env) {
    const bool est = up_established_, data = up_data_, back = up_back_to_listen_, closed = up_closed_;
    up_established_ = up_data_ = up_back_to_listen_ = up_closed_ = false;
    const SocketError why = error_;
    if (est) env.on_established(*this);
    if (data) env.on_data(*this);
    if (back) env.on_back_to_listen(*this);
    if (closed) env.on_closed(*this, why);
}

// RFC 3168 6.1.1: an ECN-setup SYN has ECE and CWR; we take it when the profile accepts ECN.
bool Endpoint::ecn_setup_syn(const Segment& syn) const {
    return profile_.ecn != 0 && (syn.flags & (kECE | kCWR)) == (kECE | kCWR);
}

bool Endpoint::syn_unacked() const {
    return state_ != State::Closed && state_ != State::Listen && tcb_.snd_una == tcb_.iss;
}

bool Endpoint::our_fin_acked() const {
    return tcb_.fin_sent && seq_gt(tcb_.snd_una, tcb_.fin_seq);
}

Seq Endpoint::data_start() const { return syn_unacked() ? tcb_.iss + 1 : tcb_.snd_una; }

// RCV.WND: the free receive buffer (3.8.6.2.2 would hold the edge still; the buffer does that here,
// since every accepted byte is also an unread byte until RECEIVE takes it).
uint32_t Endpoint::receive_window() const {
    return std::min<uint32_t>(acceptance_window(), 65535);  // no window scaling
}

// The free receive buffer, which segments are accepted into. FreeBSD rounds the buffer up to whole
// MSS (tcp_mss_update), so it accepts past the 65535 it can advertise.
uint32_t Endpoint::acceptance_window() const {
    uint32_t buffer = profile_.receive_buffer;
    const uint32_t mss = effective_mss();
    // A passive SYN-RECEIVED connection is FreeBSD's syncache entry: its window is the one its
    // SYN,ACK advertised, imin(sbspace, TCP_MAXWIN) (syncache_add); tcp_mss_update() rounds the
    // buffer once the connection is made.
    const bool syncache = state_ == State::SynRcvd && tcb_.passive;
    if (profile_.receive_buffer_mss_rounded && syncache) buffer = std::min<uint32_t>(buffer, 65535);
    else if (profile_.receive_buffer_mss_rounded && mss > 0) buffer = (buffer + mss - 1) / mss * mss;
    const size_t used = recv_buf_.size();
    return used >= buffer ? 0 : buffer - static_cast<uint32_t>(used);
}

uint16_t Endpoint::effective_mss() const { return std::min(tcb_.snd_mss, profile_.mss); }

// The RTO a retransmission timer is armed with. FreeBSD's TCPT_RANGESET adds rexmit_slop to every
// computed or backed-off RTO (not to the initial one) before clamping it at the maximum.
Micros Endpoint::armed_rto() const {
    if (profile_.rexmit_slop == 0 || (tcb_.retries == 0 && tcb_.srtt == 0)) return tcb_.rto;
    return std::min(tcb_.rto + profile_.rexmit_slop, profile_.max_rto);
}

Segment Endpoint::make_segment(uint16_t flags, Seq seq) const {
    Segment s;
    s.src_port = tcb_.local_port;
    s.dst_port = tcb_.remote_port;
    s.seq = seq;
    s.flags = flags;
    if (flags & kACK) s.ack = tcb_.rcv_nxt;
    s.window = static_cast<uint16_t>(receive_window());
    return s;
}

// Every segment leaves through here: one carrying ACK settles any delayed ACK.
void Endpoint::emit(Env& env, Segment seg, bool retransmission) {
    if (seg.has(kRST)) seg.window = 0;
    if (seg.has(kACK)) {
        tcb_.ack_pending = false;
        tcb_.rcv_acked = tcb_.rcv_nxt;
        if (tcb_.quick_acks > 0) --tcb_.quick_acks;  // tcp_event_ack_sent -> tcp_dec_quickack_mode
        stop_timer(env, TimerKind::DelayedAck);
    }
    tcb_.rcv_wnd = seg.has(kRST) ? tcb_.rcv_wnd : seg.window;
    env.output(*this, std::move(seg), retransmission);
}

void Endpoint::send_ack(Env& env) {
    // FreeBSD's tcp_output() sends the unacknowledged FIN again with an ACK of new data or a new
    // FIN. Not with the ACK for a duplicate: two such stacks would trade FIN,ACKs for ever.
    if (profile_.fin_on_every_ack && tcb_.fin_sent && !our_fin_acked() && tcb_.snd_nxt == tcb_.fin_seq + 1 &&
        seq_gt(tcb_.rcv_nxt, tcb_.rcv_acked)) {
        emit(env, make_segment(kFIN | kACK, tcb_.fin_seq), true);
        return;
    }
    emit(env, make_segment(kACK, tcb_.snd_nxt), false);
}

// RFC 5961 section 7: "An implementation SHOULD include an ACK throttling mechanism", here
// FreeBSD's tcp_send_challenge_ack(): a window opens with the first challenge ACK and at most
// challenge_ack_limit go out in it (Linux's per-socket 500 ms limit is 1 per 500 ms).
void Endpoint::send_challenge_ack(Env& env, Rule rule) {
    if (profile_.challenge_ack_limit > 0 && profile_.challenge_ack_window > 0) {
        if (tcb_.challenge_window_end < 0 || env.now() >= tcb_.challenge_window_end) {
            tcb_.challenge_window_end = env.now() + profile_.challenge_ack_window;
            tcb_.challenge_acks = 0;
        }
        if (tcb_.challenge_acks >= profile_.challenge_ack_limit) {
            trace(env, Rule::ChallengeAckLimited);
            return;
        }
        ++tcb_.challenge_acks;
    }
    trace(env, rule);
    send_ack(env);
}

void Endpoint::send_rst(Env& env, const Segment& reply) {
    Segment r = reply;
    r.src_port = tcb_.local_port;
    r.dst_port = tcb_.remote_port;
    emit(env, std::move(r), false);
}

// <SEQ=ISS><CTL=SYN> or, once the peer's SYN is known, <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>.
void Endpoint::send_syn(Env& env, bool retransmission) {
    const bool ack = state_ != State::SynSent;
    Segment s = make_segment(ack ? (kSYN | kACK) : kSYN, tcb_.iss);
    s.options.mss = profile_.mss;
    // RFC 3168 6.1.1: an ECN-setup SYN carries ECE and CWR (FreeBSD drops them after
    // ecn_maxretries retransmissions), an ECN-setup SYN,ACK only ECE.
    if (!ack && profile_.ecn == 1 && tcb_.retries <= profile_.ecn_maxretries) s.flags |= kECE | kCWR;
    if (ack && tcb_.ecn) s.flags |= kECE;
    if (!retransmission && tcb_.rtt_start < 0) {
        tcb_.rtt_start = env.now();
        tcb_.rtt_seq = tcb_.iss + 1;
    }
    emit(env, std::move(s), retransmission);
    if (timer_deadline(TimerKind::Retransmission) == kNever || !retransmission)
        set_timer(env, TimerKind::Retransmission, env.now() + armed_rto());
}

void Endpoint::flush_queues() {
    send_buf_.clear();
    recv_buf_.clear();
    ooo_.clear();
    ooo_fin_ = false;
    syn_text_.reset();
}

// Fresh TCB for OPEN: keeps addresses, ports and the profile, picks ISS (3.10.1).
void Endpoint::init_connection(Env& env) {
    Tcb fresh;
    fresh.local_ip = tcb_.local_ip;
    fresh.remote_ip = tcb_.remote_ip;
    fresh.local_port = tcb_.local_port;
    fresh.remote_port = tcb_.remote_port;
    fresh.passive = false;
    fresh.rto = profile_.initial_rto;
    tcb_ = fresh;
    tcb_.iss = env.choose_isn(*this);
    tcb_.snd_una = tcb_.iss;
    tcb_.snd_nxt = tcb_.iss + 1;
    tcb_.snd_sml = tcb_.iss;
    tcb_.rcv_wnd = receive_window();
    error_ = SocketError::None;
    fully_closed_ = false;
    ooo_.clear();
    ooo_fin_ = false;
    syn_text_.reset();
}

void Endpoint::enter_closed(Env& env, Rule rule, SocketError why) {
    for (int k = 0; k < kTimerCount; ++k) stop_timer(env, static_cast<TimerKind>(k));
    // "Delete the TCB": queues go; after an orderly close unread data stays readable.
    send_buf_.clear();
    ooo_.clear();
    ooo_fin_ = false;
    syn_text_.reset();
    if (why != SocketError::None) recv_buf_.clear();
    error_ = why;
    set_state(env, State::Closed, rule);
    up_closed_ = true;
}

void Endpoint::enter_time_wait(Env& env, Rule rule) {
    if (profile_.hypothesis == Hypothesis::NoTimeWait) {
        trace(env, rule);
        enter_closed(env, Rule::WhatIfNoTimeWait, SocketError::None);
        return;
    }
    stop_timer(env, TimerKind::Retransmission);
    stop_timer(env, TimerKind::FinWait2);
    stop_timer(env, TimerKind::DelayedAck);
    set_state(env, State::TimeWait, rule);
    set_timer(env, TimerKind::TimeWait, env.now() + profile_.time_wait_duration());
}

// SYN-RECEIVED from a passive OPEN goes back to LISTEN with the foreign socket as the OPEN gave it.
void Endpoint::return_to_listen(Env& env, Rule rule) {
    for (int k = 0; k < kTimerCount; ++k) stop_timer(env, static_cast<TimerKind>(k));
    flush_queues();
    Tcb fresh;
    fresh.local_ip = tcb_.local_ip;
    fresh.local_port = tcb_.local_port;
    fresh.remote_ip = listen_remote_ip_;
    fresh.remote_port = listen_remote_port_;
    fresh.rto = profile_.initial_rto;
    tcb_ = fresh;
    set_state(env, State::Listen, rule);
    up_back_to_listen_ = true;
}

// =================================================================================================
// 3.10.1 OPEN
// =================================================================================================

SocketError Endpoint::open_active(Env& env) {
    if (state_ != State::Closed && state_ != State::Listen) return SocketError::IsConnected;  // "connection already exists"
    if (tcb_.remote_port == 0) return SocketError::InvalidState;  // "remote socket unspecified"
    const bool from_listen = state_ == State::Listen;
    init_connection(env);
    tcb_.opened_at = env.now();
    set_state(env, State::SynSent, from_listen ? Rule::OpenActiveInListen : Rule::OpenActive);
    send_syn(env, false);
    flush_upcalls(env);
    return SocketError::None;
}

SocketError Endpoint::open_passive(Env& env) {
    if (state_ != State::Closed) return SocketError::IsConnected;
    listen_remote_ip_ = tcb_.remote_ip;
    listen_remote_port_ = tcb_.remote_port;
    flush_queues();
    error_ = SocketError::None;
    tcb_.passive = true;
    set_state(env, State::Listen, Rule::OpenPassive);
    return SocketError::None;
}

// =================================================================================================
// 3.10.2 SEND
// =================================================================================================

SocketError Endpoint::send(Env& env, std::span<const uint8_t> data, bool push) {
    (void)push;  // PSH is set on the segment that empties the send buffer
    switch (state_) {
        case State::Closed:
            return SocketError::InvalidState;  // "connection does not exist"
        case State::Listen:
            if (tcb_.remote_port == 0) return SocketError::InvalidState;  // "remote socket unspecified"
            init_connection(env);
            tcb_.opened_at = env.now();
            send_buf_.insert(send_buf_.end(), data.begin(), data.end());
            set_state(env, State::SynSent, Rule::SendInListen);
            send_syn(env, false);
            flush_upcalls(env);
            return SocketError::None;
        case State::SynSent:
        case State::SynRcvd:
            if (tcb_.fin_queued) return SocketError::Closing;
            send_buf_.insert(send_buf_.end(), data.begin(), data.end());
            trace(env, Rule::SendQueuedUntilEstablished);
            return SocketError::None;
        case State::Established:
        case State::CloseWait:
            if (tcb_.fin_queued) return SocketError::Closing;
            send_buf_.insert(send_buf_.end(), data.begin(), data.end());
            send_queued(env);
            flush_upcalls(env);
            return SocketError::None;
        default:
            return SocketError::Closing;  // FIN-WAIT-1/2, CLOSING, LAST-ACK, TIME-WAIT
    }
}

// Segmentize the send buffer, MSS-sized, within min(cwnd, SND.WND) (RFC 5681 3.1; SND.WND alone
// without congestion control), then the FIN if CLOSE was called and all data is out (3.10.2, 3.10.4).
void Endpoint::send_queued(Env& env, bool window_reopened) {
    switch (state_) {
        // CLOSING too: the peer's FIN can arrive while cwnd still holds our data and FIN back.
        case State::Established: case State::CloseWait: case State::FinWait1: case State::LastAck: case State::Closing: break;
        default: return;
    }
    if (syn_unacked()) return;  // FIN-WAIT-1 straight from SYN-RECEIVED: wait for the SYN's ACK
    const uint16_t mss = effective_mss();
    const bool idle = tcb_.snd_nxt == tcb_.snd_una;
    while (!tcb_.fin_sent) {
        const uint32_t sent = tcb_.snd_nxt - data_start();
        const size_t unsent = send_buf_.size() - sent;
        if (unsent > 0) {
            // RFC 5681 3.1: at most min(cwnd, rwnd) unacknowledged, and only whole segments while
            // the congestion window is what limits (sender silly window avoidance, 3.8.6.2.1).
            const bool cwnd_limits = cc_on() && tcb_.cwnd < tcb_.snd_wnd;
            const uint32_t limit = cwnd_limits ? tcb_.cwnd : tcb_.snd_wnd;
            const int64_t usable = static_cast<int64_t>(limit) - seq_diff(tcb_.snd_nxt, tcb_.snd_una);
            const size_t n = std::min<size_t>({unsent, mss, static_cast<size_t>(std::max<int64_t>(usable, 0))});
            if (cwnd_limits && n < std::min<size_t>(unsent, mss) && tcb_.snd_nxt != tcb_.snd_una) {
                if (!tcb_.cwnd_held) trace(env, Rule::CwndFull);
                tcb_.cwnd_held = true;
                break;
            }
            if (n == 0) {
                // Zero window with nothing in flight: the retransmission timer doubles as the
                // persist timer (3.8.6.1) and sends a probe when it fires.
                if (tcb_.snd_nxt == tcb_.snd_una && timer_deadline(TimerKind::Retransmission) == kNever)
                    set_timer(env, TimerKind::Retransmission, env.now() + armed_rto());
                break;
            }
            const bool last = (sent + n == send_buf_.size());
            if (last && n < mss && !window_reopened && nagle_holds(idle)) {
                trace(env, Rule::NagleHold);  // the ACK of the outstanding data will release it
                break;
            }
            const bool with_fin = last && tcb_.fin_queued && profile_.fin_on_last_data;
            Segment s = make_segment(kACK | (last ? kPSH : 0) | (with_fin ? kFIN : 0), tcb_.snd_nxt);
            s.payload.assign(send_buf_.begin() + sent, send_buf_.begin() + sent + n);
            if (with_fin) {
                tcb_.fin_seq = tcb_.snd_nxt + static_cast<uint32_t>(n);
                tcb_.fin_sent = true;
                tcb_.snd_nxt += 1;
            }
            if (tcb_.rtt_start < 0) {
                tcb_.rtt_start = env.now();
                tcb_.rtt_seq = tcb_.snd_nxt + static_cast<uint32_t>(n);
            }
            tcb_.snd_nxt += static_cast<uint32_t>(n);
            if (n < mss) tcb_.snd_sml = tcb_.snd_nxt;
            if (tcb_.una_since < 0) tcb_.una_since = env.now();
            emit(env, std::move(s), false);
            if (timer_deadline(TimerKind::Retransmission) == kNever)
                set_timer(env, TimerKind::Retransmission, env.now() + armed_rto());
            continue;
        }
        tcb_.cwnd_held = false;  // all data is out
        if (tcb_.fin_queued) send_fin(env);
        break;
    }
}

// RFC 9293 3.7.4: "if there is unacknowledged data (i.e., SND.NXT > SND.UNA), then the sending TCP
// endpoint buffers all user data (regardless of the PSH bit) until the outstanding data has been
// acknowledged or until the TCP endpoint can send a full-sized segment". BSD tcp_output() reads
// "unacknowledged" once, when the output starts (`idle`), so one large SEND goes out whole; Linux
// tcp_nagle_check() holds only while a small segment is unacknowledged (tcp_minshall_check). Both
// send the tail once CLOSE was called (Linux tcp_send_fin pushes with TCP_NAGLE_OFF, FreeBSD sends
// the segment that carries the FIN).
bool Endpoint::nagle_holds(bool idle_at_start) const {
    if (profile_.nagle == 0 || profile_.nodelay || tcb_.fin_queued) return false;
    if (profile_.nagle == 2) return seq_gt(tcb_.snd_sml, tcb_.snd_una) && seq_leq(tcb_.snd_sml, tcb_.snd_nxt);
    return !idle_at_start;
}

void Endpoint::set_nodelay(Env& env, bool on) {
    profile_.nodelay = on;
    if (on) send_queued(env);  // Linux tcp_sock_set_nodelay() pushes pending frames
    flush_upcalls(env);
}

// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=FIN,ACK>; the FIN consumes one sequence number.
void Endpoint::send_fin(Env& env) {
    tcb_.fin_seq = tcb_.snd_nxt;
    tcb_.fin_sent = true;
    tcb_.snd_nxt += 1;
    if (tcb_.una_since < 0) tcb_.una_since = env.now();
    emit(env, make_segment(kFIN | kACK, tcb_.fin_seq), false);
    if (timer_deadline(TimerKind::Retransmission) == kNever)
        set_timer(env, TimerKind::Retransmission, env.now() + armed_rto());
}

// =================================================================================================
// 3.10.3 RECEIVE
// =================================================================================================

size_t Endpoint::receive(Env& env, std::vector<uint8_t>& out, size_t max) {
    if (recv_buf_.empty()) return 0;
    const uint32_t before = receive_window();
    const size_t n = std::min(max, recv_buf_.size());
    out.insert(out.end(), recv_buf_.begin(), recv_buf_.begin() + n);
    recv_buf_.erase(recv_buf_.begin(), recv_buf_.begin() + n);
    const uint32_t after = receive_window();
    // Window update when the window we last advertised was small and has grown by at least
    // min(RCV.BUFF / 2, MSS) (receiver-side silly window avoidance, 3.8.6.2.2).
    const uint32_t step = std::min<uint32_t>(profile_.mss, std::max<uint32_t>(profile_.receive_buffer / 2, 1));
    const bool receiving = state_ == State::Established || state_ == State::FinWait1 || state_ == State::FinWait2;
    if (receiving && tcb_.rcv_wnd < step && after > before && after - tcb_.rcv_wnd >= step) {
        trace(env, Rule::ReceiveWindowUpdate);
        send_ack(env);
    }
    flush_upcalls(env);
    return n;
}

// =================================================================================================
// 3.10.4 CLOSE
// =================================================================================================

SocketError Endpoint::close(Env& env, bool fully_closed) {
    SocketError result = SocketError::None;
    switch (state_) {
        case State::Closed:
            return SocketError::InvalidState;  // "connection does not exist"
        case State::Listen:
            fully_closed_ = fully_closed;
            enter_closed(env, Rule::CloseInListen, SocketError::None);
            break;
        case State::SynSent:
            fully_closed_ = fully_closed;
            enter_closed(env, Rule::CloseInSynSent, SocketError::None);
            break;
        case State::SynRcvd:
            fully_closed_ = fully_closed;
            tcb_.fin_queued = true;
            if (send_buf_.empty()) {
                // "If no SENDs have been issued and there is no pending data to send, then form a
                // FIN segment and send it, and enter FIN-WAIT-1 state"
                set_state(env, State::FinWait1, Rule::CloseInSynRcvd);
                send_fin(env);
            } else {
                trace(env, Rule::CloseInSynRcvdQueued);  // FIN-WAIT-1 once ESTABLISHED
            }
            break;
        case State::Established:
            fully_closed_ = fully_closed;
            tcb_.fin_queued = true;
            set_state(env, State::FinWait1, Rule::CloseInEstablished);
            send_queued(env);
            break;
        case State::CloseWait:
            fully_closed_ = fully_closed;
            tcb_.fin_queued = true;
            set_state(env, State::LastAck, Rule::CloseInCloseWait);
            send_queued(env);
            break;
        case State::FinWait1:
        case State::FinWait2:
            // "Strictly speaking, this is an error ... An "ok" response would be acceptable, too,
            // as long as a second FIN is not emitted": close() after shutdown() is that ok case.
            if (fully_closed && !fully_closed_) {
                fully_closed_ = true;
                if (state_ == State::FinWait2 && profile_.fin_wait_2_timeout > 0)
                    set_timer(env, TimerKind::FinWait2, env.now() + profile_.fin_wait_2_timeout);
            } else {
                result = SocketError::Closing;
            }
            break;
        default:
            return SocketError::Closing;  // CLOSING, LAST-ACK, TIME-WAIT
    }
    flush_upcalls(env);
    return result;
}

// =================================================================================================
// 3.10.5 ABORT
// =================================================================================================

SocketError Endpoint::abort(Env& env) {
    switch (state_) {
        case State::Closed:
            return SocketError::InvalidState;
        case State::Listen:
        case State::SynSent:
            enter_closed(env, Rule::AbortUnsynchronized, SocketError::ConnAborted);
            break;
        case State::SynRcvd: case State::Established: case State::FinWait1: case State::FinWait2:
        case State::CloseWait:
            // <SEQ=SND.NXT><CTL=RST>; Linux also acknowledges: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>
            send_rst(env, make_segment(profile_.rst_ack_on_abort ? (kRST | kACK) : kRST, tcb_.snd_nxt));
            enter_closed(env, Rule::AbortSendRst, SocketError::ConnAborted);
            break;
        default:  // CLOSING, LAST-ACK, TIME-WAIT: "ok"
            enter_closed(env, Rule::AbortClosing, SocketError::ConnAborted);
            break;
    }
    flush_upcalls(env);
    return SocketError::None;
}

// FreeBSD: a half-open connection is a syncache entry; sofree() of the listen socket takes the
// entries with it and nothing is sent (the peer's ACK later gets the closed port's RST).
bool Endpoint::drop_embryonic(Env& env) {
    if (!profile_.listener_close_drops_embryonic || state_ != State::SynRcvd || !tcb_.passive) return false;
    enter_closed(env, Rule::EmbryonicDropped, SocketError::None);
    flush_upcalls(env);
    return true;
}

// =================================================================================================
// 3.10.7 SEGMENT ARRIVES
// =================================================================================================

void Endpoint::segment_arrives(Env& env, const Segment& seg) {
    if (!freebsd_drops(env, seg)) {
        switch (state_) {
            case State::Closed: segment_arrives_closed(env, seg); break;
            case State::Listen: segment_arrives_listen(env, seg); break;
            case State::SynSent: segment_arrives_syn_sent(env, seg); break;
            default: segment_arrives_other(env, seg); break;
        }
    }
    flush_upcalls(env);
}

// FreeBSD's own handling before the RFC processing (true: the segment is done with): SYN+FIN
// with drop_synfin in any state (tcp_input.c checks it before looking up the connection), and
// TIME-WAIT as tcp_twcheck() does it (a RST there is the rfc1337 parameter's; a SYN above RCV.NXT
// reopens, or without time_wait_syn_reopens goes on to the RFC rules).
bool Endpoint::freebsd_drops(Env& env, const Segment& seg) {
    const bool tw = state_ == State::TimeWait;
    if (profile_.drop_synfin && seg.has(kSYN) && seg.has(kFIN) && state_ != State::Closed) {
        trace(env, Rule::DropSynFin);
        return true;
    }
    if (tw && time_wait_reopens(env, seg)) return true;
    if (!tw || !profile_.time_wait_twcheck || seg.has(kRST) ||
        (seg.has(kSYN) && !seg.has(kACK) && seq_gt(seg.seq, tcb_.rcv_nxt)))
        return false;
    if (!seg.has(kACK)) {
        trace(env, Rule::TimeWaitDropWithoutAck);
        return true;
    }
    if (seg.has(kFIN) && seg.seq + seg.seg_len() == tcb_.rcv_nxt) {  // a duplicate FIN: restart 2MSL
        trace(env, Rule::TimeWaitRcvFin);
        set_timer(env, TimerKind::TimeWait, env.now() + profile_.time_wait_duration());
    }
    if (seg.flags != kACK || !seg.payload.empty() || seg.seq != tcb_.rcv_nxt || seg.ack != tcb_.snd_nxt) {
        trace(env, Rule::TimeWaitTwcheckAck);
        send_ack(env);
    }
    return true;
}

// RFC 9293 3.6.1 (MAY-2): "When a connection is closed actively, it MUST linger in the TIME-WAIT
// state ... However, it MAY accept a new SYN from the remote TCP endpoint to reopen the connection
// directly from TIME-WAIT state, if it: (1) assigns its initial sequence number for the new
// connection to be larger than the largest sequence number it used on the previous connection
// incarnation, and (2) returns to TIME-WAIT state if the SYN turns out to be an old duplicate."
// FreeBSD's tcp_twcheck() takes a SYN without ACK above RCV.NXT: the old connection goes
// (tcp_twclose) and the SYN is looked up again, so the listener makes the new connection.
bool Endpoint::time_wait_reopens(Env& env, const Segment& seg) {
    if (!profile_.time_wait_syn_reopens || (seg.flags & (kSYN | kACK | kRST)) != kSYN || !seq_gt(seg.seq, tcb_.rcv_nxt))
        return false;
    enter_closed(env, Rule::TimeWaitSynReopens, SocketError::None);
    reopening_syn_ = seg;
    return true;
}

// --- 3.10.7.1 CLOSED ----------------------------------------------------------------------------

bool Endpoint::reset_for_closed(const Segment& seg, Segment& reply) {
    if (seg.has(kRST)) return false;  // "An incoming segment containing a RST is discarded."
    reply = Segment{};
    reply.src_port = seg.dst_port;
    reply.dst_port = seg.src_port;
    if (seg.has(kACK)) {
        reply.seq = seg.ack;  // <SEQ=SEG.ACK><CTL=RST>
        reply.flags = kRST;
    } else {
        reply.seq = 0;        // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
        reply.ack = seg.seq + seg.seg_len();
        reply.flags = kRST | kACK;
    }
    return true;
}

void Endpoint::segment_arrives_closed(Env& env, const Segment& seg) {
    Segment reply;
    if (!reset_for_closed(seg, reply)) return;
    trace(env, Rule::ClosedPortReset);
    env.output(*this, std::move(reply), false);
}

// --- 3.10.7.2 LISTEN ----------------------------------------------------------------------------

void Endpoint::segment_arrives_listen(Env& env, const Segment& seg) {
    // First, check for a RST
    if (seg.has(kRST)) {
        trace(env, Rule::ListenRcvRst);
        return;
    }
    // Second, check for an ACK
    if (seg.has(kACK) && seg.has(kSYN) && profile_.listen_drop_synack) {
        trace(env, Rule::ListenDropSynAck);  // FreeBSD: "(SYN|ACK) is bogus on a listen socket"
        return;
    }
    if (seg.has(kACK)) {
        trace(env, Rule::ListenRcvAck);
        Segment r;
        r.src_port = tcb_.local_port;
        r.dst_port = seg.src_port;
        r.seq = seg.ack;  // <SEQ=SEG.ACK><CTL=RST>
        r.flags = kRST;
        env.output(*this, std::move(r), false);
        return;
    }
    // Third, check for a SYN (security/compartment: not modelled)
    if (seg.has(kSYN)) {
        if (tcb_.remote_port == 0) tcb_.remote_port = seg.src_port;  // fill in the foreign socket
        init_connection(env);
        tcb_.passive = true;
        tcb_.irs = seg.seq;
        tcb_.rcv_nxt = seg.seq + 1;
        tcb_.snd_wnd = seg.window;
        tcb_.snd_wl1 = seg.seq;
        tcb_.snd_wl2 = tcb_.iss;
        tcb_.snd_mss = seg.options.mss.value_or(536);
        tcb_.ecn = ecn_setup_syn(seg);
        if (profile_.hypothesis == Hypothesis::TwoWayHandshake) {
            listen_two_way_established(env, seg);
            return;
        }
        set_state(env, State::SynRcvd, Rule::ListenRcvSyn);
        send_syn(env, false);  // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
        // "any other incoming control or data (combined with SYN) will be processed in the
        // SYN-RECEIVED state": held until the handshake completes, not acknowledged before.
        hold_syn_text(seg);
        return;
    }
    // Fourth, other data or control
    trace(env, Rule::ListenDrop);
}

// What if the handshake had two ways: ESTABLISHED on the SYN, its SYN,ACK never waits for an ACK
// (so never retransmitted), and text on the SYN is delivered at once, old or not.
void Endpoint::listen_two_way_established(Env& env, const Segment& seg) {
    set_state(env, State::Established, Rule::WhatIfListenSynEstablished);
    send_syn(env, false);
    tcb_.snd_una = tcb_.snd_nxt;
    stop_timer(env, TimerKind::Retransmission);
    if (!seg.payload.empty() || seg.has(kFIN)) {
        Segment text = seg;
        text.flags = static_cast<uint16_t>(seg.flags & ~kSYN);
        text.seq = seg.seq + 1;
        process_text_and_fin(env, text);
    }
}

// --- 3.10.7.3 SYN-SENT --------------------------------------------------------------------------

void Endpoint::segment_arrives_syn_sent(Env& env, const Segment& seg) {
    // First, check the ACK bit
    bool ack_acceptable = false;
    if (seg.has(kACK)) {
        if (seq_leq(seg.ack, tcb_.iss) || seq_gt(seg.ack, tcb_.snd_nxt)) {
            if (seg.has(kRST)) {
                trace(env, Rule::SynSentBadAckRst);
                return;
            }
            trace(env, Rule::SynSentBadAck);
            Segment r;
            r.src_port = tcb_.local_port;
            r.dst_port = seg.src_port;
            r.seq = seg.ack;  // <SEQ=SEG.ACK><CTL=RST>
            r.flags = kRST;
            env.output(*this, std::move(r), false);
            return;
        }
        ack_acceptable = seq_between_open_closed(tcb_.snd_una, seg.ack, tcb_.snd_nxt);
    }
    // Second, check the RST bit (RCV.NXT is not known yet, so the RFC 5961 exact-seq check on a
    // RST cannot apply here; the acceptable ACK is what makes the RST believable)
    if (seg.has(kRST)) {
        if (ack_acceptable) {
            enter_closed(env, Rule::SynSentRcvRst, SocketError::ConnRefused);
        } else {
            trace(env, Rule::SynSentRstNoAck);
        }
        return;
    }
    // Third, check the security: not modelled.
    // Fourth, check the SYN bit
    if (seg.has(kSYN)) {
        tcb_.irs = seg.seq;
        tcb_.rcv_nxt = seg.seq + 1;
        tcb_.snd_mss = seg.options.mss.value_or(536);
        if (ack_acceptable) {
            process_acknowledgment(env, seg);  // SND.UNA <- SEG.ACK, RTT sample, timer
        }
        if (seq_gt(tcb_.snd_una, tcb_.iss)) {
            // Our SYN has been ACKed: ESTABLISHED, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
            tcb_.snd_wnd = seg.window;
            tcb_.snd_wl1 = seg.seq;
            tcb_.snd_wl2 = seg.ack;
            if (profile_.hypothesis == Hypothesis::TwoWayHandshake && seg.payload.empty() && !seg.has(kFIN)) {
                set_state(env, State::Established, Rule::WhatIfSynSentNoAck);
                tcb_.rcv_acked = tcb_.rcv_nxt;  // nothing to acknowledge: the server does not wait
                send_queued(env);
                return;
            }
            set_state(env, State::Established, Rule::SynSentRcvSynAck);
            // "If there are other controls or text in the segment, then continue processing at
            // the sixth step"; the ACK goes at once and covers the text and FIN.
            if (profile_.keep_syn_text && (!seg.payload.empty() || seg.has(kFIN))) {
                tcb_.rcv_acked = tcb_.irs;  // nothing acknowledged yet
                process_text_and_fin(env, seg);
                if (tcb_.ack_pending || tcb_.rcv_acked != tcb_.rcv_nxt) send_ack(env);
            } else {
                send_ack(env);
            }
            send_queued(env);
            return;
        }
        // Simultaneous open: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>
        tcb_.ecn = ecn_setup_syn(seg);
        tcb_.snd_wnd = seg.window;
        tcb_.snd_wl1 = seg.seq;
        tcb_.snd_wl2 = seg.ack;
        set_state(env, State::SynRcvd, Rule::SynSentRcvSyn);
        tcb_.rtt_start = -1;  // time the SYN,ACK: the SYN it repeats may have been retransmitted
        send_syn(env, false);
        // "queue them for processing after the ESTABLISHED state has been reached"
        hold_syn_text(seg, profile_.keep_syn_fin);
        return;
    }
    // Fifth, if neither of the SYN or RST bits is set, then drop the segment and return.
    trace(env, Rule::SynSentDrop);
}

// --- 3.10.7.4 Other states ----------------------------------------------------------------------

void Endpoint::segment_arrives_other(Env& env, const Segment& seg) {
    // Simultaneous open (3.5 Figure 7, line 6): the peer's SYN,ACK repeats a SYN we already hold,
    // so Table 6 alone would refuse it (Appendix A.2). Trim the old SYN off, as the first step
    // allows, and what is left is the ACK of our SYN.
    if (state_ == State::SynRcvd && !tcb_.passive && seg.has(kSYN) && seg.has(kACK) && !seg.has(kRST) &&
        seg.seq == tcb_.irs) {
        trace(env, Rule::SynRcvdRcvSynAck);
        Segment trimmed = seg;
        trimmed.flags &= static_cast<uint16_t>(~kSYN);
        trimmed.seq += 1;
        segment_arrives_other(env, trimmed);
        if (profile_.ack_simultaneous_synack && state_ != State::SynRcvd && state_ != State::Closed) send_ack(env);
        return;
    }
    if (!first_check_sequence_number(env, seg)) return;
    // "the idealized segment that begins at RCV.NXT": trim what lies left of it, the SYN included
    // (a RST keeps its sequence number for the second step's checks). With RFC 5961 a SYN is not
    // trimmed: it gets a challenge ACK "irrespective of the sequence number" (section 4.2).
    Segment trimmed;
    const Segment* idealized = &seg;
    if (seq_lt(seg.seq, tcb_.rcv_nxt) && !seg.has(kRST)) {
        trimmed = seg;
        if (trimmed.has(kSYN) && !profile_.challenge_ack) {
            trimmed.flags &= static_cast<uint16_t>(~kSYN);
            trimmed.seq += 1;
        }
        if (seq_lt(trimmed.seq, tcb_.rcv_nxt) && !trimmed.has(kSYN)) {
            const size_t skip = std::min<size_t>(tcb_.rcv_nxt - trimmed.seq, trimmed.payload.size());
            trimmed.payload.erase(trimmed.payload.begin(), trimmed.payload.begin() + static_cast<std::ptrdiff_t>(skip));
            trimmed.seq += static_cast<uint32_t>(skip);
        }
        idealized = &trimmed;
    }
    if (!second_check_rst(env, *idealized)) return;
    // Third, check security: the security/compartment option is not modelled.
    if (!fourth_check_syn(env, *idealized)) return;
    if (data_after_close_resets(env, *idealized)) return;
    if (!fifth_check_ack(env, *idealized)) return;
    if (syn_text_ && state_ != State::SynRcvd) {
        // ESTABLISHED reached: first the text and FIN that came on the SYN, then this segment's.
        const Segment held = std::move(*syn_text_);
        syn_text_.reset();
        process_text_and_fin(env, held);
    }
    process_text_and_fin(env, *idealized);
    // FIN-WAIT-1 with our FIN acknowledged and the segment's FIN not processed (out of order):
    // FIN-WAIT-2 now. (With the FIN processed, the eighth step went straight to TIME-WAIT.)
    if (state_ == State::FinWait1 && our_fin_acked()) {
        set_state(env, State::FinWait2, Rule::FinWait1AckOfFin);
        if (fully_closed_ && profile_.fin_wait_2_timeout > 0)
            set_timer(env, TimerKind::FinWait2, env.now() + profile_.fin_wait_2_timeout);
    }
}

// RFC 1122 4.2.2.13: "A host MAY implement a 'half-duplex' TCP close sequence, so that an
// application that has called CLOSE cannot continue to read data from the connection. If such a
// host issues a CLOSE call while received data is still pending in TCP, or if new data is received
// after CLOSE is called, its TCP SHOULD send a RST to show that data was lost" (RFC 9293 3.6.1
// SHLD-2). Socket close() is that CLOSE, shutdown(SHUT_WR) is not. Linux tcp_rcv_state_process()
// (FIN-WAIT-1/2 with RCV_SHUTDOWN and new data: tcp_reset, LINUX_MIB_TCPABORTONDATA) and FreeBSD
// tcp_do_segment() (data "after the user processes are gone": tcp_close, dropwithreset) both
// answer the segment as a closed port would, <SEQ=SEG.ACK><CTL=RST>, and drop the connection.
// `seg` is already trimmed to start at RCV.NXT, so any text left is new.
bool Endpoint::data_after_close_resets(Env& env, const Segment& seg) {
    const bool receiving_after_close = fully_closed_ && (state_ == State::FinWait1 || state_ == State::FinWait2);
    if (!profile_.rst_on_data_after_close || !receiving_after_close || seg.payload.empty()) return false;
    Segment reply;
    if (reset_for_closed(seg, reply)) env.output(*this, std::move(reply), false);
    enter_closed(env, Rule::DataAfterCloseReset, SocketError::None);
    return true;
}

void Endpoint::hold_syn_text(const Segment& syn, bool keep_fin) {
    const bool fin = keep_fin && syn.has(kFIN);
    if (!profile_.keep_syn_text || (syn.payload.empty() && !fin)) return;
    Segment held = syn;
    held.flags = fin ? kFIN : 0;
    held.seq = syn.seq + 1;  // the text starts after the SYN's sequence number
    syn_text_ = std::move(held);
}

// Sixth, check the URG bit (urgent data is not modelled; RCV.UP only follows SEG.UP); seventh,
// the text; eighth, the FIN.
void Endpoint::process_text_and_fin(Env& env, const Segment& seg) {
    if (seg.has(kURG) && (state_ == State::Established || state_ == State::FinWait1 || state_ == State::FinWait2))
        tcb_.rcv_up = std::max(tcb_.rcv_up, seg.urgent);
    bool fin_in_order = false;
    seventh_process_text(env, seg, fin_in_order);
    if (fin_in_order) eighth_check_fin(env);
}

// First, check sequence number: the acceptability test of Table 6.
bool Endpoint::first_check_sequence_number(Env& env, const Segment& seg) {
    const uint32_t len = seg.seg_len();
    const uint32_t wnd = acceptance_window();
    const Seq nxt = tcb_.rcv_nxt;

    // TIME-WAIT: "The only thing that can arrive in this state is a retransmission of the remote
    // FIN. Acknowledge it, and restart the 2 MSL timeout." It lies below RCV.NXT, so it is
    // recognised here, before the acceptability test would only answer it with an ACK.
    if (state_ == State::TimeWait && seg.has(kFIN) && !seg.has(kRST) && seg.seq + len == nxt) {
        trace(env, Rule::TimeWaitRcvFin);
        send_ack(env);
        set_timer(env, TimerKind::TimeWait, env.now() + profile_.time_wait_duration());
        return false;
    }
    // SYN-RECEIVED: the peer sent its SYN again (our SYN,ACK was lost). Answering with the plain
    // ACK of Table 6 would not help a peer in SYN-SENT, so the SYN,ACK goes again (as stacks do).
    if (state_ == State::SynRcvd && seg.has(kSYN) && !seg.has(kACK) && !seg.has(kRST) && seg.seq == tcb_.irs) {
        trace(env, Rule::SynRcvdRetransmittedSyn);
        send_syn(env, true);
        return false;
    }

    bool acceptable;
    if (len == 0) {
        acceptable = wnd == 0 ? seg.seq == nxt : seq_in_window(seg.seq, nxt, wnd);
    } else if (wnd == 0) {
        // "special allowance should be made to accept valid ACKs, URGs, and RSTs": a segment at
        // RCV.NXT goes on, its text is refused by the seventh step.
        acceptable = seg.seq == nxt;
    } else {
        acceptable = seq_in_window(seg.seq, nxt, wnd) || seq_in_window(seg.seq + len - 1, nxt, wnd);
    }
    if (!acceptable) {
        if (seg.has(kRST)) {
            trace(env, Rule::SeqUnacceptableRst);
        } else if (profile_.ack_old_segments && seg.has(kACK) && !seg.has(kSYN) && seq_leq(seg.seq + len, nxt)) {
            // FreeBSD trims the whole old text (and FIN) off and goes on with the ACK field, so
            // e.g. the peer's retransmitted FIN,ACK in CLOSING still acknowledges our FIN.
            trace(env, Rule::OldSegmentAckProcessed);
            Segment ack_only = seg;
            ack_only.flags = kACK;
            ack_only.payload.clear();
            ack_only.seq = nxt;
            fifth_check_ack(env, ack_only);
            if (state_ != State::Closed) send_ack(env);
        } else {
            trace(env, Rule::SeqUnacceptable);
            send_ack(env);  // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
        }
        return false;
    }
    return true;
}

// Second, check the RST bit.
bool Endpoint::second_check_rst(Env& env, const Segment& seg) {
    if (!seg.has(kRST)) return true;
    // RFC 5961 section 3: "If the RST bit is set and the sequence number is outside the current
    // receive window, silently drop the segment" (the first step let it through when its text
    // reaches into the window); only a RST at exactly RCV.NXT resets; one elsewhere in the window
    // gets a challenge ACK. RFC 793: any acceptable RST resets.
    if (profile_.challenge_ack) {
        const uint32_t wnd = acceptance_window();  // the window the first check used (freebsd: MSS-rounded)
        const bool seq_inside = wnd == 0 ? seg.seq == tcb_.rcv_nxt : seq_in_window(seg.seq, tcb_.rcv_nxt, wnd);
        if (!seq_inside) {
            trace(env, Rule::SeqUnacceptableRst);
            return false;
        }
        if (seg.seq != tcb_.rcv_nxt) {
            send_challenge_ack(env, Rule::RstChallengeAck);
            return false;
        }
    }
    switch (state_) {
        case State::SynRcvd:
            if (tcb_.passive) {
                return_to_listen(env, Rule::SynRcvdRstPassive);
            } else {
                enter_closed(env, Rule::SynRcvdRstActive, SocketError::ConnRefused);
            }
            break;
        case State::Established: case State::FinWait1: case State::FinWait2: case State::CloseWait:
            enter_closed(env, Rule::RstReset, SocketError::ConnReset);
            break;
        case State::TimeWait:
            if (profile_.rfc1337_ignore_rst_in_time_wait) {
                trace(env, Rule::TimeWaitRstIgnored);
                break;
            }
            enter_closed(env, Rule::RstInClosingStates, SocketError::None);  // the data was all delivered
            break;
        default:  // CLOSING, LAST-ACK
            enter_closed(env, Rule::RstInClosingStates, SocketError::ConnReset);
            break;
    }
    return false;
}

// Fourth, check the SYN bit.
bool Endpoint::fourth_check_syn(Env& env, const Segment& seg) {
    if (!seg.has(kSYN)) return true;
    if (state_ == State::SynRcvd && tcb_.passive) {
        return_to_listen(env, Rule::SynRcvdSynPassive);
        return false;
    }
    if (profile_.challenge_ack) {
        // RFC 5961 section 4: "irrespective of the sequence number ... send a challenge ACK"
        send_challenge_ack(env, Rule::SynChallengeAck);
        return false;
    }
    // RFC 793: "If the SYN is in the window it is an error, send a reset". The reset comes from a
    // synchronized connection, whose segments always carry the ACK field (RFC 793 3.1,
    // "Acknowledgment Number ... Once a connection is established this is always sent"):
    // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>, the form FreeBSD's tcp_drop() sends.
    send_rst(env, make_segment(kRST | kACK, tcb_.snd_nxt));
    enter_closed(env, Rule::SynInWindowReset, SocketError::ConnReset);
    return false;
}

// SND.WND update with the SND.WL1/SND.WL2 guard against old segments (3.10.7.4 fifth).
void Endpoint::update_send_window(const Segment& seg) {
    if (seq_lt(tcb_.snd_wl1, seg.seq) || (tcb_.snd_wl1 == seg.seq && seq_leq(tcb_.snd_wl2, seg.ack))) {
        tcb_.snd_wnd = seg.window;
        tcb_.snd_wl1 = seg.seq;
        tcb_.snd_wl2 = seg.ack;
    }
}

// RFC 6298 section 2.
void Endpoint::rtt_sample(Micros r) {
    if (tcb_.srtt == 0) {
        tcb_.srtt = std::max<Micros>(r, 1);
        tcb_.rttvar = r / 2;
    } else {
        const Micros diff = tcb_.srtt > r ? tcb_.srtt - r : r - tcb_.srtt;
        tcb_.rttvar = (3 * tcb_.rttvar + diff) / 4;
        tcb_.srtt = std::max<Micros>((7 * tcb_.srtt + r) / 8, 1);
    }
    if (profile_.rto_min_in_variance) {
        tcb_.rto = std::min(tcb_.srtt + std::max<Micros>(4 * tcb_.rttvar, profile_.min_rto), profile_.max_rto);
        return;
    }
    const Micros rto = tcb_.srtt + std::max<Micros>(msec(1), 4 * tcb_.rttvar);  // G = 1 ms
    tcb_.rto = std::clamp(rto, profile_.min_rto, profile_.max_rto);
}

void Endpoint::restart_retransmission_timer(Env& env) {
    const bool outstanding = tcb_.snd_una != tcb_.snd_nxt;
    const bool window_closed_with_data = tcb_.snd_wnd == 0 && !send_buf_.empty();
    if (outstanding || window_closed_with_data) {
        set_timer(env, TimerKind::Retransmission, env.now() + armed_rto());
    } else {
        stop_timer(env, TimerKind::Retransmission);
    }
}

// SND.UNA < SEG.ACK =< SND.NXT: drop what is acknowledged (SYN, bytes, FIN) and restart the timer.
void Endpoint::process_acknowledgment(Env& env, const Segment& seg) {
    const bool of_syn = syn_unacked();
    uint32_t acked = seg.ack - tcb_.snd_una;
    if (syn_unacked() && acked > 0) acked -= 1;  // the SYN's sequence number
    const size_t bytes = std::min<size_t>(acked, send_buf_.size());
    send_buf_.erase(send_buf_.begin(), send_buf_.begin() + bytes);
    tcb_.snd_una = seg.ack;
    tcb_.retries = 0;
    tcb_.probe_out = false;
    tcb_.una_since = tcb_.snd_una == tcb_.snd_nxt ? -1 : env.now();
    if (tcb_.rtt_start >= 0 && seq_geq(seg.ack, tcb_.rtt_seq)) {
        rtt_sample(env.now() - tcb_.rtt_start);
        tcb_.rtt_start = -1;
    }
    restart_retransmission_timer(env);
    if (tcb_.in_recovery) {
        if (seq_geq(tcb_.snd_una, tcb_.recover)) {
            tcb_.in_recovery = false;
        } else if (tcb_.snd_una != tcb_.snd_nxt) {
            retransmit_from_una(env);  // the next lost segment, without waiting for another RTO
        }
    }
    if (!of_syn) cc_new_ack(env, static_cast<uint32_t>(acked));
}

// =================================================================================================
// Congestion control: RFC 5681 (RFC 9293 3.8.2 MUST-19) with NewReno fast recovery (RFC 6582)
// =================================================================================================

uint32_t Endpoint::flight_size() const { return tcb_.snd_nxt - tcb_.snd_una; }

// RFC 5681 3.1: IW = 2, 3 or 4 SMSS by SMSS, or the profile's segment count (RFC 6928: Linux
// tcp_init_cwnd(), FreeBSD tcp_compute_initwnd()); one SMSS when the SYN or SYN,ACK was lost.
void Endpoint::cc_start() {
    if (!profile_.congestion_control) return;
    const uint32_t smss = effective_mss();
    uint32_t segments = static_cast<uint32_t>(profile_.initial_window);
    if (segments == 0) segments = smss > 2190 ? 2 : smss > 1095 ? 3 : 4;
    tcb_.cwnd = tcb_.syn_lost ? smss : segments * smss;
    tcb_.ssthresh = 0xFFFFFFFFu;
    tcb_.ca_bytes_acked = 0;
    tcb_.dupacks = 0;
    tcb_.fast_recovery = false;
    tcb_.fr_recover = tcb_.snd_una;
}

// An ACK that moved SND.UNA by `acked` bytes: slow start or congestion avoidance growth, or, in fast
// recovery, the full or partial ACK of RFC 6582 3.2.
void Endpoint::cc_new_ack(Env& env, uint32_t acked) {
    if (!cc_on()) return;
    const uint32_t smss = effective_mss();
    tcb_.dupacks = 0;
    if (tcb_.fast_recovery) {
        if (seq_geq(tcb_.snd_una, tcb_.fr_recover)) {  // full ACK: deflate the window
            tcb_.fast_recovery = false;
            tcb_.cwnd = std::min(tcb_.ssthresh, std::max(flight_size(), static_cast<uint32_t>(smss)) + smss);
            trace(env, Rule::FastRecoveryEnd);
        } else {  // partial ACK: the next hole goes at once, the window deflates by what was acked
            trace(env, Rule::FastRecoveryPartialAck);
            retransmit_from_una(env);
            tcb_.cwnd = tcb_.cwnd > acked ? tcb_.cwnd - acked : 0;
            if (acked >= smss) tcb_.cwnd += smss;
            tcb_.cwnd = std::max<uint32_t>(tcb_.cwnd, smss);
        }
        return;
    }
    if (tcb_.cwnd < tcb_.ssthresh) {  // slow start: cwnd += min(N, L * SMSS) (RFC 3465 2.2)
        uint32_t grow = acked;
        if (profile_.slow_start_ack_limit > 0) grow = std::min<uint32_t>(grow, profile_.slow_start_ack_limit * smss);
        tcb_.cwnd += grow;
        if (tcb_.cwnd >= tcb_.ssthresh) {
            tcb_.cwnd = tcb_.ssthresh;
            trace(env, Rule::CongestionAvoidance);
        }
        return;
    }
    // Congestion avoidance with byte counting (RFC 5681 3.1, RFC 3465 2.1): one SMSS per cwnd acked.
    tcb_.ca_bytes_acked += acked;
    if (tcb_.ca_bytes_acked >= tcb_.cwnd) {
        tcb_.ca_bytes_acked -= tcb_.cwnd;
        tcb_.cwnd += smss;
    }
}

// RFC 5681 section 2: a duplicate ACK has data outstanding, no data, neither SYN nor FIN, SEG.ACK =
// SND.UNA and the same window as before. The third starts fast retransmit (3.2), unless it only
// acknowledges data sent before the last recovery began (RFC 6582 3.2 step 1); in fast recovery each
// further one inflates cwnd by one SMSS. Returns true when it was a duplicate ACK.
bool Endpoint::cc_duplicate_ack(Env& env, const Segment& seg) {
    if (!cc_on()) return false;
    const bool duplicate = flight_size() > 0 && seg.payload.empty() && !seg.has(kSYN) && !seg.has(kFIN) &&
                           seg.ack == tcb_.snd_una && seg.window == tcb_.snd_wnd;
    if (!duplicate) return false;
    const uint32_t smss = effective_mss();
    if (tcb_.fast_recovery) {
        tcb_.cwnd += smss;
        return true;
    }
    ++tcb_.dupacks;
    trace(env, Rule::DuplicateAck);
    if (tcb_.dupacks == 3 && !tcb_.in_recovery && seq_gt(seg.ack, tcb_.fr_recover)) {
        tcb_.ssthresh = std::max(flight_size() / 2, 2u * smss);
        tcb_.fr_recover = tcb_.snd_nxt;
        tcb_.fast_recovery = true;
        trace(env, Rule::FastRetransmit);
        retransmit_from_una(env);
        tcb_.cwnd = tcb_.ssthresh + 3u * smss;
    }
    return true;
}

// RFC 5681 3.1 eq. 4 on a retransmission timeout: ssthresh = max(FlightSize / 2, 2 * SMSS), only
// for the first timeout of a segment; cwnd = the loss window of 1 SMSS; fast recovery ends.
void Endpoint::cc_timeout(Env& env) {
    if (!cc_on()) return;
    const uint32_t smss = effective_mss();
    if (tcb_.retries == 0) tcb_.ssthresh = std::max(flight_size() / 2, 2u * smss);
    tcb_.cwnd = smss;
    tcb_.ca_bytes_acked = 0;
    tcb_.dupacks = 0;
    tcb_.fast_recovery = false;
    tcb_.fr_recover = tcb_.snd_nxt;
    trace(env, Rule::LossWindow);
}

// Fifth, check the ACK field.
bool Endpoint::fifth_check_ack(Env& env, const Segment& seg) {
    if (!seg.has(kACK)) {
        trace(env, Rule::AckOffDrop);
        return false;
    }
    // RFC 5961 section 5 (ACK range check against MAX.SND.WND) is a MAY and not done here.
    if (state_ == State::SynRcvd) {
        if (!seq_between_open_closed(tcb_.snd_una, seg.ack, tcb_.snd_nxt)) {
            trace(env, Rule::SynRcvdBadAck);
            Segment r = make_segment(kRST, seg.ack);  // <SEQ=SEG.ACK><CTL=RST>
            send_rst(env, r);
            return false;
        }
        tcb_.snd_wnd = seg.window;
        tcb_.snd_wl1 = seg.seq;
        tcb_.snd_wl2 = seg.ack;
        set_state(env, State::Established, Rule::SynRcvdAck);
        if (tcb_.fin_queued) set_state(env, State::FinWait1, Rule::CloseInEstablished);  // CLOSE queued in SYN-RECEIVED
    }
    // ESTABLISHED processing, shared by FIN-WAIT-1/2, CLOSE-WAIT, CLOSING, LAST-ACK
    if (seq_gt(seg.ack, tcb_.snd_nxt)) {
        trace(env, Rule::AckUnsent);
        send_ack(env);
        return false;
    }
    if (seq_between_open_closed(tcb_.snd_una, seg.ack, tcb_.snd_nxt)) {
        process_acknowledgment(env, seg);
    } else if (seg.ack != tcb_.snd_una) {
        // SEG.ACK < SND.UNA, or 2^31 away, where the signed comparisons order it both ways (3.4):
        // never taken as new.
        if (seg.seg_len() == 0) trace(env, Rule::AckOld);  // "it can be ignored"
    } else {
        cc_duplicate_ack(env, seg);
    }
    bool window_reopened = false;
    if (seq_leq(tcb_.snd_una, seg.ack)) {
        const bool was_zero = tcb_.snd_wnd == 0;
        update_send_window(seg);
        if (was_zero && tcb_.snd_wnd > 0) tcb_.retries = 0;
        if (was_zero && tcb_.snd_wnd == 0 && seg.ack == tcb_.snd_una) tcb_.retries = 0;  // peer alive
        // The window update after a zero window: the probe byte the peer refused goes again at
        // once and the held data follows, Nagle or not (FreeBSD tcp_output() has rewound SND.NXT
        // to SND.UNA on the zero window, so it is its "retransmit case"; Linux probes without data).
        if (was_zero && tcb_.snd_wnd > 0 && tcb_.probe_out && seg.ack == tcb_.snd_una) {
            window_reopened = true;
            retransmit_from_una(env);
        }
    }

    switch (state_) {
        case State::FinWait1:
            if (our_fin_acked()) {
                // With a FIN in this segment, wait: the eighth step goes straight to TIME-WAIT.
                if (!seg.has(kFIN)) {
                    set_state(env, State::FinWait2, Rule::FinWait1AckOfFin);
                    if (fully_closed_ && profile_.fin_wait_2_timeout > 0)
                        set_timer(env, TimerKind::FinWait2, env.now() + profile_.fin_wait_2_timeout);
                }
            }
            break;
        case State::Closing:
            if (our_fin_acked()) enter_time_wait(env, Rule::ClosingAckOfFin);
            break;
        case State::LastAck:
            if (our_fin_acked()) {
                enter_closed(env, Rule::LastAckAckOfFin, SocketError::None);
                return false;
            }
            break;
        default:
            break;
    }
    send_queued(env, window_reopened);  // the ACK may have opened the window
    return true;
}

// Seventh, process the segment text; out-of-order text is held (SHLD-31) and delivered in order.
void Endpoint::seventh_process_text(Env& env, const Segment& seg, bool& fin_in_order) {
    const bool receiving = state_ == State::Established || state_ == State::FinWait1 || state_ == State::FinWait2;
    if (!receiving) {
        // CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: "Ignore the segment text"; a FIN still goes
        // on to the eighth step, which acknowledges it.
        if (!seg.payload.empty()) trace(env, Rule::TextAfterFinIgnored);
        fin_in_order = seg.has(kFIN);
        return;
    }
    if (seg.payload.empty() && !seg.has(kFIN)) return;

    // Trim to the window: bytes before RCV.NXT are old, bytes past RCV.NXT+RCV.WND do not fit.
    const uint32_t wnd = acceptance_window();
    Seq seq = seg.seq + (seg.has(kSYN) ? 1 : 0);
    size_t begin = 0, end = seg.payload.size();
    bool fin = seg.has(kFIN);
    if (seq_lt(seq, tcb_.rcv_nxt)) {
        const uint32_t skip = tcb_.rcv_nxt - seq;
        begin = std::min<size_t>(skip, end);
        seq = tcb_.rcv_nxt;
    }
    const uint32_t offset = seq - tcb_.rcv_nxt;
    const uint32_t room = wnd > offset ? wnd - offset : 0;
    if (end - begin > room) {
        end = begin + room;
        fin = false;  // the FIN lies beyond the window
    }
    const bool refused_text = end < seg.payload.size() || (seg.has(kFIN) && !fin);

    if (seq != tcb_.rcv_nxt) {
        // Out of order: hold it, sorted by distance from RCV.NXT, and send a duplicate ACK at once.
        if (end > begin) {
            std::vector<uint8_t> bytes(seg.payload.begin() + begin, seg.payload.begin() + end);
            auto pos = std::find_if(ooo_.begin(), ooo_.end(), [&](const auto& e) {
                return static_cast<uint32_t>(e.first - tcb_.rcv_nxt) > offset;
            });
            ooo_.insert(pos, {seq, std::move(bytes)});
        }
        if (fin) {
            ooo_fin_ = true;
            ooo_fin_seq_ = seq + static_cast<uint32_t>(end - begin);
        }
        trace(env, Rule::OutOfOrderQueued);
        send_ack(env);
        return;
    }

    const uint32_t before = tcb_.rcv_nxt;
    recv_buf_.insert(recv_buf_.end(), seg.payload.begin() + begin, seg.payload.begin() + end);
    tcb_.rcv_nxt += static_cast<uint32_t>(end - begin);
    // Fill from the out-of-order queue what now follows RCV.NXT (nothing can follow a FIN).
    if (fin) ooo_.clear();
    bool progressed = true;
    while (progressed) {
        progressed = false;
        for (auto it = ooo_.begin(); it != ooo_.end(); ++it) {
            const Seq s = it->first;
            const uint32_t n = static_cast<uint32_t>(it->second.size());
            if (seq_leq(s, tcb_.rcv_nxt)) {
                if (seq_gt(s + n, tcb_.rcv_nxt)) {
                    const uint32_t skip = tcb_.rcv_nxt - s;
                    const uint32_t take = std::min<uint32_t>(n - skip, receive_window());
                    recv_buf_.insert(recv_buf_.end(), it->second.begin() + skip, it->second.begin() + skip + take);
                    tcb_.rcv_nxt += take;
                }
                ooo_.erase(it);
                progressed = true;
                break;
            }
        }
    }
    if (fin) {
        fin_in_order = true;
    } else if (ooo_fin_ && ooo_fin_seq_ == tcb_.rcv_nxt) {
        fin_in_order = true;
        ooo_fin_ = false;
    }
    const bool had_ooo = tcb_.rcv_nxt - before > end - begin;
    if (tcb_.rcv_nxt != before) {
        up_data_ = true;
        note_data_arrival(env);
    }

    // The ACK: at once, or delayed (RFC 1122 4.2.3.2) in ESTABLISHED when the profile says so;
    // more than one full segment unacknowledged forces it out. A FIN is handled by the eighth step.
    if (fin_in_order) return;  // the eighth step acknowledges the text and the FIN in one ACK (MUST-58)
    if (refused_text || had_ooo) {
        send_ack(env);
        return;
    }
    if (tcb_.rcv_nxt == before) return;
    ack_now_or_delay(env, state_ == State::Established && !fin_in_order);
}

// Linux tcp_event_data_recv(): "The _first_ data packet received, initialize delayed ACK engine"
// and, when the gap since the last data exceeds the RTO ("Too long gap. Apparently sender failed
// to restart window, so that we send ACKs quickly"), tcp_incr_quickack(): RCV.WND / (2 * MSS)
// quick ACKs, at least 2, at most TCP_MAX_QUICKACKS.
void Endpoint::note_data_arrival(Env& env) {
    const bool first = tcb_.last_data_at < 0;
    const bool after_idle = !first && env.now() - tcb_.last_data_at > tcb_.rto;
    tcb_.last_data_at = env.now();
    if (profile_.quickack <= 0 || (!first && !after_idle)) return;
    const uint32_t mss = std::max<uint32_t>(effective_mss(), 1);
    int quick = static_cast<int>(std::min<uint32_t>(receive_window() / (2 * mss), static_cast<uint32_t>(profile_.quickack)));
    if (quick == 0) quick = 2;
    if (quick > tcb_.quick_acks) {
        tcb_.quick_acks = quick;
        trace(env, Rule::QuickAckMode);
    }
}

// quick_allowed = false for a FIN: Linux tcp_fin() enters pingpong mode, where quick-ack mode does
// not apply (tcp_in_quickack_mode), so the ACK of the FIN waits for the delayed-ACK timer.
void Endpoint::ack_now_or_delay(Env& env, bool delay_allowed, bool quick_allowed) {
    const bool over_one_segment = static_cast<uint32_t>(tcb_.rcv_nxt - tcb_.rcv_acked) > profile_.mss;
    const bool quick = quick_allowed && tcb_.quick_acks > 0;
    if (delay_allowed && profile_.delayed_ack > 0 && !over_one_segment && !quick) {
        tcb_.ack_pending = true;
        if (timer_deadline(TimerKind::DelayedAck) == kNever) {
            trace(env, Rule::DelayedAckArmed);
            set_timer(env, TimerKind::DelayedAck, env.now() + profile_.delayed_ack);
        }
        return;
    }
    send_ack(env);
}

// Eighth, check the FIN bit (reached for a FIN at RCV.NXT, and in the states after the peer's FIN
// for any FIN that passed the first step).
void Endpoint::eighth_check_fin(Env& env) {
    if (!tcb_.fin_received) {  // a second FIN (CLOSE-WAIT and later) occupies no new number
        tcb_.fin_received = true;
        tcb_.peer_fin_seq = tcb_.rcv_nxt;
        tcb_.rcv_nxt += 1;  // FIN consumes one sequence number
        up_data_ = true;    // "signal the user connection closing": RECEIVE returns end of stream
    }
    switch (state_) {
        case State::SynRcvd:
        case State::Established:
            set_state(env, State::CloseWait, Rule::EstablishedRcvFin);
            // Linux delays the ACK of a FIN arriving in ESTABLISHED like that of data, hoping to
            // piggyback it on the application's own FIN, even in quick-ack mode.
            ack_now_or_delay(env, true, false);
            return;
        case State::FinWait1:
            if (our_fin_acked()) {
                send_ack(env);
                enter_time_wait(env, Rule::FinWait1RcvFinAck);
            } else {
                set_state(env, State::Closing, Rule::FinWait1RcvFin);
                send_ack(env);
            }
            return;
        case State::FinWait2:
            send_ack(env);
            enter_time_wait(env, Rule::FinWait2RcvFin);
            return;
        default:  // CLOSE-WAIT, CLOSING, LAST-ACK: remain; TIME-WAIT restarts its timer (3.10.7.4 eighth)
            send_ack(env);
            if (state_ == State::TimeWait)
                set_timer(env, TimerKind::TimeWait, env.now() + profile_.time_wait_duration());
            return;
    }
}

// =================================================================================================
// 3.10.8 Timeouts
// =================================================================================================

// One segment from SND.UNA: the SYN (or SYN,ACK), data up to the MSS, or the FIN, whichever is due.
void Endpoint::retransmit_from_una(Env& env) {
    tcb_.rtt_start = -1;  // Karn: no RTT sample from a retransmitted segment
    if (syn_unacked()) {
        send_syn(env, true);
        return;
    }
    const uint32_t outstanding_data = std::min<uint32_t>(tcb_.snd_nxt - tcb_.snd_una, static_cast<uint32_t>(send_buf_.size()));
    if (outstanding_data > 0) {
        const uint32_t n = std::min<uint32_t>(outstanding_data, effective_mss());
        const bool last = n == send_buf_.size();
        const bool with_fin = last && profile_.fin_on_last_data && tcb_.fin_sent && tcb_.fin_seq == tcb_.snd_una + n;
        Segment s = make_segment(kACK | (last ? kPSH : 0) | (with_fin ? kFIN : 0), tcb_.snd_una);
        s.payload.assign(send_buf_.begin(), send_buf_.begin() + n);
        emit(env, std::move(s), true);
    } else if (tcb_.fin_sent && !our_fin_acked()) {
        emit(env, make_segment(kFIN | kACK, tcb_.fin_seq), true);
    } else if (tcb_.snd_una == tcb_.snd_nxt && !send_buf_.empty()) {
        // Zero-window probe: one byte past the closed window (3.8.6.1).
        trace(env, Rule::ZeroWindowProbe);
        tcb_.probe_out = true;
        Segment s = make_segment(kACK, tcb_.snd_nxt);
        s.payload.assign(send_buf_.begin(), send_buf_.begin() + 1);
        tcb_.snd_nxt += 1;
        emit(env, std::move(s), false);
    }
}

void Endpoint::timeout(Env& env, TimerKind kind) {
    if (timer_deadline(kind) == kNever) return;  // cancelled meanwhile
    timers_[static_cast<int>(kind)] = kNever;
    env.timer_changed(*this, kind);
    switch (kind) {
        case TimerKind::Retransmission: {
            int limit = profile_.data_retries;
            Rule give_up = Rule::DataTimeout;
            Rule again = Rule::RetransmitData;
            if (state_ == State::SynSent) {
                limit = profile_.syn_retries + profile_.linear_syn_retries;
                give_up = Rule::SynSentTimeout;
                again = Rule::RetransmitSyn;
            } else if (state_ == State::SynRcvd) {
                limit = profile_.synack_retries;
                give_up = Rule::SynRcvdTimeout;
                again = Rule::RetransmitSynAck;
            }
            const bool nothing_due = !syn_unacked() && tcb_.snd_una == tcb_.snd_nxt &&
                                     (send_buf_.empty() || tcb_.snd_wnd > 0);
            if (nothing_due) {
                send_queued(env);
                break;
            }
            // USER TIMEOUT (3.8.3): "If the data is not delivered within the timeout, the
            // connection is aborted".
            const bool user_timed_out = profile_.user_timeout > 0 && tcb_.una_since >= 0 &&
                                        env.now() - tcb_.una_since >= profile_.user_timeout;
            // FreeBSD's keepinit: an active open that is not ESTABLISHED in time fails.
            const bool connecting = profile_.connect_timeout > 0 && tcb_.opened_at >= 0 &&
                                    (state_ == State::SynSent || (state_ == State::SynRcvd && !tcb_.passive));
            const bool connect_timed_out = connecting && env.now() - tcb_.opened_at >= profile_.connect_timeout;
            if (tcb_.retries >= limit || user_timed_out || connect_timed_out) {
                enter_closed(env, give_up, SocketError::TimedOut);
                break;
            }
            const bool probe = tcb_.snd_una == tcb_.snd_nxt;
            if (syn_unacked()) tcb_.syn_lost = true;
            if (!probe) {
                trace(env, again);
                if (!syn_unacked()) cc_timeout(env);  // before the count: ssthresh only on the first
                tcb_.in_recovery = true;
                tcb_.recover = tcb_.snd_nxt;
            }
            tcb_.retries += 1;
            // RFC 6298 5.5: back off the timer, except for the first linear SYN retries (Linux
            // tcp_syn_linear_timeouts).
            const bool linear = state_ == State::SynSent && tcb_.retries <= profile_.linear_syn_retries;
            if (!linear) tcb_.rto = std::min(tcb_.rto * 2, profile_.max_rto);
            retransmit_from_una(env);
            Micros next = env.now() + armed_rto();
            if (profile_.user_timeout > 0 && tcb_.una_since >= 0)
                next = std::min(next, tcb_.una_since + profile_.user_timeout);  // Linux tcp_clamp_rto_to_user_timeout
            if (connecting) next = std::min(next, tcb_.opened_at + profile_.connect_timeout);
            set_timer(env, TimerKind::Retransmission, next);
            break;
        }
        case TimerKind::TimeWait:
            if (state_ == State::TimeWait) enter_closed(env, Rule::TimeWaitTimeout, SocketError::None);
            break;
        case TimerKind::FinWait2:
            if (state_ == State::FinWait2) enter_closed(env, Rule::FinWait2Timeout, SocketError::None);
            break;
        case TimerKind::DelayedAck:
            if (tcb_.ack_pending) {
                trace(env, Rule::DelayedAckTimeout);
                send_ack(env);
            }
            break;
    }
    flush_upcalls(env);
}

}  // namespace tcplab
