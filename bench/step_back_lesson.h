// The long lesson the step-back benchmark uses: one bulk transfer in 100-byte segments (mss=100),
// so the trace has about `segments` segments (data and ACKs) while the state a checkpoint copies
// (buffers, timers, the bytes read aside) stays small.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "app.h"

namespace tcplab {

inline std::string step_back_lesson(int segments) {
    // About two data segments per ACK (delayed ACKs): 100 bytes per data segment.
    const long bytes = static_cast<long>(segments) * 100 * 2 / 3;
    return "hosts A=10.0.0.1 B=10.0.0.2\nisn A=1000 B=5000\nlink delay=5ms\nparam mss=100\n"
           "at 0 B listen 80\nat 0 A connect B:80\nat 50ms A send " + std::to_string(bytes) + "\n";
}

inline nlohmann::json status_of(const App& app) { return nlohmann::json::parse(app.status_json()); }
inline uint64_t events_of(const App& app) { return status_of(app)["sim_events"].get<uint64_t>(); }
inline int64_t end_time_of(const App& app) { return status_of(app)["time_us"].get<int64_t>(); }
inline uint64_t segments_in(const App& app) { return status_of(app)["segments"].get<uint64_t>(); }

}  // namespace tcplab
