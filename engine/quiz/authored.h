// The answers of a lesson's authored questions (`ask` lines, docs/teaching.md), computed from the
// lesson's own run, never written by the teacher: apply_student first and they follow that
// student's numbers. A field or lost answer is the predict question about that segment
// (questions.h), so it carries the same NumberKey and answer.h checks it the same way. What the run
// cannot answer (no such segment, no drop, a time after the run, ack of a segment without ACK) is
// an error at the ask line, as `tcplab check` reports it.
#pragma once
#include <vector>

#include "quiz/questions.h"

namespace tcplab::quiz {

struct AuthoredAnswer {
    const AuthoredQuestion* ask = nullptr;
    AuthoredText text;                    // the question, placeholders filled
    std::vector<AuthoredOption> options;  // Choice, placeholders filled
    AuthoredText model;                   // Why, placeholders filled
    State state = State::Closed;          // State: the host's state at the ask's time
    Question segment;                     // Field / Lost: the predict question about that segment
    // Lost, for the page's choice: up to four segments sent at or after the time, in order, the
    // lost one among them.
    std::vector<Question> candidates;
};

struct AuthoredKey {
    std::vector<AuthoredAnswer> answers;  // in file order, for the questions without errors
    std::vector<ScenarioError> errors;
    Micros run_end = 0;
};

AuthoredKey authored_key(const Scenario& scenario, const RunOptions& options = {});

const char* authored_kind_name(AuthoredQuestion::Kind k);    // "state", "field", "lost", "choice", "why"
const char* authored_field_name(AuthoredQuestion::Field f);  // "seq", "ack", "flags", "len"
// A Field answer as text: "x+1=1001" (seq, ack), "SYN,ACK", "0".
std::string field_answer_text(const AuthoredAnswer& a);

}  // namespace tcplab::quiz
