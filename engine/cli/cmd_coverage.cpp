// tcplab coverage DIR: which edges of the RFC 9293 state diagram the scenarios in DIR exercise.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "export/coverage.h"

namespace tcplab::cli {
namespace {

RegisterCommand reg("coverage", "Run every scenario in DIR and print which state-diagram edges they exercise (exit 1 if any is uncovered)",
                    [](CLI::App& app) {
    auto dir = std::make_shared<std::string>();
    app.add_option("dir", *dir, "Directory of *.scn scenarios")->required();
    return [dir]() -> int {
        CoverageReport report = coverage_of_directory(*dir);
        std::fputs(format_coverage(report).c_str(), stdout);
        if (!report.errors.empty()) return kExitUsage;
        if (!report.complete() || !report.off_diagram.empty()) return kExitFailed;
        return kExitOk;
    };
});

}  // namespace
}  // namespace tcplab::cli
