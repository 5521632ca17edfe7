// docs/scenarios.md: the lesson library as a generated Markdown page (titles in both languages,
// descriptions, what each illustrates, the state-diagram edges each exercises, and a link that opens
// it in the web app). `tcplab docs-scenarios DIR` prints it; a test keeps the checked-in copy current.
#pragma once
#include <string>
#include <vector>

namespace tcplab {

// Loads and runs every scenario in `dir`. On unparsable files returns "" and fills `errors`.
std::string scenarios_markdown(const std::string& dir, std::vector<std::string>* errors);

}  // namespace tcplab
