// Predict questions from any lesson, no authoring (docs/teaching.md): from a run's trace, the
// ordered list of questions a predict mode asks. Before each state change of a host: its next
// state; before each segment a host sends: its flags, seq and ack. Each question carries a stable
// id, the trace position where the page pauses (just before that entry), the correct answer in
// every numbering, what a typed number is checked against, and the explanation the trace carries
// (the rule with its RFC section, and the lesson's notes of that moment).
#pragma once
#include <string>
#include <vector>

#include "numbering.h"
#include "quiz/answer.h"
#include "scenario/scenario.h"

namespace tcplab::quiz {

enum class Mode : uint8_t { States, Numbers, Both };
const char* mode_name(Mode m);                       // "states", "numbers", "both"
std::optional<Mode> parse_mode(std::string_view s);

struct NumberKey {
    Seq absolute = 0;
    std::string relative;   // "1"
    std::string symbolic;   // "x+1"
    Labeler::Context context;  // what a typed answer is measured against
    // "x+1=1001", or "1001" alone when the symbolic label is the number itself.
    std::string symbolic_and_value() const;
};

struct Explanation {
    std::string rule_key;   // "listen.rcv_syn" ("" when no rule: a data segment, a retransmission)
    std::string section;    // "3.10.7.2"
    std::string en, zh;     // the rule's text, or the trace's own line for the entry
    std::vector<std::pair<std::string, std::string>> notes;  // the lesson's notes (en, zh) at that time
};

struct Question {
    enum class Kind : uint8_t { State, Segment, Authored };  // Authored: the page's plan only
    Kind kind = Kind::State;
    std::string id;            // "A.state.2", "B.seg.1": the host's n-th state change / segment sent
    int host = -1;
    int conn = -1;
    uint64_t pause_index = 0;  // the trace entry asked about; the page pauses just before it
    Micros time = 0;
    // State
    State from = State::Closed;
    State state = State::Closed;
    // Segment
    int to_host = -1;
    uint16_t flags = 0;
    uint32_t len = 0;
    bool has_ack = false;
    bool retransmission = false;
    NumberKey seq, ack;
    Explanation why;
    int authored = -1;  // Authored: its index in PredictPlan::authored
};

std::vector<Question> predict_questions(const Scenario& scenario, const Trace& trace, Mode mode);

}  // namespace tcplab::quiz
