// sysctl variables -> profile parameters: see pkt_sysctl.h.
#include "pkt_sysctl.h"

namespace tcplab::pkt {

namespace {

struct Mapping {
    const char* sysctl;
    const char* param;
    const char* unit;    // appended to the value for duration parameters ("ms", "s"), "" for numbers
    bool invert = false; // boolean variables that mean the opposite of the parameter
    bool freebsd_only = false;  // a FreeBSD knob with no RFC meaning: applied under the freebsd profile only
};

// FreeBSD: sys/netinet/tcp_input.c (insecure_rst, insecure_syn, drop_synfin), tcp_timer.c
// (rexmit_initial, rexmit_min, rexmit_slop, keepinit, msl in ms), tcp_ecn.c (ecn.enable, ecn.maxretries); Linux: Documentation/networking/ip-sysctl.rst.
constexpr Mapping kMappings[] = {
    {"net.inet.tcp.insecure_rst", "challenge_ack", "", true},
    {"net.inet.tcp.insecure_syn", "challenge_ack", "", true},
    {"net.inet.tcp.drop_synfin", "drop_synfin", "", false, true},
    {"net.inet.tcp.msl", "msl", "ms"},
    {"net.inet.tcp.rexmit_initial", "initial_rto", "ms"},
    {"net.inet.tcp.rexmit_min", "min_rto", "ms"},
    {"net.inet.tcp.rexmit_slop", "rexmit_slop", "ms"},
    {"net.inet.tcp.keepinit", "connect_timeout", "ms"},
    {"net.inet.tcp.ecn.enable", "ecn", ""},
    {"net.inet.tcp.ack_war_cnt", "challenge_ack_limit", ""},
    {"net.inet.tcp.ack_war_timewindow", "challenge_ack_window", "ms"},
    {"net.ipv4.tcp_invalid_ratelimit", "challenge_ack_window", "ms"},
    {"net.inet.tcp.ecn.maxretries", "ecn_maxretries", ""},
    {"net.ipv4.tcp_syn_retries", "syn_retries", ""},
    {"net.ipv4.tcp_synack_retries", "synack_retries", ""},
    {"net.ipv4.tcp_retries2", "data_retries", ""},
    {"net.ipv4.tcp_fin_timeout", "fin_wait_2_timeout", "s"},
    {"net.ipv4.tcp_rfc1337", "rfc1337", ""},
    {"net.ipv4.tcp_syn_linear_timeouts", "linear_syn_retries", ""},
};

}  // namespace

std::optional<std::string> apply_sysctl(Profile& p, const std::string& name, const std::string& value) {
    for (const Mapping& m : kMappings) {
        if (name != m.sysctl) continue;
        if (m.freebsd_only && p.name != "freebsd") return std::nullopt;
        std::string v = value;
        if (m.invert) {
            if (v != "0" && v != "1") return "sysctl " + name + " expects 0 or 1, not '" + value + "'";
            v = v == "0" ? "1" : "0";
        }
        std::string err = set_profile_param(p, m.param, v + m.unit);
        // A parameter this build's profile lacks: not modelled.
        if (err.rfind("unknown profile parameter", 0) == 0) return std::nullopt;
        if (!err.empty()) return "sysctl " + name + "=" + value + ": " + err;
        return "";
    }
    return std::nullopt;
}

}  // namespace tcplab::pkt
