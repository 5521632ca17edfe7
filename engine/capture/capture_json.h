// An analyzed capture connection as JSON: the versioned trace document (docs/trace-schema.md), so
// the web app opens it like a lesson's trace, with a "capture" member for what only a capture has.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "capture/capture_reader.h"
#include "capture/connections.h"
#include "capture/observer.h"

namespace tcplab {

nlohmann::json observed_json(const std::string& file, const CaptureSummary& summary, const CaptureConnection& c,
                             const ObservedConnection& o);

// "packet 7 at byte 1234: ..." (the file itself when number is 0).
std::string issue_text(const CaptureIssue& i);

// Text of one segment's notes: the tcp.analysis notes with their details, then why it was sent.
std::vector<std::string> explanation_lines(const SegmentExplanation& e, const ObservedConnection& o);

}  // namespace tcplab
