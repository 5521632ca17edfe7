// Helpers for the trace's English one-liners (the `text` field). Front ends narrate from the
// message keys and params instead; these are for the terminal and the logs.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "vtime.h"

namespace tcplab {

// "1.050s", "0.000250s" (microseconds shown only when the time is not whole milliseconds).
std::string time_text(Micros t);
// Application bytes as a short quoted preview: "hello\n" (at most `max` bytes, then "...").
std::string bytes_preview(const std::vector<uint8_t>& data, size_t from, size_t max = 24);

}  // namespace tcplab
