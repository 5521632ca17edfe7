#include "quiz/predict_plan.h"

#include "diagram.h"

namespace tcplab::quiz {

PredictPlan plan_predict(const Scenario& scenario, const RunOptions& options, Mode mode) {
    RunOptions traced = options;
    traced.tracing = true;
    ScenarioRun run(scenario, traced);
    // made_by[i]: how many events had been processed before the one that wrote trace entry i.
    std::vector<uint64_t> made_by;
    for (;;) {
        const uint64_t before = run.sim().events_processed();
        const bool more = run.step();
        made_by.resize(run.sim().trace().size(), before);
        if (!more) break;
    }
    PredictPlan plan;
    const Trace& trace = run.sim().trace();
    plan.questions = predict_questions(scenario, trace, mode);
    for (const Question& q : plan.questions) {
        plan.pause_event.push_back(q.pause_index < made_by.size() ? made_by[q.pause_index] : run.sim().events_processed());
        int edge = -1;
        if (q.kind == Question::Kind::State && q.pause_index < trace.size())
            if (auto k = classify_transition(q.from, q.state, trace[q.pause_index].rule)) edge = static_cast<int>(*k);
        plan.edge.push_back(edge);
    }
    return plan;
}

}  // namespace tcplab::quiz
