#include "state.h"

#include <cctype>
#include <string>

namespace tcplab {

static const char* const kStateNames[kStateCount] = {
    "CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED", "FIN_WAIT_1",
    "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT",
};

const char* state_name(State s) { return kStateNames[static_cast<int>(s)]; }

std::optional<State> parse_state(std::string_view name) {
    std::string norm;
    for (char c : name) norm += (c == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (norm == "SYN_RECV" || norm == "SYN_RECEIVED") norm = "SYN_RCVD";
    if (norm == "FIN_WAIT1") norm = "FIN_WAIT_1";
    if (norm == "FIN_WAIT2") norm = "FIN_WAIT_2";
    if (norm == "ESTAB") norm = "ESTABLISHED";
    for (int i = 0; i < kStateCount; ++i)
        if (norm == kStateNames[i]) return static_cast<State>(i);
    return std::nullopt;
}

}  // namespace tcplab
