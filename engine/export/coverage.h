// Which edges of the state diagram (diagram.h) a set of scenario runs exercised, read from the
// traces' StateChange entries. Used by `tcplab coverage DIR`, tests/unit/coverage_test.cpp and the
// generated docs/scenarios.md.
#pragma once
#include <string>
#include <vector>

#include "../trace.h"

namespace tcplab {

// One state change that is not an edge of the diagram (a bug in the engine or the diagram).
struct OffDiagram {
    std::string scenario;
    State from = State::Closed;
    State to = State::Closed;
    Rule rule = Rule::None;
    Micros time = 0;
};

struct CoverageReport {
    std::vector<std::string> scenarios;           // every scenario added, in order
    std::vector<std::vector<std::string>> by_edge;  // per diagram edge: scenarios that exercise it
    std::vector<OffDiagram> off_diagram;
    std::vector<std::string> errors;              // scenarios that could not be loaded

    std::vector<size_t> uncovered() const;        // edge indices nobody exercised
    bool complete() const { return uncovered().empty(); }
};

// The diagram edges one trace exercises, in first-seen order, without repeats.
std::vector<size_t> edges_in_trace(const Trace& trace, std::vector<OffDiagram>* off = nullptr);

class CoverageBuilder {
public:
    CoverageBuilder();
    void add(const std::string& scenario, const Trace& trace);
    void add_error(const std::string& message);
    const CoverageReport& report() const { return report_; }
private:
    CoverageReport report_;
};

// The scenario files (*.scn) in a directory, sorted by name.
std::vector<std::string> scenario_files(const std::string& dir);
// Loads and runs every scenario in `dir` to its end and collects the coverage.
CoverageReport coverage_of_directory(const std::string& dir);

// The table `tcplab coverage` prints: one row per edge (from, to, kind, label, scenarios), then
// the uncovered edges and the off-diagram transitions.
std::string format_coverage(const CoverageReport& report);

}  // namespace tcplab
