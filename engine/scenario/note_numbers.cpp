// The notes' number placeholders, {x+1}, {C:u+1} ..., filled from a first run (scenario.h).
#include "numbering.h"
#include "scenario/scenario.h"

namespace tcplab {

namespace {

bool has_placeholder(const std::string& s) { return s.find('{') != std::string::npos; }

}  // namespace

// "{x+1}" -> "1001"; a placeholder that cannot be resolved stays as written.
std::string fill_note_numbers(const std::string& text, const Labeler& lab, const Scenario& sc) {
    std::string out;
    size_t pos = 0;
    while (true) {
        size_t open = text.find('{', pos);
        size_t close = open == std::string::npos ? std::string::npos : text.find('}', open);
        if (close == std::string::npos) break;
        out.append(text, pos, open - pos);
        std::string body = text.substr(open + 1, close - open - 1);
        uint32_t ip = 0;
        if (size_t colon = body.find(':'); colon != std::string::npos) {
            for (const auto& h : sc.config.hosts)
                if (h.name == body.substr(0, colon)) ip = h.ip;
            body = body.substr(colon + 1);
        }
        Labeler::Context ctx;
        for (char name : {'x', 'y', 'u', 'v', 'w'})
            if (auto v = lab.symbol_value(name, ip)) ctx.symbols.push_back({name, *v});
        std::string err;
        if (auto v = eval_label(body, ctx, false, &err)) out += std::to_string(*v);
        else out.append(text, open, close - open + 1);
        pos = close + 1;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

void resolve_note_numbers(Scenario& sc) {
    bool any = false;
    for (const auto& n : sc.notes) any = any || has_placeholder(n.en_source) || has_placeholder(n.zh_source);
    if (!any) {
        for (auto& n : sc.notes) {
            n.en = n.en_source;
            n.zh = n.zh_source;
        }
        return;
    }
    // The first run without the notes (moved aside rather than copying the scenario: the page
    // is near its size budget).
    std::vector<ScenarioNote> notes = std::move(sc.notes);
    sc.notes.clear();
    Labeler lab;
    {
        ScenarioRun run(sc);
        run.run_to_end();
        for (const TraceEntry& e : run.sim().trace())
            if (e.kind == TraceKind::SegmentSent || e.kind == TraceKind::SegmentInjected) lab.add(e);
    }
    sc.notes = std::move(notes);
    for (auto& n : sc.notes) {
        n.en = fill_note_numbers(n.en_source, lab, sc);
        n.zh = fill_note_numbers(n.zh_source, lab, sc);
    }
}

}  // namespace tcplab
