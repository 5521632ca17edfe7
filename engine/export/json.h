// The trace as JSON, in the versioned schema of docs/trace-schema.md:
//   {"schema":"tcplab-trace","version":1,"scenario":{...}|null,"hosts":[...],"entries":[...],
//    "results":{...}|null}
// Used by `tcplab run --json` and by the web app's trace_json().
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scenario/scenario.h"
#include "sim.h"
#include "trace.h"

namespace tcplab {

// One entry (what the web app streams to JavaScript subscribers).
nlohmann::json trace_entry_json(const TraceEntry& entry, const Scenario* scenario = nullptr);

// The whole document. `scenario` and `results` may be null.
nlohmann::json trace_json(const SimConfig& config, const Trace& trace, const Scenario* scenario = nullptr,
                          const std::vector<ExpectResult>* results = nullptr);

// Shorthand for a finished ScenarioRun.
nlohmann::json trace_json(const ScenarioRun& run);

}  // namespace tcplab
