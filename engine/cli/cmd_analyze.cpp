// tcplab analyze FILE: a real capture (pcap or pcapng) as a lesson. Lists its TCP connections; for
// one, draws the ladder with both endpoints' states inferred by the engine's own state machine
// (capture/observer.h) and explains each segment.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>

#include "capture/capture_json.h"
#include "capture/capture_reader.h"
#include "capture/connections.h"
#include "capture/observer.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "export/ladder.h"
#include "trace_text.h"

namespace tcplab::cli {
namespace {

struct AnalyzeArgs {
    std::string file;
    std::string connection;  // "", a number, "all", or "ADDR:PORT-ADDR:PORT"
    std::string json_out;
    std::string profile = "linux";
    std::string vantage = "auto";
    std::vector<std::string> params;  // NAME=VALUE
    bool absolute = false;
};

std::string wall_clock(int64_t ns) {
    const time_t secs = static_cast<time_t>(ns / 1000000000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%06lld", static_cast<long long>((ns % 1000000000) / 1000));
    return std::string(buf) + frac + " UTC";
}

// "1", "all", or the two ends "10.0.0.1:40000-10.0.0.2:80" in either order.
std::vector<size_t> choose(const std::vector<CaptureConnection>& conns, const std::string& which, std::string& error) {
    std::vector<size_t> out;
    if (which == "all") {
        for (size_t i = 0; i < conns.size(); ++i) out.push_back(i);
        return out;
    }
    if (!which.empty() && which.find_first_not_of("0123456789") == std::string::npos) {
        const unsigned long n = std::stoul(which.substr(0, 9));
        if (n < 1 || n > conns.size()) {
            error = "no connection " + which + " (the capture has " + std::to_string(conns.size()) + ")";
            return out;
        }
        out.push_back(n - 1);
        return out;
    }
    const size_t dash = which.find('-', which.find(']') == std::string::npos ? 0 : which.find(']'));
    if (dash == std::string::npos) {
        error = "--connection takes a number, 'all', or ADDR:PORT-ADDR:PORT (got '" + which + "')";
        return out;
    }
    const std::string x = which.substr(0, dash), y = which.substr(dash + 1);
    for (size_t i = 0; i < conns.size(); ++i)
        if ((conns[i].a_text() == x && conns[i].b_text() == y) || (conns[i].a_text() == y && conns[i].b_text() == x))
            out.push_back(i);
    if (out.empty()) error = "no connection between " + x + " and " + y;
    return out;
}

void print_list(const std::vector<CaptureConnection>& conns, const Profile& p, Vantage v) {
    std::printf("%5s  %-28s %-28s %8s  %-12s %-12s %s\n", "#", "A (opener)", "B", "segments", "A at end", "B at end",
                "duration");
    for (const CaptureConnection& c : conns) {
        const ObservedConnection o = observe_connection(c, p, v);
        const int64_t dur = c.segments.back().time_ns - c.segments.front().time_ns;
        std::printf("%5d  %-28s %-28s %8zu  %-12s %-12s %s\n", c.number, c.a_text().c_str(), c.b_text().c_str(),
                    c.segments.size(), state_name(o.states[0].back().state), state_name(o.states[1].back().state),
                    time_text(dur / 1000).c_str());
    }
}

void print_connection(const std::string& file, const CaptureConnection& c, const ObservedConnection& o, bool relative) {
    std::printf("Connection %d: A %s, B %s\n", c.number, c.a_text().c_str(), c.b_text().c_str());
    std::printf("First segment %s (time 0 below); capture taken %s; profile %s\n\n", wall_clock(o.start_ns).c_str(),
                o.vantage == Vantage::Middle ? "where both sides see the same times (one host)"
                : o.vantage == Vantage::Senders ? ("at each sender (arrivals estimated, one-way " + time_text(o.one_way_ns / 1000) + ")").c_str()
                : o.vantage == Vantage::A    ? ("near A (B's times estimated, one-way " + time_text(o.one_way_ns / 1000) + ")").c_str()
                                             : ("near B (A's times estimated, one-way " + time_text(o.one_way_ns / 1000) + ")").c_str(),
                o.config.profile.name.c_str());
    (void)file;
    LadderOptions lo;
    lo.relative = relative;
    std::fputs(render_ladder(o.config, o.trace, lo).c_str(), stdout);

    std::printf("\nSegments (packet numbers as in Wireshark; states after each segment):\n");
    for (size_t i = 0; i < c.segments.size(); ++i) {
        const CapturedSegment& cs = c.segments[i];
        const SegmentExplanation& e = o.segments[i];
        const bool a = c.from_a(cs);
        Segment shown = cs.seg;
        shown.payload.assign(cs.payload_len, 0);
        std::printf("%6llu %10s  %s  %-44s  A %-11s B %s\n", static_cast<unsigned long long>(cs.number),
                    time_text((cs.time_ns - o.start_ns) / 1000).c_str(), a ? "A->B" : "B->A",
                    segment_summary(shown).c_str(), state_name(a ? e.sender_state : e.receiver_state),
                    state_name(a ? e.receiver_state : e.sender_state));
        for (const std::string& line : explanation_lines(e, o)) std::printf("%20s %s\n", "", line.c_str());
    }
    std::printf("\nStates (inferred by the engine's RFC 9293 state machine):\n");
    for (int side = 0; side < 2; ++side) {
        std::printf("  %s:", side == 0 ? "A" : "B");
        for (const StateAtTime& s : o.states[side])
            std::printf(" %s@%s", state_name(s.state), time_text((s.time_ns - o.start_ns) / 1000).c_str());
        std::printf("\n");
        if (o.time_wait_start_ns[side] >= 0) {
            const int64_t end = o.time_wait_end_ns[side];
            const bool over = end <= c.segments.back().time_ns;
            std::printf("    TIME_WAIT from %s; 2MSL under profile %s (%s) ends it at %s%s\n",
                        time_text((o.time_wait_start_ns[side] - o.start_ns) / 1000).c_str(),
                        o.config.profile.name.c_str(), time_text(o.config.profile.time_wait_duration()).c_str(),
                        time_text((end - o.start_ns) / 1000).c_str(), over ? "" : ", after the capture ends");
        }
    }
    for (const std::string& u : o.uncertain) std::printf("  uncertain: %s\n", u.c_str());
}

int run_analyze(const AnalyzeArgs& a) {
    if (!check_profile_name(a.profile)) return kExitUsage;
    Vantage vantage;
    if (a.vantage == "auto") vantage = Vantage::Auto;
    else if (a.vantage == "middle") vantage = Vantage::Middle;
    else if (a.vantage == "a" || a.vantage == "A") vantage = Vantage::A;
    else if (a.vantage == "b" || a.vantage == "B") vantage = Vantage::B;
    else if (a.vantage == "senders") vantage = Vantage::Senders;
    else {
        std::fprintf(stderr, "tcplab: --vantage is auto, middle, a, b or senders (got '%s')\n", a.vantage.c_str());
        return kExitUsage;
    }
    Profile profile = *profile_by_name(a.profile);
    for (const std::string& pv : a.params) {
        const size_t eq = pv.find('=');
        const std::string e = eq == std::string::npos ? "expected NAME=VALUE"
                                                      : set_profile_param(profile, pv.substr(0, eq), pv.substr(eq + 1));
        if (!e.empty()) {
            std::fprintf(stderr, "tcplab: --param %s: %s\n", pv.c_str(), e.c_str());
            return kExitUsage;
        }
    }
    CaptureSummary summary;
    ConnectionSplitter splitter;
    const std::string err = read_capture(a.file, [&](const CapturedSegment& s) { splitter.add(s); }, summary);
    if (!err.empty()) {
        std::fprintf(stderr, "tcplab: %s\n", err.c_str());
        return kExitUsage;
    }
    auto& conns = splitter.connections();
    const bool json_stdout = a.json_out == "-";
    FILE* info = json_stdout ? stderr : stdout;
    std::fprintf(info, "%s: %s, link type %s, %llu packets, %llu TCP segments, %zu connections\n", a.file.c_str(),
                 summary.format.c_str(), summary.link_type.c_str(), static_cast<unsigned long long>(summary.packets),
                 static_cast<unsigned long long>(summary.tcp), conns.size());
    // The first few of each kind; a capture of a busy link may have thousands of the same.
    std::map<std::string, int> kinds;
    for (const CaptureIssue& i : summary.issues) {
        const int n = ++kinds[i.message];
        if (n <= 5) std::fprintf(stderr, "%s: %s\n", a.file.c_str(), issue_text(i).c_str());
    }
    for (const auto& [message, n] : kinds)
        if (n > 5) std::fprintf(stderr, "%s: ... %d more: %s\n", a.file.c_str(), n - 5, message.c_str());
    if (summary.checksums_offloaded)
        std::fprintf(info, "%llu segments carry checksums their sender left to the network card (not errors)\n",
                     static_cast<unsigned long long>(summary.checksums_offloaded));
    const int status = summary.read_error ? kExitUsage : kExitOk;
    if (conns.empty()) {
        std::fprintf(stderr, "tcplab: %s has no TCP connection\n", a.file.c_str());
        return summary.read_error ? kExitUsage : kExitFailed;
    }
    std::string which = a.connection;
    if (which.empty() && conns.size() == 1) which = "1";
    if (which.empty()) {
        if (!a.json_out.empty()) {
            std::fprintf(stderr, "tcplab: --json needs one connection: add --connection N\n");
            return kExitUsage;
        }
        std::printf("\n");
        print_list(conns, profile, vantage);
        std::printf("\nChoose one with --connection N (or ADDR:PORT-ADDR:PORT, or all).\n");
        return status;
    }
    std::string error;
    const std::vector<size_t> chosen = choose(conns, which, error);
    if (!error.empty()) {
        std::fprintf(stderr, "tcplab: %s\n", error.c_str());
        return kExitUsage;
    }
    // One connection: its trace document. Several: {"schema":"tcplab-capture","connections":[...]}.
    nlohmann::json many = {{"schema", "tcplab-capture"}, {"version", 1}, {"connections", nlohmann::json::array()}};
    for (size_t idx : chosen) {
        const ObservedConnection o = observe_connection(conns[idx], profile, vantage);
        if (!json_stdout) {
            std::printf("\n");
            print_connection(a.file, conns[idx], o, !a.absolute);
        }
        if (!a.json_out.empty()) many["connections"].push_back(observed_json(a.file, summary, conns[idx], o));
    }
    if (!a.json_out.empty()) {
        const nlohmann::json& doc = chosen.size() == 1 ? many["connections"][0] : many;
        const std::string text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        if (write_output(a.json_out, text) != kExitOk) return kExitIo;
    }
    return status;
}

RegisterCommand reg("analyze", "Open a real capture (pcap, pcapng): its connections, both endpoints' states, each segment explained",
                    [](CLI::App& app) {
    auto a = std::make_shared<AnalyzeArgs>();
    app.add_option("file", a->file, "Capture file (pcap or pcapng, as tcpdump or Wireshark write it)")->required();
    app.add_option("--connection,-c", a->connection, "Which connection: its number in the list, ADDR:PORT-ADDR:PORT, or all")
        ->type_name("N");
    app.add_option("--json", a->json_out, "Write the connection as a trace JSON document (docs/trace-schema.md); '-' = stdout")
        ->type_name("OUT");
    app.add_option("--profile", a->profile, "Stack whose rules the observers follow and whose timers are shown (default linux)")
        ->type_name("P");
    app.add_option("--param", a->params, "Set a profile parameter, e.g. --param msl=2s (tcplab profiles lists them)")
        ->type_name("NAME=VALUE");
    app.add_option("--vantage", a->vantage,
                   "Where the capture was taken: auto (from the handshake's timing), middle (one host, loopback), "
                   "a, b, or senders (each segment stamped when sent: tcplab run --pcap, or both hosts' captures merged)")
        ->type_name("V");
    app.add_flag("--absolute", a->absolute, "Show absolute seq/ack (default: relative to each side's ISN, like Wireshark)");
    return [a]() { return run_analyze(*a); };
});

}  // namespace
}  // namespace tcplab::cli
