// The answer key as JSON (docs/teaching.md, "quiz JSON", schema "tcplab-quiz" version
// kQuizSchemaVersion): what `tcplab quiz --json` prints and the page's predict mode will read.
#pragma once
#include <nlohmann/json.hpp>

#include "quiz/authored.h"
#include "quiz/questions.h"

namespace tcplab::quiz {

constexpr int kQuizSchemaVersion = 1;

// `authored`: the lesson's authored questions with their answers (the "authored" array).
nlohmann::json quiz_json(const Scenario& scenario, const std::vector<Question>& questions, Mode mode,
                         const std::vector<AuthoredAnswer>& authored = {});

}  // namespace tcplab::quiz
