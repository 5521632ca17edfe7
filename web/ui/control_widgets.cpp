#include "control_widgets.h"

#include "imgui.h"
#include "layout_report.h"
#include "text.h"

namespace tcplab::ui {

void report_visible(const std::string& id, const std::string& text) {
    if (ImGui::IsItemVisible()) report_item("control", id, text);
}

void help_marker(const char* text) {
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 26.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

int radio_row(const std::vector<Radio>& radios, int current, bool same_line_first, const std::function<void(int)>& after) {
    int pressed = -1;
    for (size_t i = 0; i < radios.size(); ++i) {
        const int n = static_cast<int>(i);
        if (i > 0 || same_line_first) same_line_if_fits(ImGui::GetFrameHeight() * 1.5f + ImGui::CalcTextSize(radios[i].label).x);
        if (ImGui::RadioButton(radios[i].label, current == n)) pressed = n;
        report_visible(radios[i].id, radios[i].label);
        if (after) after(n);
    }
    return pressed;
}

}  // namespace tcplab::ui
