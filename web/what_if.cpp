// "What if" in the page (engine/hypothesis.h, docs/teaching.md): the lesson replayed under a
// hypothesis that real TCP does not follow, chosen in Controls > What if only (never a profile,
// never a URL parameter). The banner over the state diagram says what the hypothesis changes and
// why real TCP does not, and which of the lesson's checks it breaks that real TCP passes.
#include <algorithm>

#include "ui/app_state.h"
#include "ui/text.h"

namespace tcplab {

void AppState::set_what_if(Hypothesis h) {
    if (defer([=, this] { set_what_if(h); })) return;
    what_if = h;
    if (scenario) rebuild();
}

namespace {

bool is_segment(const TraceEntry& e) { return e.kind == TraceKind::SegmentSent && e.host >= 0 && e.peer_host >= 0; }
std::tuple<Micros, int, int, uint16_t> key(const TraceEntry& e) { return {e.time, e.host, e.peer_host, e.packet.seg.flags}; }

// A segment is "the same" in both runs when the same host sends it to the same peer at the same
// time with the same flags (the numbers may differ: a hypothesis can shift them).
std::shared_ptr<const AppState::WhatIfOverlay> overlay(const Trace& real, const Trace& here) {
    auto o = std::make_shared<AppState::WhatIfOverlay>();
    std::vector<std::tuple<Micros, int, int, uint16_t>> here_keys;
    for (const TraceEntry& e : here)
        if (is_segment(e)) here_keys.push_back(key(e));
    std::sort(here_keys.begin(), here_keys.end());
    for (const TraceEntry& e : real) {
        if (e.kind == TraceKind::SegmentSent || e.kind == TraceKind::SegmentInjected) o->labels.add(e);
        if (!is_segment(e)) continue;
        o->real_keys.push_back(key(e));
        if (!std::binary_search(here_keys.begin(), here_keys.end(), key(e))) o->real_only.push_back(e);
    }
    std::sort(o->real_keys.begin(), o->real_keys.end());
    return o;
}

}  // namespace

bool AppState::WhatIfOverlay::real_sends(const TraceEntry& e) const {
    return std::binary_search(real_keys.begin(), real_keys.end(), key(e));
}

void AppState::compare_what_if(const RunOptions& options, const ScenarioRun& here) {
    what_if_compare.clear();
    what_if_overlay.reset();
    if (what_if == Hypothesis::None || !scenario) return;
    // Side by side, in the lesson's own terms: its checks (expect lines) under real TCP and here.
    RunOptions real_options = options;
    real_options.what_if = Hypothesis::None;
    real_options.tracing = true;
    ScenarioRun real(*scenario, real_options);
    real.run_to_end();
    what_if_overlay = overlay(real.sim().trace(), here.sim().trace());
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
