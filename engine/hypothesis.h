// "What if" hypotheses for the course notes' two why-questions (why three ways, why TIME_WAIT):
// TCP changed on purpose, to show what goes wrong without the real rule. A hypothesis is never a
// profile: it is not in profile_names(), `profile` and `param` cannot choose it; only
// RunOptions::what_if does (tcplab run --what-if). The trace JSON names it, and every step it
// changes fires a whatif.* rule whose text says it is not real TCP.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tcplab {

enum class Hypothesis : uint8_t {
    None,
    TwoWayHandshake,  // a passive open is ESTABLISHED on the SYN; SYN-SENT does not ACK the SYN,ACK
    NoTimeWait,       // the active closer deletes its TCB at once instead of lingering 2MSL
};

std::optional<Hypothesis> hypothesis_by_name(std::string_view name);  // "two-way-handshake" ...
const char* hypothesis_name(Hypothesis h);                            // "" for None
std::vector<std::string> hypothesis_names();
// One line for a banner: what the hypothesis changes and why real TCP does not do it.
std::string hypothesis_summary(Hypothesis h, const std::string& lang);

}  // namespace tcplab
