// Helpers shared by the scenario commands (run, check).
#pragma once
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario.h"

namespace tcplab::cli {

// Parses a scenario file; on failure prints every error (file:line:column: error: ...) to stderr.
std::optional<Scenario> load_scenario_or_report(const std::string& path);

// Expectation results in file order (line, column).
std::vector<const ExpectResult*> results_in_file_order(const ScenarioRun& run);

// "file:line: expect ...: what was seen" (what was seen only for failures).
std::string result_text(const ExpectResult& r);

// Writes a command's text output (JSON) to `out`, or to stdout for "-". Returns kExitOk or kExitIo
// (with the message printed).
int write_output(const std::string& out, const std::string& text);

// Checks a --profile value; prints the error and returns false when unknown.
bool check_profile_name(const std::string& name);

}  // namespace tcplab::cli
