// tcplab pkt FILE...: runs packetdrill scripts with the tcplab engine as the local stack
// (engine/pkt, docs/packetdrill.md). One line per script: PASS, FAIL with the first mismatch, or
// ERROR with file:line:column for syntax it does not support.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "cli/commands.h"
#include "export/json.h"
#include "pkt/pkt_ifdef.h"
#include "pkt/pkt_runner.h"

namespace tcplab::cli {
namespace {

namespace fs = std::filesystem;

struct PktArgs {
    std::vector<std::string> files;
    std::string profile;
    bool strict = false;
    bool verbose = false;
    std::string trace;
    std::optional<uint32_t> local_isn;
    std::vector<std::string> defines;
};

// `--profile`, else the file name's profile suffix (`rst_in_window.rfc793.pkt`), else rfc9293.
std::string profile_for(const PktArgs& a, const std::string& file) {
    if (!a.profile.empty()) return a.profile;
    fs::path stem = fs::path(file).stem();
    std::string suffix = stem.extension().string();
    if (suffix.size() > 1 && profile_by_name(suffix.substr(1))) return suffix.substr(1);
    return "rfc9293";
}

bool write_trace(const std::string& path, const pkt::PktRunResult& r, const Profile& profile) {
    SimConfig config;
    config.profile = profile;
    config.hosts.push_back({"local", pkt::kPktLocalIp, std::nullopt, std::nullopt, {}});
    config.hosts.push_back({"remote", pkt::kPktRemoteIp, std::nullopt, std::nullopt, {}});
    std::ofstream out(path);
    out << trace_json(config, r.trace).dump(1) << "\n";
    return static_cast<bool>(out);
}

int run_pkt(const PktArgs& a) {
    if (!a.profile.empty() && !profile_by_name(a.profile)) {
        std::fprintf(stderr, "tcplab pkt: unknown profile '%s'\n", a.profile.c_str());
        return kExitUsage;
    }
    if (!a.trace.empty() && a.files.size() != 1) {
        std::fprintf(stderr, "tcplab pkt: --trace needs exactly one script\n");
        return kExitUsage;
    }
    int passed = 0, failed = 0, errors = 0, skipped = 0, skipped_scripts = 0;
    bool io_error = false;
    for (const std::string& file : a.files) {
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) {
            std::printf("%s: ERROR: no such file\n", file.c_str());
            ++errors;
            io_error = true;
            continue;
        }
        const std::string profile = profile_for(a, file);
        std::set<std::string> defines = pkt::pkt_defines_for_profile(profile);
        defines.insert(a.defines.begin(), a.defines.end());
        auto parsed = pkt::load_pkt_file(file, defines);
        if (auto* errs = std::get_if<std::vector<pkt::PktError>>(&parsed)) {
            for (const auto& e : *errs) std::printf("%s\n", e.format().c_str());
            std::printf("%s: ERROR (%zu syntax error%s)\n", file.c_str(), errs->size(), errs->size() == 1 ? "" : "s");
            ++errors;
            continue;
        }
        pkt::PktRunOptions opt;
        opt.profile = *profile_by_name(profile);
        if (a.local_isn) opt.local_isn = *a.local_isn;
        opt.strict = a.strict;
        opt.verbose = a.verbose;
        pkt::PktRunResult r = pkt::run_pkt_script(std::get<pkt::PktScript>(parsed), opt);
        for (const std::string& l : r.log) std::printf("  %s\n", l.c_str());
        for (const std::string& w : r.warnings) std::printf("%s:%s\n", file.c_str(), w.c_str());
        std::string line = r.summary(file);
        if (profile != "rfc9293") line += " [" + profile + "]";
        std::printf("%s\n", line.c_str());
        skipped += r.skipped;
        switch (r.outcome) {
            case pkt::PktRunResult::Outcome::Pass: ++passed; break;
            case pkt::PktRunResult::Outcome::Fail: ++failed; break;
            case pkt::PktRunResult::Outcome::Error: ++errors; break;
            case pkt::PktRunResult::Outcome::Skip: ++skipped_scripts; break;
        }
        if (!a.trace.empty() && !write_trace(a.trace, r, opt.profile)) {
            std::fprintf(stderr, "tcplab pkt: cannot write %s\n", a.trace.c_str());
            return kExitIo;
        }
    }
    std::printf("pkt: %d passed, %d failed, %d errors, %d skipped (every check skipped), %d skipped line%s\n", passed, failed,
                errors, skipped_scripts, skipped, skipped == 1 ? "" : "s");
    if (io_error) return kExitIo;
    if (errors > 0) return kExitUsage;
    return failed > 0 ? kExitFailed : kExitOk;
}

RegisterCommand reg("pkt", "Run packetdrill scripts with tcplab as the local stack (docs/packetdrill.md)", [](CLI::App& app) {
    auto a = std::make_shared<PktArgs>();
    app.add_option("files", a->files, "packetdrill scripts (.pkt)")->required();
    app.add_option("--profile", a->profile,
                   "behaviour profile (rfc9293, rfc793, linux, freebsd); default: the file name's suffix (name.rfc793.pkt) or rfc9293");
    app.add_flag("--strict", a->strict,
                 "also compare window, TCP options and the PSH flag of outbound segments, and fail on a sent segment "
                 "no '>' line reads (packetdrill leaves those unread)");
    app.add_option("--local-isn", a->local_isn, "the local stack's initial sequence number (default 2000000000)");
    app.add_option("--define,-D", a->defines,
                   "a name '#ifdef NAME' blocks test, in addition to the profile's (freebsd: FreeBSD, linux: Linux, "
                   "rfc9293/rfc793: STANDARD)");
    app.add_option("--trace", a->trace, "write the tcplab trace of the (single) script as JSON, for the web app");
    app.add_flag("--verbose,-v", a->verbose, "print every step: calls, segments, state changes, timers");
    return [a]() { return run_pkt(*a); };
});

}  // namespace
}  // namespace tcplab::cli
