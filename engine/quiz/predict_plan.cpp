#include "quiz/predict_plan.h"

#include <algorithm>

#include "diagram.h"
#include "stable_sort.h"

namespace tcplab::quiz {

PredictPlan plan_predict(const Scenario& scenario, const RunOptions& options, Mode mode) {
    RunOptions traced = options;
    traced.tracing = true;
    ScenarioRun run(scenario, traced);
    // made_by[i]: how many events had been processed before the one that wrote trace entry i.
    std::vector<uint64_t> made_by;
    std::vector<Micros> event_time;  // event_time[n]: when the (n+1)-th event happened
    for (;;) {
        const uint64_t before = run.sim().events_processed();
        const Micros next = run.sim().next_event_time();
        const bool more = run.step();
        event_time.resize(run.sim().events_processed(), next);
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
    // The authored questions, each where the run reaches its time, ahead of others stopping there.
    plan.authored = authored_key(scenario, options).answers;
    if (plan.authored.empty()) return plan;
    PredictPlan merged;
    merged.authored = std::move(plan.authored);
    size_t next = 0;
    auto add_predict_until = [&](uint64_t stop, bool inclusive) {
        for (; next < plan.questions.size() && (plan.pause_event[next] < stop || (inclusive && plan.pause_event[next] == stop)); ++next) {
            merged.questions.push_back(std::move(plan.questions[next]));
            merged.pause_event.push_back(plan.pause_event[next]);
            merged.edge.push_back(plan.edge[next]);
        }
    };
    std::vector<std::pair<Micros, size_t>> order;  // (time, index): file order within a time
    for (size_t i = 0; i < merged.authored.size(); ++i) order.push_back({merged.authored[i].ask->at, i});
    stable_sort_by(order, [](const std::pair<Micros, size_t>& a, const std::pair<Micros, size_t>& b) { return a.first < b.first; });
    for (const auto& [at, i] : order) {
        const uint64_t stop = static_cast<uint64_t>(std::lower_bound(event_time.begin(), event_time.end(), at) - event_time.begin());
        add_predict_until(stop, false);
        Question q;
        q.kind = Question::Kind::Authored;
        q.id = merged.authored[i].ask->id;
        q.host = merged.authored[i].ask->host;
        q.time = at;
        q.authored = static_cast<int>(i);
        merged.questions.push_back(std::move(q));
        merged.pause_event.push_back(stop);
        merged.edge.push_back(-1);
    }
    add_predict_until(UINT64_MAX, true);
    return merged;
}

}  // namespace tcplab::quiz
