// Behaviour profiles. A profile is only a table of named parameters: the state machine is the same
// for every profile and reads these fields where the standards or stacks differ.
// The documented tables are in docs/profiles.md; keep the two in step.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "hypothesis.h"
#include "vtime.h"

namespace tcplab {

struct Profile {
    std::string name = "rfc9293";

    // --- Segment acceptance (RFC 9293 section 3.10.7.4, RFC 5961) -----------------------------
    // true: an in-window SYN in a synchronized state and an in-window RST whose seq is not exactly
    // RCV.NXT are answered with a challenge ACK (RFC 5961 sections 3, 4). false: RFC 793 rules,
    // an in-window RST or SYN resets the connection.
    bool challenge_ack = true;
    // RFC 1337: ignore RST segments in TIME_WAIT (prevents TIME-WAIT assassination).
    bool rfc1337_ignore_rst_in_time_wait = false;
    // RFC 5961 section 7 ACK throttling: at most challenge_ack_limit challenge ACKs per connection
    // in a window of challenge_ack_window that starts with the first one; either 0 = no limit.
    int challenge_ack_limit = 0;
    Micros challenge_ack_window = sec(1);
    // true: text and FIN carried on a SYN are queued and processed once ESTABLISHED (RFC 9293
    // 3.10.7.2, 3.10.7.3). false: they are dropped and the peer sends them again (Linux without
    // TCP Fast Open).
    bool keep_syn_text = true;

    // --- Timers (RFC 9293 section 3.8.1, RFC 6298) --------------------------------------------
    Micros msl = sec(30);
    // TIME_WAIT duration; 0 means 2 * MSL.
    Micros time_wait = 0;
    Micros initial_rto = sec(1);
    Micros min_rto = sec(1);
    Micros max_rto = sec(60);
    // Retransmissions of a SYN before connect fails with ETIMEDOUT.
    int syn_retries = 7;  // RFC 9293 MUST-23: retransmit a SYN for >= 3 min (183 s with max_rto 60 s)
    // Retransmissions of a SYN,ACK before the embryonic connection is dropped.
    int synack_retries = 5;
    // Retransmissions of data/FIN before the connection is aborted with ETIMEDOUT.
    int data_retries = 15;
    // USER TIMEOUT (RFC 9293 3.8.3, Linux TCP_USER_TIMEOUT): data or FIN unacknowledged this long
    // aborts the connection with ETIMEDOUT; 0 = only data_retries apply.
    Micros user_timeout = 0;
    // The first N SYN retransmissions use the initial RTO without doubling; they count in addition
    // to syn_retries (Linux tcp_syn_linear_timeouts).
    int linear_syn_retries = 0;
    // Added to every RTO computed after the first transmission, before the max_rto clamp
    // (FreeBSD net.inet.tcp.rexmit_slop, TCPT_RANGESET); 0 = RFC 6298's value.
    Micros rexmit_slop = 0;
    // An active open not ESTABLISHED this long after OPEN fails with ETIMEDOUT (FreeBSD
    // net.inet.tcp.keepinit / TCP_KEEPINIT, tcp_timer_keep); 0 = only syn_retries end it.
    Micros connect_timeout = 0;
    // RTO = SRTT + max(4 * RTTVAR, min_rto) (Linux __tcp_set_rto) instead of RFC 6298's
    // SRTT + max(G, 4 * RTTVAR) clamped at min_rto.
    bool rto_min_in_variance = false;
    // FIN_WAIT_2 timeout for a fully closed socket; 0 = none (wait for the peer's FIN forever).
    Micros fin_wait_2_timeout = 0;
    // Delayed ACK; 0 = acknowledge immediately.
    Micros delayed_ack = 0;
    // Linux quick-ack mode (tcp_incr_quickack): the first data of a connection, and data after an
    // idle gap longer than the RTO, start a run of up to this many ACKs sent at once instead of
    // delayed (min(RCV.WND / (2 * MSS), quickack), at least 2; TCP_MAX_QUICKACKS = 16). A FIN is
    // still acknowledged late. 0 = off.
    int quickack = 0;

    // --- Congestion control (RFC 9293 3.8.2 MUST-19: RFC 5681 slow start, congestion avoidance) -
    // false: no congestion control, the peer's window is the only limit (RFC 793 predates it).
    bool congestion_control = true;
    // Initial window in segments; 0 = RFC 5681 3.1's rule from SMSS (2, 3 or 4 segments).
    int initial_window = 0;
    // Slow start grows cwnd per ACK by the bytes it acknowledges, at most this many SMSS (RFC 3465
    // L; RFC 5681 3.1 "cwnd += min (N, SMSS)" is 1); 0 = no limit (Linux counts every acked packet).
    int slow_start_ack_limit = 1;

