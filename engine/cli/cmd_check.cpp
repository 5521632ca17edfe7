// tcplab check DIR|FILES...: runs scenarios and reports PASS/FAIL per file.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/common.h"
#include "quiz/authored.h"

namespace tcplab::cli {
namespace {

namespace fs = std::filesystem;

struct CheckArgs {
    std::vector<std::string> paths;
    std::string profile;
    bool verbose = false;
};

int check(const CheckArgs& a) {
    if (!a.profile.empty() && !check_profile_name(a.profile)) return kExitUsage;
    std::vector<std::string> files;
    for (const std::string& p : a.paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (const auto& e : fs::recursive_directory_iterator(p, ec))
                if (e.is_regular_file() && e.path().extension() == ".scn") found.push_back(e.path().string());
            std::sort(found.begin(), found.end());
            if (found.empty()) {
                std::fprintf(stderr, "tcplab check: no .scn files in %s\n", p.c_str());
                return kExitUsage;
            }
            files.insert(files.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(p, ec)) {
            files.push_back(p);
        } else {
            std::fprintf(stderr, "tcplab check: %s: no such file or directory\n", p.c_str());
            return kExitUsage;
        }
    }
    int passed = 0, failed = 0;
    for (const std::string& f : files) {
        ParseResult r = load_scenario_file(f);
        if (auto* errors = std::get_if<std::vector<ScenarioError>>(&r)) {
            std::printf("FAIL  %s  (does not parse)\n", f.c_str());
            for (const auto& e : *errors) std::printf("      %s\n", e.format().c_str());
            ++failed;
            continue;
        }
        const Scenario& sc = std::get<Scenario>(r);
        RunOptions opts;
        if (!a.profile.empty()) opts.profile = a.profile;
        ScenarioRun run(sc, opts);
        run.run_to_end();
        // The authored questions' answers come from the run: a question it cannot answer is an error.
        const std::vector<ScenarioError> ask_errors = sc.authored.empty() ? std::vector<ScenarioError>{}
                                                                           : quiz::authored_key(sc, opts).errors;
        bool ok = run.failed() == 0 && ask_errors.empty();
        (ok ? passed : failed)++;
        std::printf("%s  %s  (%d/%zu expectations)\n", ok ? "PASS" : "FAIL", f.c_str(), run.passed(), run.results().size());
        for (const auto& e : ask_errors) std::printf("      %s\n", e.format().c_str());
        for (const ExpectResult* x : results_in_file_order(run))
            if (!x->ok || a.verbose) std::printf("      %s %s\n", x->ok ? "ok  " : "FAIL", result_text(*x).c_str());
    }
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed > 0 ? kExitFailed : kExitOk;
}

RegisterCommand reg("check", "Run scenarios (*.scn) and report PASS/FAIL per file with the failing expectations",
                    [](CLI::App& app) {
                        auto a = std::make_shared<CheckArgs>();
                        app.add_option("paths", a->paths, "Scenario files or directories (searched for *.scn)")
                            ->required();
                        app.add_option("--profile", a->profile, "Run every scenario with this profile")->type_name("P");
                        app.add_flag("--verbose,-v", a->verbose, "List passing expectations too");
                        return [a]() { return check(*a); };
                    });

}  // namespace
}  // namespace tcplab::cli
