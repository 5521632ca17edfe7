// tcplab run FILE: runs a scenario, draws its ladder, reports its expectations.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/common.h"
#include "export/json.h"
#include "export/ladder.h"
#include "export/pcap.h"

namespace tcplab::cli {
namespace {

struct RunArgs {
    std::string file;
    std::string json_out;
    std::string pcap_out;
    bool relative = false;
    bool absolute = false;
    std::string profile;
    std::optional<uint64_t> seed;
    std::string what_if;
    bool quiet = false;
    std::string student;
};

int run(const RunArgs& a) {
    auto sc = load_scenario_or_report(a.file);
    if (!sc) return kExitUsage;
    apply_student(*sc, a.student);
    RunOptions opts;
    if (!a.profile.empty()) {
        if (!check_profile_name(a.profile)) return kExitUsage;
        opts.profile = a.profile;
    }
    opts.seed = a.seed;
    if (!a.what_if.empty()) {
        auto h = hypothesis_by_name(a.what_if);
        if (!h) {
            std::string known;
            for (const auto& n : hypothesis_names()) known += (known.empty() ? "" : ", ") + n;
            std::fprintf(stderr, "tcplab: unknown hypothesis '%s' (known: %s)\n", a.what_if.c_str(), known.c_str());
            return kExitUsage;
        }
        opts.what_if = *h;
    }
    ScenarioRun sr(*sc, opts);
    sr.run_to_end();

    const bool json_to_stdout = a.json_out == "-";
    const bool draw = !a.quiet && !json_to_stdout;
    FILE* out = json_to_stdout ? stderr : stdout;
    if (draw) {
        const SimConfig& cfg = sr.sim().config();
        std::string title = sc->title.empty() ? sc->name : sc->title;
        std::printf("%s  (%s, profile %s, seed %llu%s)\n\n", title.c_str(), a.file.c_str(), cfg.profile.name.c_str(),
                    static_cast<unsigned long long>(cfg.seed), a.student.empty() ? "" : (", student " + a.student).c_str());
        if (opts.what_if != Hypothesis::None) std::printf("%s\n\n", hypothesis_summary(opts.what_if, "en").c_str());
        LadderOptions lo;
        lo.relative = a.relative;
        std::fputs(render_ladder(cfg, sr.sim().trace(), lo).c_str(), stdout);
        std::printf("\n");
    }
    auto results = results_in_file_order(sr);
    const bool what_if = opts.what_if != Hypothesis::None;
    if (draw && !results.empty())
        std::printf(what_if ? "Expectations of real TCP, checked under the hypothesis (failures show what it breaks):\n"
                            : "Expectations:\n");
    for (const ExpectResult* r : results)
        if (draw || !r->ok) std::fprintf(out, "  %s  %s\n", r->ok ? "PASS" : "FAIL", result_text(*r).c_str());
    if (!results.empty())
        std::fprintf(out, "%d passed, %d failed\n", sr.passed(), sr.failed());
    else if (draw)
        std::printf("no expectations\n");

    if (!a.json_out.empty()) {
        const std::string text = trace_json(sr).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        if (write_output(a.json_out, text) != kExitOk) return kExitIo;
    }
    if (!a.pcap_out.empty()) {
        std::string err = write_pcap(sr.sim().trace(), a.pcap_out);
        if (!err.empty()) {
            std::fprintf(stderr, "tcplab: %s\n", err.c_str());
            return kExitIo;
        }
    }
    return sr.failed() > 0 && !what_if ? kExitFailed : kExitOk;
}

RegisterCommand reg("run", "Run a scenario: draw its ladder diagram and check its expectations", [](CLI::App& app) {
    auto a = std::make_shared<RunArgs>();
    app.add_option("file", a->file, "Scenario file (.scn)")->required();
    app.add_option("--json", a->json_out, "Write the trace as JSON (docs/trace-schema.md) to OUT; '-' = stdout (no ladder)")
        ->type_name("OUT");
    app.add_option("--pcap", a->pcap_out, "Write the segments as a pcap capture (IPv4, virtual timestamps)")->type_name("OUT");
    auto* rel = app.add_flag("--relative", a->relative, "Show seq/ack relative to each side's ISN (like Wireshark)");
    auto* abs = app.add_flag("--absolute", a->absolute, "Show absolute seq/ack (the default)");
    rel->excludes(abs);
    app.add_option("--profile", a->profile, "Override the scenario's profile (rfc9293, rfc793, linux, freebsd)")->type_name("P");
    app.add_option("--seed", a->seed, "Override the scenario's seed")->type_name("N");
    app.add_option("--what-if", a->what_if,
                   "Replay under a hypothesis that is not real TCP, to see what the real rule prevents: "
                   "two-way-handshake, no-time-wait")
        ->type_name("H");
    app.add_option("--student", a->student, "Per-student numbers: ISNs and seed drawn from (lesson, ID) (docs/teaching.md)")
        ->type_name("ID");
    app.add_flag("--quiet,-q", a->quiet, "No ladder: print only failed expectations and the summary");
    return [a]() { return run(*a); };
});

}  // namespace
}  // namespace tcplab::cli
