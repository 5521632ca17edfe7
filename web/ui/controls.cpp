// The controls: scenario picker and editor, playback (play/pause, step, scrubber, speed, next event),
// link settings, per-host socket calls, "drop next segment" toggles, language, theme, copy link.
#include <algorithm>
#include <cstdio>
#include <string>

#include "builtin_scenarios.h"
#include "host_calls.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "panels.h"
#include "text.h"
#include "theme.h"

namespace tcplab::ui {

namespace {

void help_marker(const char* text) {
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void scenario_section(AppState& app) {
    auto all = builtin_scenarios();
    const char* current = app.scenario_name.empty() ? tr("ui.scenario.custom") : app.scenario_name.c_str();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##scenario", current)) {
        for (const BuiltinScenario& b : all) {
            bool sel = app.scenario_name == b.name;
            if (ImGui::Selectable(b.name, sel)) {
                std::string err;
                app.load(b.name, b.text, &err);
            }
        }
        ImGui::EndCombo();
    }
    if (app.scenario) {
        const Scenario& sc = *app.scenario;
        const std::string& title = (zh() && !sc.title_zh.empty()) ? sc.title_zh : sc.title;
        const std::string& desc = (zh() && !sc.description_zh.empty()) ? sc.description_zh : sc.description;
        if (!title.empty()) ImGui::TextWrapped("%s", title.c_str());
        if (!desc.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("%s", desc.c_str());
            ImGui::PopStyleColor();
        }
        if (!sc.illustrates.empty()) ImGui::TextDisabled("%s %s", tr("ui.scenario.illustrates"), sc.illustrates.c_str());
    }
    if (ImGui::Button(app.editor_open ? tr("ui.scenario.hide_editor") : tr("ui.scenario.edit"))) {
        app.editor_open = !app.editor_open;
        if (app.editor_open && app.editor_text.empty()) app.editor_text = app.scenario_text;
    }
    if (app.editor_open) {
        ImGui::SameLine();
        if (ImGui::Button(tr("ui.scenario.load"))) {
            std::string err;
            app.load("", app.editor_text, &err);
        }
        ImGui::SameLine();
        if (ImGui::Button(tr("ui.scenario.revert"))) app.editor_text = app.scenario_text;
        ImGui::InputTextMultiline("##editor", &app.editor_text, ImVec2(-1, ImGui::GetTextLineHeight() * 14),
                                  ImGuiInputTextFlags_AllowTabInput);
    }
    // Errors at their line, with the line itself shown under the message.
    if (!app.errors.empty()) {
        const Palette& pal = palette();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(pal.lost));
        ImGui::TextWrapped("%s", tr("ui.scenario.errors"));
        for (const ScenarioError& e : app.errors) {
            ImGui::TextWrapped("%s %d:%d: %s", tr("ui.scenario.line"), e.loc.line, e.loc.column, e.message.c_str());
            // Show the offending line of the editor text (or the last loaded text) with a caret.
            const std::string& text = app.editor_text.empty() ? app.scenario_text : app.editor_text;
            int line = 1;
            size_t start = 0;
            for (size_t i = 0; i < text.size() && line < e.loc.line; ++i)
                if (text[i] == '\n') {
                    ++line;
                    start = i + 1;
                }
            if (e.loc.line > 0 && line == e.loc.line && start <= text.size()) {
                size_t end = text.find('\n', start);
                std::string src = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
                ImGui::PopStyleColor();
                ImGui::TextUnformatted(("  " + src).c_str());
                if (e.loc.column > 0) ImGui::TextUnformatted(("  " + std::string(static_cast<size_t>(e.loc.column - 1), ' ') + "^").c_str());
                ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(pal.lost));
            }
        }
        ImGui::PopStyleColor();
        if (ImGui::SmallButton(tr("ui.scenario.dismiss"))) app.errors.clear();
    }
    if (!app.run_error.empty()) ImGui::TextColored(ImVec4(1, 0.4f, 0.3f, 1), "%s", app.run_error.c_str());
}

