// The controls: lesson picker (titles in the current language) and editor, the transport when the
// bar over the panels is hidden (transport=0), per-host socket calls, "drop next segment" toggles,
// link settings, language, theme, copy link; the teaching sections are ui/teaching_controls.cpp. Labels that would not fit the panel's width wrap, take
// a shorter form or move to the next row: nothing is clipped in either language.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "builtin_scenarios.h"
#include "control_widgets.h"
#include "host_calls.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "layout_report.h"
#include "panels.h"
#include "teaching_controls.h"
#include "text.h"
#include "theme.h"
#include "transport.h"

namespace tcplab::ui {

namespace {

// `text` cut (at a UTF-8 character boundary) with "..." so that it is at most `w` wide.
std::string fit_text(const std::string& text, float w) {
    if (ImGui::CalcTextSize(text.c_str()).x <= w) return text;
    std::string s = text;
    while (!s.empty()) {
        do s.pop_back();
        while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80);
        if (!s.empty()) s.pop_back();  // the lead byte of the character just cut
        std::string t = s + "...";
        if (ImGui::CalcTextSize(t.c_str()).x <= w) return t;
    }
    return "...";
}

// "07  Simultaneous close" / "07  同时关闭": the lesson's number and its title in the UI language.
std::string lesson_label(const BuiltinScenario& b) {
    const char* title = zh() && *b.title_zh ? b.title_zh : b.title;
    std::string name = b.name;
    return *title ? name.substr(0, name.find('-')) + "  " + title : name;
}

void scenario_section(AppState& app) {
    auto all = builtin_scenarios();
    std::string current = tr("ui.scenario.custom");
    for (size_t i = 0; i < all.size(); ++i)
        if (app.scenario_name == all[i].name) current = lesson_label(all[i]);
    ImGui::SetNextItemWidth(-1);
    float preview_w = ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() - 2 * ImGui::GetStyle().FramePadding.x;
    std::string preview = fit_text(current, preview_w);
    const BuiltinScenario* pick = nullptr;
    if (ImGui::BeginCombo("##scenario", preview.c_str())) {
        for (size_t i = 0; i < all.size(); ++i) {
            bool sel = app.scenario_name == all[i].name;
            const std::string label = lesson_label(all[i]);
            if (ImGui::Selectable(label.c_str(), sel)) pick = &all[i];
            if (ImGui::IsItemVisible()) {  // a selectable's rect overhangs the list by half the spacing
                const float left = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMin().x;
                const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
                report_box("control", std::string("scenario.") + all[i].name, ImVec2(std::max(ImGui::GetItemRectMin().x, left), ImGui::GetItemRectMin().y),
                           ImVec2(std::min(ImGui::GetItemRectMax().x, right), ImGui::GetItemRectMax().y), label);
            }
        }
        ImGui::EndCombo();
    }
    report_visible("scenario", preview);
    if (pick) app.load_builtin(pick->name, nullptr);
    if (!app.loading_lesson.empty()) ImGui::TextDisabled("%s", tr("ui.scenario.loading"));
    if (app.scenario) {
        const Scenario& sc = *app.scenario;
        const std::string& title = sc.title_in(zh());
        const std::string& desc = sc.description_in(zh());
        if (!title.empty()) ImGui::TextWrapped("%s", title.c_str());
        if (!desc.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("%s", desc.c_str());
            ImGui::PopStyleColor();
        }
        if (!sc.illustrates.empty()) {  // wrapped: the list of sections is long on a phone
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("%s %s", tr("ui.scenario.illustrates"), sc.illustrates.c_str());
            ImGui::PopStyleColor();
        }
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

// The checks of the run (the scenario's expect lines): passed and failed, each on hover.
void checks_section(AppState& app) {
    if (!app.run) return;
    int pass = app.run->passed(), fail = app.run->failed();
    if (pass + fail == 0) return;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(fail ? ImVec4(1, 0.4f, 0.3f, 1) : ImVec4(0.4f, 0.85f, 0.5f, 1), "%s",
                       fill(tr("ui.play.expects"), {{"pass", std::to_string(pass)}, {"fail", std::to_string(fail)}}).c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        for (const ExpectResult& r : app.run->results())
            if (r.expect)
                ImGui::Text("%s %d: %s%s%s", r.ok ? "ok  " : "FAIL", r.expect->loc.line, r.expect->source_text.c_str(),
                            r.detail.empty() ? "" : " -- ", r.detail.c_str());
        ImGui::EndTooltip();
    }
}

void playback_section(AppState& app) {
    if (!app.ready()) return;
    // With transport=0 the panel carries the transport itself.
    if (!app.options.transport) draw_transport(app, ImGui::GetContentRegionAvail().x);
    ImGui::Checkbox(tr("ui.play.skip_idle"), &app.skip_idle);
    report_visible("skip_idle", tr("ui.play.skip_idle"));
    help_marker(tr("ui.play.skip_idle.tip"));
    checks_section(app);
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
    const Simulator& sim = *app.sim();
    const Trace& trace = app.trace();
    const float sp = ImGui::GetStyle().ItemSpacing.x;
    std::vector<HostCall> calls;  // made after the section is drawn (a call may rebuild the run)
    for (int h = 0; h < sim.host_count() && h < 4; ++h) {
        ImGui::PushID(h);
        State st = sim.host_state(h);
        const std::string& host = sim.host_name(h);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(host_color(h)), "%s", host.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("%s", state_name(st));
        // As many buttons per row (up to three) as the widest label allows.
        std::vector<std::string> labels;
        float widest = 0;
        for (const HostCallInfo& c : kHostCalls) {
            std::string label = tr(c.label_key);
            if (c.call == Call::Send) label = fill(label, {{"n", std::to_string(app.send_bytes[h])}});
            widest = std::max(widest, ImGui::CalcTextSize(label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x);
            labels.push_back(std::move(label));
        }
        float avail = ImGui::GetContentRegionAvail().x;
        int cols = std::clamp(static_cast<int>((avail + sp) / (widest + sp)), 1, 3);
        float bw = std::max(widest, (avail - static_cast<float>(cols - 1) * sp) / static_cast<float>(cols));
        int shown = 0;
        for (size_t k = 0; k < std::size(kHostCalls); ++k) {
            const HostCallInfo& c = kHostCalls[k];
            if (shown++ % cols != 0) ImGui::SameLine();
            bool valid = call_valid(c.call, st);
            ImGui::BeginDisabled(!valid);
            if (ImGui::Button(labels[k].c_str(), ImVec2(bw, 0))) calls.push_back(HostCall{h, c.call, app.send_bytes[h]});
            ImGui::EndDisabled();
            report_visible("call." + host + "." + call_name(c.call), labels[k]);
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
        std::string drop = fill(tr("ui.drop_next"), {{"host", host}});
        if (ImGui::CalcTextSize(drop.c_str()).x + ImGui::GetFrameHeight() + sp > ImGui::GetContentRegionAvail().x)
            drop = fill(tr("ui.drop_next.short"), {{"host", host}});
        bool arm = ImGui::Checkbox(drop.c_str(), &want) && want && !armed;
        report_visible("drop_next." + host, drop);
        help_marker(tr("ui.drop_next.tip"));
        ImGui::Separator();
        ImGui::PopID();
        if (arm) app.arm_drop_next(h);
    }
    for (const HostCall& c : calls) app.host_call(c);
}

// Predict mode (docs/teaching.md): choosing a mode restarts the lesson with its questions.
void view_section(AppState& app) {
    if (!ImGui::CollapsingHeader(tr("ui.view.title"), ImGuiTreeNodeFlags_DefaultOpen)) return;
    int lang = zh() ? 1 : 0;
    std::string to_lang;
    if (ImGui::RadioButton("English", lang == 0)) to_lang = "en";
    report_visible("lang.en", "English");
    ImGui::SameLine();
    if (ImGui::RadioButton("中文", lang == 1)) to_lang = "zh";
    report_visible("lang.zh", "中文");
    auto check_w = [](const char* label) {
        return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
    };
    same_line_if_fits(check_w(tr("ui.view.dark")));
    if (ImGui::Checkbox(tr("ui.view.dark"), &app.dark)) app.style_dirty = true;
    same_line_if_fits(check_w(tr("ui.view.frame_time")));
    ImGui::Checkbox(tr("ui.view.frame_time"), &app.show_overlay);
    if (!to_lang.empty()) app.set_lang(to_lang);
    if (ImGui::Button(tr("ui.view.copy_link"))) {
        // Absolute where the page told its address (the browser), else relative.
        std::string url = app.link_url(app.options.page_url);
        app.copied_link = url;
        ImGui::SetClipboardText(url.c_str());
    }
    report_visible("copy_link", tr("ui.view.copy_link"));
    help_marker(tr("ui.view.copy_link.tip"));
    predict_modes(app);
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
    what_if_section(app);
    exercise_section(app);
}

}  // namespace tcplab::ui
