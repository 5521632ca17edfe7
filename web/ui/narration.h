// The narration (the event log's lines), also for the page's aria-live mirror (web/frame_loop.cpp).
#pragma once
#include <cstddef>
#include <string>

#include "app_state.h"

namespace tcplab::ui {

// The plain-text line the log shows for trace entry `trace_index`, in the current language;
// "" when the entry is not narrated by default (timers, check results) or out of range.
std::string narration_text(const AppState& app, size_t trace_index);

// The same line for any entry, whatever the filters.
std::string narrate(const AppState& app, const TraceEntry& e);

}  // namespace tcplab::ui