void playback_section(AppState& app) {
    if (!app.ready()) return;
    Simulator& sim = *app.sim();
    float bw = (ImGui::GetContentRegionAvail().x - 5 * ImGui::GetStyle().ItemSpacing.x) / 6.0f;
    ImVec2 b(bw, 0);
    if (ImGui::Button(tr("ui.play.reset"), b)) app.reset();
    help_marker(tr("ui.play.reset.tip"));
    ImGui::SameLine();
    ImGui::BeginDisabled(sim.events_processed() == 0);
    if (ImGui::Button(tr("ui.play.step_back"), b)) app.step_back();
    ImGui::EndDisabled();
    help_marker(tr("ui.play.step_back.tip"));
    ImGui::SameLine();
    if (app.playing) {
        if (ImGui::Button(tr("ui.play.pause"), b)) app.pause();
    } else {
        if (ImGui::Button(tr("ui.play.play"), b)) app.play();
    }
    ImGui::SameLine();
    bool idle = sim.next_event_time() == kNever;
    ImGui::BeginDisabled(idle);
    if (ImGui::Button(tr("ui.play.step"), b)) app.step_forward();
    help_marker(tr("ui.play.step.tip"));
    ImGui::SameLine();
    if (ImGui::Button(tr("ui.play.next"), b)) app.jump_next();
    help_marker(tr("ui.play.next.tip"));
    ImGui::SameLine();
    if (ImGui::Button(tr("ui.play.end"), b)) app.run_to_end();
    help_marker(tr("ui.play.end.tip"));
    ImGui::EndDisabled();

    // Scrubber over [0, the latest time known], in milliseconds.
    Micros extent = std::max(app.end_time(), app.view_time);
    float ms = static_cast<float>(app.view_time) / 1000.0f;
    float max_ms = std::max(1.0f, static_cast<float>(extent) / 1000.0f);
    ImGui::SetNextItemWidth(-1);
    std::string fmt = format_time(app.view_time) + " / " + format_time(extent);
    if (ImGui::SliderFloat("##scrub", &ms, 0.0f, max_ms, fmt.c_str())) {
        app.playing = false;
        app.seek(static_cast<Micros>(static_cast<double>(ms) * 1000.0));
    }
    help_marker(tr("ui.play.scrub.tip"));
    ImGui::SetNextItemWidth(-1);
    std::string speed_fmt = std::string(tr("ui.play.speed")) + " %.2gx";
    ImGui::SliderFloat("##speed", &app.speed, 0.1f, 100.0f, speed_fmt.c_str(), ImGuiSliderFlags_Logarithmic);
    help_marker(tr("ui.play.speed.tip"));
    Micros next = sim.next_event_time();
    ImGui::TextDisabled("%s %llu   %s %s", tr("ui.play.events"), static_cast<unsigned long long>(sim.events_processed()),
                        tr("ui.play.next_at"), next == kNever ? tr("ui.play.idle") : format_time(next).c_str());
    if (app.run) {
        int pass = app.run->passed(), fail = app.run->failed();
        if (pass + fail > 0) {
            ImGui::TextColored(fail ? ImVec4(1, 0.4f, 0.3f, 1) : ImVec4(0.4f, 0.85f, 0.5f, 1), "%s",
                               fill(tr("ui.play.expects"), {{"pass", std::to_string(pass)}, {"fail", std::to_string(fail)}}).c_str());
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                for (const ExpectResult& r : app.run->results())
                    if (r.expect)
                        ImGui::Text("%s %d: %s%s%s", r.ok ? "ok  " : "FAIL", r.expect->loc.line, r.expect->source_text.c_str(),
                                    r.detail.empty() ? "" : " -- ", r.detail.c_str());
                ImGui::EndTooltip();
            }
        }
    }
}

void link_section(AppState& app) {
    if (!ImGui::CollapsingHeader(tr("ui.link.title"))) return;
    LinkSettings& l = app.link;
    ImGui::SetNextItemWidth(-90);
    ImGui::SliderInt(tr("ui.link.delay"), &l.delay_ms, 1, 2000, "%d ms", ImGuiSliderFlags_Logarithmic);
    ImGui::SetNextItemWidth(-90);
    ImGui::SliderFloat(tr("ui.link.loss"), &l.loss_pct, 0.0f, 50.0f, "%.0f %%");
    ImGui::SetNextItemWidth(-90);
    ImGui::InputInt(tr("ui.link.seed"), &l.seed);
    ImGui::SetNextItemWidth(-90);
    std::string cur = l.profile.empty() ? tr("ui.link.profile_default") : l.profile;
    if (ImGui::BeginCombo(tr("ui.link.profile"), cur.c_str())) {
        if (ImGui::Selectable(tr("ui.link.profile_default"), l.profile.empty())) l.profile.clear();
        for (const std::string& p : profile_names())
            if (ImGui::Selectable(p.c_str(), l.profile == p)) l.profile = p;
        ImGui::EndCombo();
    }
    if (ImGui::Button(tr("ui.link.apply"))) app.rebuild();
    help_marker(tr("ui.link.apply.tip"));
}

