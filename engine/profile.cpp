// The three behaviour profiles and the parameter table. Why each value: docs/profiles.md.
#include "profile.h"

#include <charconv>
#include <functional>

#include "scenario/scenario.h"  // parse_time / format_time: "30s", "200ms", "2min"

namespace tcplab {

namespace {

Profile rfc9293() {
    Profile p;  // the defaults in profile.h are RFC 9293's
    p.name = "rfc9293";
    // MUST-23 (3.8.3): a SYN is retransmitted for at least 3 minutes. With RTO 1 s doubling and
    // capped at 60 s: retransmissions at 1,3,7,15,31,63,123 s and ETIMEDOUT at 183 s.
    p.syn_retries = 7;
    return p;
}

Profile rfc793() {
    Profile p;
    p.name = "rfc793";
    p.challenge_ack = false;        // RFC 5961 came 2010: an in-window RST or SYN resets
    p.msl = sec(120);               // RFC 793 section 3.3: MSL = 2 minutes, so TIME-WAIT lasts 4
    // RFC 793 gave only an example RTO procedure (bounds 1 s .. 1 min) and no initial value;
    // the RFC 6298 values are used so that timing differences come from the rules, not the RTO.
    p.initial_rto = sec(1);
    p.min_rto = sec(1);
    p.max_rto = sec(60);
    p.rst_on_close_with_unread_data = false;  // came with RFC 1122 4.2.2.13 / RFC 2525 2.17
    p.nagle = 0;                              // RFC 896 (1984) came after RFC 793
    p.syn_retries = 7;                        // RFC 1122 4.2.3.5: at least 3 minutes for a SYN
    p.congestion_control = false;             // slow start etc. came 1988 (Jacobson), RFC 1122 / RFC 5681
    return p;
}

Profile linux_profile() {
    Profile p;
    p.name = "linux";
    p.challenge_ack = true;                    // since Linux 3.6 (tcp_challenge_ack_limit)
    // Linux 6.x: tcp_send_challenge_ack() passes each challenge ACK through the per-socket
    // tcp_oow_rate_limited() (net.ipv4.tcp_invalid_ratelimit = 500 ms); the global
    // tcp_challenge_ack_limit defaults to INT_MAX since Linux 6.0.
    p.challenge_ack_limit = 1;
    p.challenge_ack_window = msec(500);
    p.rfc1337_ignore_rst_in_time_wait = false; // net.ipv4.tcp_rfc1337 = 0
    p.keep_syn_text = false;                   // no Fast Open: tcp_rcv_synsent_state_process frees a SYN,ACK's text
    p.msl = sec(30);
    p.time_wait = sec(60);                     // TCP_TIMEWAIT_LEN, not derived from an MSL
    p.initial_rto = sec(1);                    // TCP_TIMEOUT_INIT
    p.min_rto = msec(200);                     // TCP_RTO_MIN
    p.max_rto = sec(120);                      // TCP_RTO_MAX
    p.syn_retries = 6;                         // net.ipv4.tcp_syn_retries
    p.synack_retries = 5;                      // net.ipv4.tcp_synack_retries
    p.data_retries = 15;                       // net.ipv4.tcp_retries2
    p.linear_syn_retries = 4;                  // net.ipv4.tcp_syn_linear_timeouts: SYN at 1,2,3,4,5,7,11,19,35,67 s, ETIMEDOUT at 131 s
    p.rto_min_in_variance = true;              // __tcp_set_rto: srtt + max(mdev, rto_min)
    p.rst_ack_on_abort = true;                 // tcp_send_active_reset: TCPHDR_ACK | TCPHDR_RST
    p.ack_simultaneous_synack = true;          // tcp_data_queue: a segment below RCV.NXT forces an ACK
    p.fin_on_last_data = true;                 // tcp_send_fin: the FIN joins the unsent tail
    p.fin_wait_2_timeout = sec(60);            // net.ipv4.tcp_fin_timeout
    p.delayed_ack = msec(40);                  // TCP_DELACK_MIN
    p.quickack = 16;                           // TCP_MAX_QUICKACKS (tcp_event_data_recv -> tcp_incr_quickack)
    p.time_wait_syn_reopens = true;            // tcp_timewait_state_process(): SYN after tw_rcv_nxt -> TCP_TW_SYN
    p.rst_on_close_with_unread_data = true;    // tcp_close(): "data was lost" -> RST
    p.rst_on_data_after_close = true;          // tcp_rcv_state_process(): RCV_SHUTDOWN + new data -> tcp_reset, RST
    p.nagle = 2;                               // tcp_nagle_check(): Minshall's variant (tcp_minshall_check)
    p.initial_window = 10;                     // tcp_init_cwnd(): TCP_INIT_CWND = 10 (RFC 6928)
    p.slow_start_ack_limit = 0;                // tcp_slow_start(): cwnd + acked packets, no L
    p.mss = 1460;
    p.receive_buffer = 65535;
    return p;
}

// FreeBSD 14 defaults (sysctl net.inet.tcp.*; the functions each parameter mirrors: docs/profiles.md).
Profile freebsd_profile() {
    Profile p;
    p.name = "freebsd";
    p.challenge_ack = true;                    // insecure_rst = insecure_syn = 0 (tcp_input.c, RFC 5961)
    p.challenge_ack_limit = 5;                 // net.inet.tcp.ack_war_cnt = 5 (tcp_send_challenge_ack)
    p.challenge_ack_window = sec(1);           // net.inet.tcp.ack_war_timewindow = 1000 ms
    p.rfc1337_ignore_rst_in_time_wait = true;  // tcp_twcheck(): "If the segment contains RST: drop" (RFC 1337)
    p.msl = sec(30);                           // net.inet.tcp.msl = 30000 ms; TIME-WAIT 2 * MSL (tcp_twstart)
    p.initial_rto = sec(1);                    // net.inet.tcp.rexmit_initial = 1000 ms
    p.min_rto = msec(30);                      // net.inet.tcp.rexmit_min = 30 ms
    p.max_rto = sec(64);                       // TCPTV_REXMTMAX
    // tcp_timer_rexmt(): in SYN-SENT rexmt = rexmit_initial * tcp_backoff[shift] (doubling), and
    // TCPT_RANGESET adds the 200 ms rexmit_slop: SYNs at 0, 1, 3.2, 7.4, 15.6, 31.8, 64 s; the 75 s
    // keepinit timer (tcp_timer_keep) ends the attempt before TCP_MAXRXTSHIFT (12) does.
    p.linear_syn_retries = 0;
    p.syn_retries = 12;                        // TCP_MAXRXTSHIFT
    p.rexmit_slop = msec(200);                 // net.inet.tcp.rexmit_slop = 200 ms
    p.connect_timeout = sec(75);               // net.inet.tcp.keepinit = 75000 ms
    p.synack_retries = 3;                      // syncache: net.inet.tcp.syncache.rexmtlimit = 3
    p.data_retries = 12;                       // TCP_MAXRXTSHIFT
    p.fin_wait_2_timeout = sec(60);            // net.inet.tcp.finwait2_timeout = 60 s (tcp_timer_2msl)
    p.delayed_ack = msec(40);                  // net.inet.tcp.delacktime = 40 ms
    p.rst_on_close_with_unread_data = true;    // soclose() -> tcp_disconnect(): "data lost" -> RST
    p.rst_on_data_after_close = true;          // tcp_do_segment(): data "after the user processes are gone" -> RST
    p.nagle = 1;                               // tcp_output(): a short tail goes only when "idle" or TF_NODELAY
    p.initial_window = 10;                     // tcp_compute_initwnd(): net.inet.tcp.initcwnd_segments = 10
    p.slow_start_ack_limit = 2;                // newreno_ack_received(): net.inet.tcp.abc_l_var = 2
    p.mss = 1460;
    p.receive_buffer = 65536;                  // net.inet.tcp.recvspace
    p.receive_buffer_mss_rounded = true;       // tcp_mss_update(): 65536 -> 65700 with MSS 1460
    p.time_wait_twcheck = true;                // tcp_twcheck()
    p.fin_on_every_ack = true;                 // tcp_output(): FIN again while unacknowledged
    p.drop_synfin = false;                     // net.inet.tcp.drop_synfin = 0 (the suite turns it on)
    p.listen_drop_synack = true;               // tcp_input.c: "(SYN|ACK) is bogus on a listen socket"
    p.time_wait_syn_reopens = true;            // tcp_twcheck(): tcp_twclose() and on to the listener
    p.listener_close_drops_embryonic = true;   // the syncache's entries go silently with the listen socket
    p.ack_old_segments = true;                 // tcp_input.c: todrop >= tlen trims the text, the ACK goes on
    p.keep_syn_fin = false;                    // SYN-SENT: text to tcp_reass(), the FIN is not kept
    p.ecn = 2;                                 // net.inet.tcp.ecn.enable = 2 (accept, do not request)
    p.ecn_maxretries = 1;                      // net.inet.tcp.ecn.maxretries = 1
    return p;
}

bool parse_bool(const std::string& v, bool& out) {
    if (v == "true" || v == "on" || v == "yes" || v == "1") return out = true, true;
    if (v == "false" || v == "off" || v == "no" || v == "0") return out = false, true;
    return false;
}

bool parse_uint(const std::string& v, uint64_t max, uint64_t& out) {
    if (v.empty()) return false;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && ptr == v.data() + v.size() && out <= max;
}

// One row per parameter: how to read it, how to set it, and what it means.
struct Field {
    const char* name;
    const char* meaning;
    std::function<std::string(const Profile&)> get;
    std::function<std::string(Profile&, const std::string&)> set;  // error or ""
};

Field duration(const char* name, const char* meaning, Micros Profile::*m, bool zero_ok) {
    return {name, meaning, [m](const Profile& p) { return format_time(p.*m); },
            [m, name, zero_ok](Profile& p, const std::string& v) -> std::string {
                auto t = parse_time(v);
                if (!t) return std::string("bad time '") + v + "' for " + name + " (e.g. 30s, 200ms, 2min)";
                if (*t == 0 && !zero_ok) return std::string(name) + " must be greater than 0";
                p.*m = *t;
                return "";
            }};
}

Field flag(const char* name, const char* meaning, bool Profile::*m) {
    return {name, meaning, [m](const Profile& p) { return std::string(p.*m ? "true" : "false"); },
            [m, name](Profile& p, const std::string& v) -> std::string {
                bool b;
                if (!parse_bool(v, b)) return std::string("bad value '") + v + "' for " + name + " (expected true or false)";
                p.*m = b;
                return "";
            }};
}

template <typename T>
Field number(const char* name, const char* meaning, T Profile::*m, uint64_t lo, uint64_t hi) {
    return {name, meaning, [m](const Profile& p) { return std::to_string(p.*m); },
            [m, name, lo, hi](Profile& p, const std::string& v) -> std::string {
                uint64_t n;
                if (!parse_uint(v, hi, n) || n < lo)
                    return std::string("bad value '") + v + "' for " + name + " (expected a whole number from " +
                           std::to_string(lo) + " to " + std::to_string(hi) + ")";
                p.*m = static_cast<T>(n);
                return "";
            }};
}

// The page never shows what a parameter means (`tcplab profiles` and docs/profiles.md do): the
// browser build leaves the texts out of its download.
#ifdef __EMSCRIPTEN__
#define MEANING(text) ""
#else
#define MEANING(text) text
#endif

const std::vector<Field>& fields() {
    static const std::vector<Field> f = {
        flag("challenge_ack", MEANING("answer an in-window RST not at RCV.NXT, and any SYN in a synchronized state, with a challenge ACK (RFC 5961); false: RFC 793 resets"), &Profile::challenge_ack),
        number("challenge_ack_limit", MEANING("RFC 5961 section 7: challenge ACKs a connection sends per challenge_ack_window at most; 0 = no limit"), &Profile::challenge_ack_limit, 0, 1000000),
        duration("challenge_ack_window", MEANING("the window of challenge_ack_limit, starting at the first challenge ACK; 0 = no limit"), &Profile::challenge_ack_window, true),
        flag("rfc1337", MEANING("ignore RST in TIME_WAIT (RFC 1337, TIME-WAIT assassination)"), &Profile::rfc1337_ignore_rst_in_time_wait),
        flag("keep_syn_text", MEANING("queue text and FIN carried on a SYN until ESTABLISHED (RFC 9293 3.10.7.2/3.10.7.3); false: drop them"), &Profile::keep_syn_text),
        duration("msl", MEANING("maximum segment lifetime"), &Profile::msl, false),
        duration("time_wait", MEANING("TIME_WAIT duration; 0 = 2 * msl"), &Profile::time_wait, true),
        duration("initial_rto", MEANING("retransmission timeout before any RTT sample"), &Profile::initial_rto, false),
        duration("min_rto", MEANING("lower bound of the computed RTO"), &Profile::min_rto, false),
        duration("max_rto", MEANING("upper bound of the RTO after backoff"), &Profile::max_rto, false),
        number("syn_retries", MEANING("SYN retransmissions before connect fails with ETIMEDOUT"), &Profile::syn_retries, 0, 255),
        number("synack_retries", MEANING("SYN,ACK retransmissions before a half-open connection is dropped"), &Profile::synack_retries, 0, 255),
        number("data_retries", MEANING("data/FIN retransmissions before the connection fails with ETIMEDOUT"), &Profile::data_retries, 0, 255),
        duration("user_timeout", MEANING("USER TIMEOUT: data or FIN unacknowledged this long aborts with ETIMEDOUT (RFC 9293 3.8.3); 0 = none"), &Profile::user_timeout, true),
        number("linear_syn_retries", MEANING("first SYN retransmissions that keep the initial RTO instead of doubling, in addition to syn_retries"), &Profile::linear_syn_retries, 0, 255),
        duration("rexmit_slop", MEANING("added to every RTO after the first transmission, before the max_rto clamp (FreeBSD rexmit_slop); 0 = none"), &Profile::rexmit_slop, true),
        duration("connect_timeout", MEANING("an active open not ESTABLISHED this long after OPEN fails with ETIMEDOUT (FreeBSD keepinit); 0 = none"), &Profile::connect_timeout, true),
        flag("rto_min_in_variance", MEANING("RTO = SRTT + max(4*RTTVAR, min_rto) (Linux) instead of RFC 6298's value clamped at min_rto"), &Profile::rto_min_in_variance),
        duration("fin_wait_2_timeout", MEANING("FIN_WAIT_2 timeout after close(); 0 = wait for the FIN forever"), &Profile::fin_wait_2_timeout, true),
        duration("delayed_ack", MEANING("delay before acknowledging received data/FIN in ESTABLISHED; 0 = at once"), &Profile::delayed_ack, true),
        number("quickack", MEANING("Linux quick-ack: first data and data after an idle gap > RTO start up to this many immediate ACKs (min(RCV.WND/(2*MSS), N), at least 2); 0 = off"), &Profile::quickack, 0, 255),
        flag("rst_on_close_with_unread_data", MEANING("close() with unread received data sends RST instead of FIN (RFC 9293 3.6.1 SHLD-3)"), &Profile::rst_on_close_with_unread_data),
        flag("rst_on_data_after_close", MEANING("new data arriving in FIN-WAIT-1/2 after close() (not shutdown()) is answered with RST and the connection ends (RFC 1122 4.2.2.13)"), &Profile::rst_on_data_after_close),
        flag("rst_ack_on_abort", MEANING("ABORT (close with unread data, SO_LINGER 0) sends RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT> instead of a bare RST"), &Profile::rst_ack_on_abort),
        flag("ack_simultaneous_synack", MEANING("simultaneous open: answer the peer's SYN,ACK with an ACK (6 segments instead of 4)"), &Profile::ack_simultaneous_synack),
        flag("fin_on_last_data", MEANING("CLOSE with data still queued puts the FIN on the last data segment"), &Profile::fin_on_last_data),
        number("nagle", MEANING("Nagle (RFC 9293 3.7.4): a sub-MSS tail waits for the ACK of sent data; 0 off, 1 BSD (nothing unacknowledged when output starts), 2 Minshall/Linux (no small segment unacknowledged)"), &Profile::nagle, 0, 2),
        flag("nodelay", MEANING("TCP_NODELAY on every socket: Nagle never holds data (MUST-17)"), &Profile::nodelay),
        flag("congestion_control", MEANING("RFC 5681 slow start, congestion avoidance, loss window after RTO, fast retransmit/recovery (NewReno, RFC 6582); false: only the peer's window limits sending"), &Profile::congestion_control),
        number("initial_window", MEANING("initial congestion window in segments; 0 = RFC 5681 3.1 (2, 3 or 4 by SMSS)"), &Profile::initial_window, 0, 1000),
        number("slow_start_ack_limit", MEANING("slow start: cwnd grows per ACK by the bytes acknowledged, at most this many SMSS (RFC 3465 L); 0 = no limit"), &Profile::slow_start_ack_limit, 0, 1000),
        number("mss", MEANING("maximum segment size sent in the MSS option and used for sending"), &Profile::mss, 64, 65495),
        number("receive_buffer", MEANING("receive buffer; the advertised window is this minus the unread bytes (at most 65535: no window scaling)"), &Profile::receive_buffer, 1, 16777216),
        flag("drop_synfin", MEANING("drop a segment with both SYN and FIN silently in LISTEN and TIME-WAIT (FreeBSD net.inet.tcp.drop_synfin)"), &Profile::drop_synfin),
        flag("receive_buffer_mss_rounded", MEANING("round the receive buffer up to whole MSS; accept into all of it, advertise at most 65535 (FreeBSD tcp_mss_update)"), &Profile::receive_buffer_mss_rounded),
        flag("time_wait_twcheck", MEANING("TIME-WAIT as FreeBSD's tcp_twcheck: drop without ACK, ACK all but an exact duplicate ACK"), &Profile::time_wait_twcheck),
        flag("fin_on_every_ack", MEANING("while our FIN is unacknowledged, every ACK we send carries it again (FreeBSD tcp_output)"), &Profile::fin_on_every_ack),
        flag("listen_drop_synack", MEANING("LISTEN drops a SYN,ACK silently instead of answering with RST (FreeBSD tcp_input.c)"), &Profile::listen_drop_synack),
        flag("time_wait_syn_reopens", MEANING("a SYN above RCV.NXT in TIME-WAIT closes the old connection and goes to the listener (RFC 9293 3.6.1 MAY-2, FreeBSD tcp_twcheck)"), &Profile::time_wait_syn_reopens),
        flag("keep_syn_fin", MEANING("queue the FIN carried on a SYN in SYN-SENT with its text; false: drop the FIN, keep the text (FreeBSD)"), &Profile::keep_syn_fin),
        flag("listener_close_drops_embryonic", MEANING("closing a listener drops its SYN-RECEIVED connections without RST (FreeBSD syncache); false: they are reset"), &Profile::listener_close_drops_embryonic),
        flag("ack_old_segments", MEANING("process the ACK field of a segment wholly left of RCV.NXT (FreeBSD tcp_input.c); false: only reply with an ACK (RFC 9293)"), &Profile::ack_old_segments),
        number("ecn", MEANING("ECN negotiation on SYN and SYN,ACK (RFC 3168): 0 off, 1 request and accept, 2 accept only (FreeBSD ecn.enable)"), &Profile::ecn, 0, 2),
        number("ecn_maxretries", MEANING("SYN retransmissions that still carry ECE,CWR (FreeBSD ecn.maxretries)"), &Profile::ecn_maxretries, 0, 255),
    };
    return f;
}

}  // namespace

std::optional<Profile> profile_by_name(const std::string& name) {
    if (name == "rfc9293") return rfc9293();
    if (name == "rfc793") return rfc793();
    if (name == "linux") return linux_profile();
    if (name == "freebsd") return freebsd_profile();
    return std::nullopt;
}

std::vector<std::string> profile_names() { return {"rfc9293", "rfc793", "linux", "freebsd"}; }

std::vector<ProfileParam> describe(const Profile& p) {
    std::vector<ProfileParam> rows;
    for (const Field& f : fields()) rows.push_back({f.name, f.get(p), f.meaning});
    return rows;
}

std::string set_profile_param(Profile& p, const std::string& name, const std::string& value) {
    for (const Field& f : fields())
        if (name == f.name) return f.set(p, value);
    std::string known;
    for (const Field& f : fields()) known += (known.empty() ? "" : ", ") + std::string(f.name);
    return "unknown profile parameter '" + name + "' (known: " + known + ")";
}

}  // namespace tcplab
