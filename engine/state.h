// The 11 connection states of RFC 9293 section 3.3.2.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace tcplab {

enum class State : uint8_t {
    Closed, Listen, SynSent, SynRcvd, Established, FinWait1, FinWait2, CloseWait, Closing, LastAck, TimeWait,
};
constexpr int kStateCount = 11;

// "SYN_SENT" style names, as the course notes and netstat write them.
const char* state_name(State s);
// Accepts "SYN_SENT", "SYN-SENT", "syn_sent", "SYN_RECV" (Linux) ...
std::optional<State> parse_state(std::string_view name);

}  // namespace tcplab