    // --- Socket layer ------------------------------------------------------------------------
    // close() with unread received data sends RST instead of FIN (Linux, FreeBSD; RFC 2525 2.17).
    bool rst_on_close_with_unread_data = true;
    // close() is a "half-duplex" close (RFC 1122 4.2.2.13 MAY): new data arriving in FIN-WAIT-1/2
    // after close() (not after shutdown()) is answered with RST and the connection is gone
    // (RFC 9293 3.6.1 SHLD-2; Linux tcp_rcv_state_process, FreeBSD tcp_do_segment).
    bool rst_on_data_after_close = false;
    // ABORT's reset carries ACK: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK> (Linux tcp_send_active_reset)
    // instead of RFC 9293 3.10.5's <SEQ=SND.NXT><CTL=RST>.
    bool rst_ack_on_abort = false;
    // Simultaneous open: the peer's SYN,ACK in SYN-RECEIVED is answered with an ACK (Linux takes
    // it as a retransmission below RCV.NXT and acknowledges it at once).
    bool ack_simultaneous_synack = false;
    // CLOSE with data still queued: the FIN rides on the last data segment (Linux tcp_send_fin).
    bool fin_on_last_data = false;
    // Nagle's algorithm (RFC 9293 3.7.4 SHLD-7, RFC 896): a segment smaller than the MSS that ends
    // the send buffer waits while sent data is unacknowledged, unless nodelay or after CLOSE.
    // 0 off; 1 as BSD tcp_output() ("idle": nothing was unacknowledged when the output began);
    // 2 Minshall's variant (Linux tcp_nagle_check): only while a small segment is unacknowledged.
    int nagle = 1;
    // TCP_NODELAY on every socket (MUST-17); `tcplab pkt` sets it per socket with setsockopt.
    bool nodelay = false;
    uint16_t mss = 1460;
    uint32_t receive_buffer = 65535;

    // --- FreeBSD's own choices (the freebsd profile; docs/profiles.md names the functions) -----
    // tcp_input.c (LISTEN) and tcp_twcheck(): drop a segment with SYN and FIN silently
    // (net.inet.tcp.drop_synfin).
    bool drop_synfin = false;
    // tcp_mss_update(): the receive buffer is rounded up to a whole number of MSS (65536 -> 65700);
    // segments are accepted into all of it while the advertised window stays capped at 65535.
    bool receive_buffer_mss_rounded = false;
    // tcp_twcheck(): TIME-WAIT drops a segment without ACK silently, restarts 2MSL on a duplicate
    // FIN and answers every segment but an exact duplicate ACK with <SEQ=SND.NXT><ACK=RCV.NXT>.
    bool time_wait_twcheck = false;
    // tcp_output(): while our FIN is unacknowledged, every ACK we send carries the FIN again.
    bool fin_on_every_ack = false;
    // tcp_input.c LISTEN: a SYN,ACK ("bogus on a listen socket") is dropped without the RST of
    // RFC 9293 3.10.7.2.
    bool listen_drop_synack = false;
    // tcp_twcheck(): a SYN above RCV.NXT in TIME-WAIT closes the old connection and is handed to the
    // listener (RFC 9293 3.6.1 MAY-2).
    bool time_wait_syn_reopens = false;
    // false: the FIN on a SYN in SYN-SENT (simultaneous open) is dropped, its text kept (FreeBSD
    // tcp_input.c queues the text in reassembly, which does not keep the FIN).
    bool keep_syn_fin = true;
    // tcp_input.c: a segment wholly left of RCV.NXT (an old duplicate) still has its ACK field
    // processed after the text is trimmed away; RFC 9293 3.10.7.4 drops it after the ACK reply.
    bool ack_old_segments = false;
    // Closing a listener drops its embryonic (SYN-RECEIVED) connections without a RST: they are
    // syncache entries, not sockets (FreeBSD syncache); others are reset as ABORT does.
    bool listener_close_drops_embryonic = false;
    // ECN negotiation (RFC 3168 6.1.1): 0 off, 1 request it on our SYN and accept it, 2 only accept
    // it on a SYN that asks (FreeBSD net.inet.tcp.ecn.enable). Only the SYN/SYN,ACK flags are modelled.
    int ecn = 0;
    // SYN retransmissions that still carry ECE,CWR before they are sent without (net.inet.tcp.ecn.maxretries).
    int ecn_maxretries = 1;

    // Not a parameter: set only by RunOptions::what_if (hypothesis.h), never by `profile`/`param`.
    Hypothesis hypothesis = Hypothesis::None;

    Micros time_wait_duration() const { return time_wait > 0 ? time_wait : 2 * msl; }
};

// rfc9293 (default), rfc793, linux, freebsd.
std::optional<Profile> profile_by_name(const std::string& name);
std::vector<std::string> profile_names();
// Parameter table for documentation and `tcplab profiles`: (name, value, meaning) rows.
struct ProfileParam {
    std::string name;
    std::string value;
    std::string meaning;
};
std::vector<ProfileParam> describe(const Profile& p);
// Sets one named parameter from text ("msl", "30s"); returns an error message or empty on success.
std::string set_profile_param(Profile& p, const std::string& name, const std::string& value);

}  // namespace tcplab
