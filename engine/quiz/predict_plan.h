// Predict mode as the page plays it (docs/teaching.md): the lesson's questions and, for each, the
// simulator event before which playback stops to ask. The run that produced a question's trace
// entry is replayed event by event, so the page, which plays the same deterministic run, can stop
// exactly there: after `pause_event` events, with the event that changes the state or sends the
// segment still to come (a state question and the segment it sends stop at the same event).
// The lesson's authored questions (ask lines) join them in every mode: each stops when the run
// reaches its time, before the events of that time (what it asks about is still to come), ahead of
// a predict question at the same stop.
#pragma once
#include <cstdint>
#include <vector>

#include "quiz/authored.h"
#include "quiz/questions.h"

namespace tcplab::quiz {

struct PredictPlan {
    std::vector<Question> questions;
    std::vector<uint64_t> pause_event;  // per question: events processed when playback stops
    std::vector<int> edge;              // per question: the diagram edge of a state change, else -1
    std::vector<AuthoredAnswer> authored;  // the Authored questions' answers (authored_key)
};

PredictPlan plan_predict(const Scenario& scenario, const RunOptions& options, Mode mode);

}  // namespace tcplab::quiz
