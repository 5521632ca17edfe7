// Checking a student's typed answer against the trace's true value (teaching mode, docs/teaching.md).
//   numbers: absolute "1001", relative "1", symbolic "x+1", "y + 1", "x+1+5", "u", "w+1", sums and
//            differences of those; compared modulo 2^32 ("4294967295+2" is 1, and an absolute
//            4294967297 that the student did not wrap is 1 too);
//   flags:   "SYN,ACK", "ACK SYN", "syn+ack", "FIN ACK", "SA"; PSH only counts when named;
//   states:  the 11 names in any case, with or without '_' / '-' / spaces ("time wait", "SYN-RECEIVED"),
//            or the course notes' Chinese names (同步已发送), with or without a trailing 状态.
// A verdict says right or wrong; an answer that cannot be read says what was expected instead.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "numbering.h"
#include "state.h"

namespace tcplab::quiz {

struct Verdict {
    bool parsed = false;   // the answer could be read
    bool correct = false;
    std::string error;     // when !parsed: what was expected
};

// How a bare number is read: as shown in that numbering (Symbolic reads it as absolute); Any
// accepts it as absolute or as relative. Names (x, y ...) are read the same in every mode.
enum class NumberReading : uint8_t { Absolute, Relative, Symbolic, Any };

Verdict check_number(std::string_view answer, Seq truth, const Labeler::Context& ctx,
                     NumberReading reading = NumberReading::Any);

std::optional<uint16_t> read_flags(std::string_view answer, std::string* error);
Verdict check_flags(std::string_view answer, uint16_t truth);

std::optional<State> read_state(std::string_view answer, std::string* error);
Verdict check_state(std::string_view answer, State truth);

}  // namespace tcplab::quiz
