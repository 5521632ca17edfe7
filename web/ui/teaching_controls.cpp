// The controls' teaching sections (docs/teaching.md): predict mode's choice (in View), What if (not
// real TCP), and the exercise-link builder.
#include <string>
#include <vector>

#include "control_widgets.h"
#include "imgui.h"
#include "imgui_stdlib.h"
#include "panels.h"
#include "teaching_controls.h"
#include "text.h"

namespace tcplab::ui {

void predict_modes(AppState& app) {
    static const char* const kModes[] = {"off", "states", "numbers", "both"};
    static const char* const kKeys[] = {"ui.predict.off", "ui.predict.states", "ui.predict.numbers", "ui.predict.both"};
    const int cur = app.predict.on ? 1 + static_cast<int>(app.predict.mode) : 0;
    ImGui::TextUnformatted(tr("ui.view.predict"));
    help_marker(tr("ui.view.predict.tip"));
    std::vector<Radio> row;
    for (int i = 0; i < 4; ++i) row.push_back({tr(kKeys[i]), std::string("predict.mode.") + kModes[i]});
    const int pick = radio_row(row, cur, true);
    if (pick >= 0 && pick != cur) app.set_predict(pick ? kModes[pick] : "");
}

// "What if" (docs/teaching.md): the lesson replayed under a hypothesis that real TCP does not follow.
void what_if_section(AppState& app) {
    const bool open = ImGui::CollapsingHeader(tr("ui.whatif.title"));
    report_visible("whatif.title", tr("ui.whatif.title"));
    if (!open) return;
    static const Hypothesis kChoices[] = {Hypothesis::None, Hypothesis::TwoWayHandshake, Hypothesis::NoTimeWait};
    static const char* const kKeys[] = {"ui.whatif.none", "ui.whatif.two_way", "ui.whatif.no_time_wait"};
    std::vector<Radio> row;
    int cur = 0;
    for (int i = 0; i < 3; ++i) {
        row.push_back({tr(kKeys[i]), std::string("whatif.") + (i ? hypothesis_name(kChoices[i]) : "none")});
        if (app.what_if == kChoices[i]) cur = i;
    }
    const int pick = radio_row(row, cur, false, [](int i) {
        if (i) help_marker(hypothesis_summary(kChoices[i], lang()).c_str());
        else help_marker(tr("ui.whatif.tip"));
    });
    if (pick >= 0 && pick != cur) app.set_what_if(kChoices[pick]);
}

// The exercise-link builder (docs/teaching.md): a teacher picks what the students' page opens and
// copies the link or an <iframe> for the course page. It starts from the view as it is.
void exercise_section(AppState& app) {
    AppState::Exercise& e = app.exercise;
    const bool open = ImGui::CollapsingHeader(tr("ui.ex.title"));
    report_visible("ex.title", tr("ui.ex.title"));
    help_marker(tr("ui.ex.tip"));
    if (!open) return;
    if (ImGui::IsItemToggledOpen()) {  // just opened: start from the view as it is
        e.mode = app.predict.on ? 1 + static_cast<int>(app.predict.mode) : 0;
        e.lang = zh() ? 1 : 0;
        for (int p = 0; p < kPanelCount; ++p) e.panel[p] = app.panel_on[p];
    }
    ImGui::PushID("exercise");  // its buttons share labels with the view's ("Copy link")
    auto radios = [&](const char* label, const char* id, int& value, std::initializer_list<const char*> keys) {
        ImGui::TextUnformatted(tr(label));
        std::vector<Radio> row;
        for (const char* k : keys) row.push_back({tr(k), std::string("ex.") + id + "." + std::to_string(row.size())});
        ImGui::PushID(id);  // "English" and "中文" are also the view's language buttons
        const int pick = radio_row(row, value, true);
        ImGui::PopID();
        if (pick >= 0) value = pick;
    };
    radios("ui.ex.mode", "mode", e.mode, {"ui.ex.watch", "ui.predict.states", "ui.predict.numbers", "ui.predict.both"});
    radios("ui.ex.lang", "lang", e.lang, {"ui.ex.en", "ui.ex.zh"});
    ImGui::TextUnformatted(tr("ui.ex.panels"));
    for (int p = 0; p < kPanelCount; ++p) {
        same_line_if_fits(checkbox_width(tr(kTabTitles[p])));
        ImGui::PushID(p);
        ImGui::Checkbox(tr(kTabTitles[p]), &e.panel[p]);
        ImGui::PopID();
        report_visible(std::string("ex.panel.") + kPanelNames[p], tr(kTabTitles[p]));
    }
    radios("ui.ex.student", "student", e.student, {"ui.ex.student.none", "ui.ex.student.one", "ui.ex.student.ask"});
    help_marker(tr("ui.ex.student.tip"));
    if (e.student == 1) {
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##student", tr("ui.ex.student.hint"), &e.student_id);
        report_visible("ex.student_id", e.student_id);
    }
    const bool ready = e.student != 1 || !e.student_id.empty();
    ImGui::BeginDisabled(!ready);
    std::string copy;
    if (ImGui::Button(tr("ui.ex.copy_link"))) copy = app.exercise_url();
    report_visible("ex.copy_link", tr("ui.ex.copy_link"));
    same_line_if_fits(small_button_width(tr("ui.ex.copy_iframe")));
    if (ImGui::Button(tr("ui.ex.copy_iframe"))) copy = app.exercise_iframe();
    report_visible("ex.copy_iframe", tr("ui.ex.copy_iframe"));
    ImGui::EndDisabled();
    if (!copy.empty()) {
        e.copied = copy;
        ImGui::SetClipboardText(copy.c_str());
    }
    if (!e.copied.empty()) {
        ImGui::TextDisabled("%s", tr("ui.ex.copied"));
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##copied", &e.copied, ImGuiInputTextFlags_ReadOnly);
        report_visible("ex.copied", e.copied);
    }
    ImGui::PopID();
}

}  // namespace tcplab::ui
