#include "cli/common.h"

#include <fstream>

#include "cli/commands.h"

#include <algorithm>

namespace tcplab::cli {

std::optional<Scenario> load_scenario_or_report(const std::string& path) {
    ParseResult r = load_scenario_file(path);
    if (auto* errors = std::get_if<std::vector<ScenarioError>>(&r)) {
        for (const auto& e : *errors) std::fprintf(stderr, "%s\n", e.format().c_str());
        return std::nullopt;
    }
    return std::get<Scenario>(std::move(r));
}

std::vector<const ExpectResult*> results_in_file_order(const ScenarioRun& run) {
    std::vector<const ExpectResult*> out;
    for (const auto& r : run.results()) out.push_back(&r);
    std::stable_sort(out.begin(), out.end(), [](const ExpectResult* a, const ExpectResult* b) {
        if (a->expect->loc.line != b->expect->loc.line) return a->expect->loc.line < b->expect->loc.line;
        return a->expect->loc.column < b->expect->loc.column;
    });
    return out;
}

std::string result_text(const ExpectResult& r) {
    const Expect& e = *r.expect;
    std::string out = e.loc.file + ":" + std::to_string(e.loc.line) + ": " + e.source_text;
    if (!r.ok) out += ": " + r.detail;
    return out;
}

int write_output(const std::string& out, const std::string& text) {
    if (out == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return kExitOk;
    }
    std::ofstream f(out, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f) {
        std::fprintf(stderr, "tcplab: cannot write %s\n", out.c_str());
        return kExitIo;
    }
    return kExitOk;
}

bool check_profile_name(const std::string& name) {
    if (profile_by_name(name)) return true;
    std::string names;
    for (const auto& n : profile_names()) names += (names.empty() ? "" : ", ") + n;
    std::fprintf(stderr, "tcplab: unknown profile '%s' (%s)\n", name.c_str(), names.c_str());
    return false;
}

}  // namespace tcplab::cli