void hosts_section(AppState& app) {
    if (!app.ready()) return;
    if (!ImGui::CollapsingHeader(tr("ui.hosts.title"), ImGuiTreeNodeFlags_DefaultOpen)) return;
    Simulator& sim = *app.sim();
    const Trace& trace = app.trace();
    for (int h = 0; h < sim.host_count() && h < 4; ++h) {
        ImGui::PushID(h);
        State st = sim.host_state(h);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(host_color(h)), "%s", sim.host_name(h).c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s", state_name(st));
        int shown = 0;
        float bw = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3.0f;
        for (const HostCallInfo& c : kHostCalls) {
            if (shown++ % 3 != 0) ImGui::SameLine();
            bool valid = call_valid(c.call, st);
            ImGui::BeginDisabled(!valid);
            std::string label = tr(c.label_key);
            if (c.call == Call::Send) label = fill(label, {{"n", std::to_string(app.send_bytes[h])}});
            if (ImGui::Button(label.c_str(), ImVec2(bw, 0))) {
                HostCall call;
                call.host = h;
                call.call = c.call;
                call.bytes = app.send_bytes[h];
                app.host_call(call);
            }
            ImGui::EndDisabled();
            if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
                ImGui::TextUnformatted(tr(c.tip_key));
                if (!valid) ImGui::TextDisabled("%s", fill(tr("ui.call.invalid"), {{"state", state_name(st)}}).c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
        }
        ImGui::SetNextItemWidth(110);
        ImGui::InputInt(tr("ui.call.bytes"), &app.send_bytes[h], 100, 1000);
        app.send_bytes[h] = std::clamp(app.send_bytes[h], 1, 1 << 20);
        // "Drop the next segment from this host": armed until that host sends its next segment.
        bool armed = h < static_cast<int>(app.drop_armed_at.size()) && app.drop_armed_at[h] >= 0;
        if (armed) {
            for (size_t i = static_cast<size_t>(app.drop_armed_at[h]); i < trace.size(); ++i)
                if (trace[i].kind == TraceKind::SegmentSent && trace[i].host == h) {
                    app.drop_armed_at[h] = -1;
                    armed = false;
                    break;
                }
        }
        bool want = armed;
        if (ImGui::Checkbox(fill(tr("ui.drop_next"), {{"host", sim.host_name(h)}}).c_str(), &want) && want && !armed)
            app.arm_drop_next(h);
        help_marker(tr("ui.drop_next.tip"));
        ImGui::Separator();
        ImGui::PopID();
    }
}

void view_section(AppState& app) {
    if (!ImGui::CollapsingHeader(tr("ui.view.title"), ImGuiTreeNodeFlags_DefaultOpen)) return;
    int lang = zh() ? 1 : 0;
    if (ImGui::RadioButton("English", lang == 0)) app.set_lang("en");
    ImGui::SameLine();
    if (ImGui::RadioButton("中文", lang == 1)) app.set_lang("zh");
    ImGui::SameLine();
    if (ImGui::Checkbox(tr("ui.view.dark"), &app.dark)) app.style_dirty = true;
    ImGui::SameLine();
    ImGui::Checkbox(tr("ui.view.frame_time"), &app.show_overlay);
    if (ImGui::Button(tr("ui.view.copy_link"))) {
        // A link relative to the page (the JS API's linkUrl() gives the absolute one).
        std::string url = app.link_url("");
        app.copied_link = url;
        ImGui::SetClipboardText(url.c_str());
    }
    help_marker(tr("ui.view.copy_link.tip"));
    if (!app.copied_link.empty()) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##link", &app.copied_link, ImGuiInputTextFlags_ReadOnly);
    }
}

}  // namespace

void draw_controls(AppState& app) {
    scenario_section(app);
    ImGui::Separator();
    playback_section(app);
    ImGui::Separator();
    hosts_section(app);
    link_section(app);
    view_section(app);
}

}  // namespace tcplab::ui
