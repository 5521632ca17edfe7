#include "coverage.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "../diagram.h"
#include "../scenario/scenario.h"

namespace tcplab {

std::vector<size_t> CoverageReport::uncovered() const {
    std::vector<size_t> out;
    for (size_t i = 0; i < by_edge.size(); ++i)
        if (by_edge[i].empty()) out.push_back(i);
    return out;
}

std::vector<size_t> edges_in_trace(const Trace& trace, std::vector<OffDiagram>* off) {
    std::vector<size_t> edges;
    for (const TraceEntry& e : trace) {
        if (e.kind != TraceKind::StateChange) continue;
        auto edge = classify_transition(e.from, e.to, e.rule);
        if (!edge) {
            if (off) off->push_back(OffDiagram{"", e.from, e.to, e.rule, e.time});
            continue;
        }
        if (std::find(edges.begin(), edges.end(), *edge) == edges.end()) edges.push_back(*edge);
    }
    return edges;
}

CoverageBuilder::CoverageBuilder() { report_.by_edge.resize(diagram_edges().size()); }

void CoverageBuilder::add(const std::string& scenario, const Trace& trace) {
    report_.scenarios.push_back(scenario);
    std::vector<OffDiagram> off;
    for (size_t edge : edges_in_trace(trace, &off)) report_.by_edge[edge].push_back(scenario);
    for (auto& o : off) {
        o.scenario = scenario;
        report_.off_diagram.push_back(o);
    }
}

void CoverageBuilder::add_error(const std::string& message) { report_.errors.push_back(message); }

std::vector<std::string> scenario_files(const std::string& dir) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(dir, ec))
        if (f.is_regular_file() && f.path().extension() == ".scn") files.push_back(f.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

CoverageReport coverage_of_directory(const std::string& dir) {
    CoverageBuilder builder;
    auto files = scenario_files(dir);
    if (files.empty()) builder.add_error(dir + ": no *.scn files");
    for (const auto& file : files) {
        ParseResult parsed = load_scenario_file(file);
        if (auto* errors = std::get_if<std::vector<ScenarioError>>(&parsed)) {
            for (const auto& e : *errors) builder.add_error(e.format());
            continue;
        }
        const Scenario& sc = std::get<Scenario>(parsed);
        ScenarioRun run(sc);
        run.run_to_end();
        builder.add(sc.name, run.sim().trace());
    }
    return builder.report();
}

std::string format_coverage(const CoverageReport& report) {
    std::ostringstream out;
    const auto edges = diagram_edges();
    size_t width = 0;
    for (const auto& e : edges) width = std::max(width, std::string(state_name(e.from)).size() + std::string(state_name(e.to)).size() + 4);
    out << "State diagram coverage over " << report.scenarios.size() << " scenarios (RFC 9293 Figure 5 and the RST/timeout exits)\n\n";
    for (size_t i = 0; i < edges.size(); ++i) {
        const DiagramEdge& e = edges[i];
        std::string transition = std::string(state_name(e.from)) + " -> " + state_name(e.to);
        transition.resize(std::max(width, transition.size()), ' ');
        std::string kind = edge_kind_name(e.kind);
        kind.resize(8, ' ');
        out << (report.by_edge[i].empty() ? "  MISSING " : "  ok      ") << transition << "  " << kind << e.en << "\n";
        if (!report.by_edge[i].empty()) {
            out << "            covered by:";
            for (const auto& s : report.by_edge[i]) out << " " << s;
            out << "\n";
        }
    }
    const auto missing = report.uncovered();
    out << "\n" << (edges.size() - missing.size()) << "/" << edges.size() << " edges covered";
    if (!missing.empty()) {
        out << "; uncovered:";
        for (size_t i : missing) out << " " << edges[i].key;
    }
    out << "\n";
    for (const auto& o : report.off_diagram)
        out << "not on the diagram: " << o.scenario << ": " << state_name(o.from) << " -> " << state_name(o.to) << " ("
            << rule_info(o.rule).key << ") at " << o.time << "us\n";
    for (const auto& e : report.errors) out << e << "\n";
    return out.str();
}

}  // namespace tcplab
