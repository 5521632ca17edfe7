// "What if" in the page (engine/hypothesis.h, docs/teaching.md): the lesson replayed under a
// hypothesis that real TCP does not follow, chosen in Controls > What if only (never a profile,
// never a URL parameter). The banner over the state diagram says what the hypothesis changes and
// why real TCP does not, and which of the lesson's checks it breaks that real TCP passes.
#include "ui/app_state.h"
#include "ui/text.h"

namespace tcplab {

void AppState::set_what_if(Hypothesis h) {
    if (defer([=, this] { set_what_if(h); })) return;
    what_if = h;
    if (scenario) rebuild();
}

void AppState::compare_what_if(const RunOptions& options) {
    what_if_compare.clear();
    if (what_if == Hypothesis::None || !scenario) return;
    // Side by side, in the lesson's own terms: its checks (expect lines) under real TCP and here.
    RunOptions real_options = options;
    real_options.what_if = Hypothesis::None;
    ScenarioRun real(*scenario, real_options), here(*scenario, options);
    real.run_to_end();
    here.run_to_end();
    const ExpectResult* first = nullptr;
    for (const ExpectResult& r : here.results())
        if (!r.ok && !first) first = &r;
    what_if_compare = ui::fill(ui::tr("ui.whatif.real"), {{"passed", std::to_string(real.passed())},
                                                           {"n", std::to_string(real.results().size())}});
    what_if_compare += " ";
    if (!first) what_if_compare += ui::tr("ui.whatif.same");
    else
        what_if_compare += ui::fill(ui::tr("ui.whatif.breaks"), {{"failed", std::to_string(here.failed())},
                                                                  {"line", std::to_string(first->expect->loc.line)},
                                                                  {"expect", first->expect->source_text},
                                                                  {"detail", first->detail}});
}

}  // namespace tcplab
