// Predict mode's card (docs/teaching.md): the question the run stopped for, the answer form, then
// right or wrong with the correct value and the rule that decides it (its diagram edge lit in the
// state graph). The questions and the checking are the engine's; web/predict.cpp sequences them.
#include <algorithm>
#include <cstdio>

#include "i18n.h"
#include "imgui.h"
#include "layout_report.h"
#include "misc/cpp/imgui_stdlib.h"
#include "panels.h"
#include "text.h"
#include "theme.h"
#include "vec.h"

namespace tcplab {
std::string predict_answer_text(const quiz::Question& q, Numbering n);  // web/predict.cpp
}

namespace tcplab::ui {
namespace {

using Q = quiz::Question;
using P = AppState::Predict;

void results_buttons(AppState& app);

bool button(const char* label, const std::string& id, bool selected = false) {
    if (selected) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    const bool pressed = ImGui::Button(label);
    if (selected) ImGui::PopStyleColor();
    report_item("control", id, label);
    return pressed;
}

// Buttons in rows that wrap at the card's edge.
void wrap_before(float w) {
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w < right) ImGui::SameLine();
}
float button_w(const char* label) { return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2; }

std::string state_label(State s) {
    std::string name = state_name(s);
    return zh() ? tr(state_name_key(name)) + " " + name : name;
}

void ask_state(AppState& app) {
    P& p = app.predict;
    for (int i = 0; i < kStateCount; ++i) {
        const std::string label = state_label(static_cast<State>(i));
        if (i > 0) wrap_before(button_w(label.c_str()));
        if (button(label.c_str(), std::string("predict.state.") + state_name(static_cast<State>(i)), p.state_pick == i)) {
            p.state_pick = i;
            app.predict_answer();
        }
    }
}

void ask_segment(AppState& app) {
    P& p = app.predict;
    static const std::pair<uint16_t, const char*> kFlags[] = {{kSYN, "SYN"}, {kACK, "ACK"}, {kFIN, "FIN"}, {kRST, "RST"}, {kPSH, "PSH"}};
    ImGui::TextUnformatted(tr("ui.predict.flags"));
    for (const auto& [bit, name] : kFlags) {
        ImGui::SameLine();
        if (button(name, std::string("predict.flag.") + name, (p.flags & bit) != 0)) p.flags ^= bit;
    }
    const float w = std::min(220.0f, ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::TextUnformatted("seq");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    bool enter = ImGui::InputTextWithHint("##seq", app.numbering == Numbering::Symbolic ? "x+1" : "1001", &p.seq,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    report_item("control", "predict.seq", p.seq);
    ImGui::TextUnformatted("ack");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    enter |= ImGui::InputTextWithHint("##ack", tr("ui.predict.ack_hint"), &p.ack, ImGuiInputTextFlags_EnterReturnsTrue);
    report_item("control", "predict.ack", p.ack);
    if (button(tr("ui.predict.check"), "predict.check") || enter) app.predict_answer();
}

void verdict(AppState& app, const Q& q) {
    const P& p = app.predict;
    const bool skipped = p.status[static_cast<size_t>(p.asked)] == P::Skipped && p.given.empty();
    const ImVec4 col = p.last_right ? ImVec4(0.35f, 0.8f, 0.4f, 1) : ImVec4(0.95f, 0.45f, 0.35f, 1);
    const char* head = p.last_right ? tr("ui.predict.right") : skipped ? tr("ui.predict.skipped") : tr("ui.predict.wrong");
    ImGui::PushStyleColor(ImGuiCol_Text, skipped ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : col);
    std::string line = std::string(head) + "  " + tr("ui.predict.answer_is") + " " + predict_answer_text(q, app.numbering);
    ImGui::TextWrapped("%s", line.c_str());
    ImGui::PopStyleColor();
    report_item("label", "predict.verdict", line);
    if (!p.last_right && !p.given.empty()) ImGui::TextDisabled("%s %s", tr("ui.predict.you_said"), p.given.c_str());
    const quiz::Explanation& x = q.why;
    const std::string& why = zh() && !x.zh.empty() ? x.zh : x.en;
    if (!why.empty()) {
        std::string rule = x.section.empty() ? why : "RFC 9293 " + x.section + ": " + why;
        ImGui::TextWrapped("%s", rule.c_str());
        report_item("label", "predict.rule", rule);
    }
    for (const auto& [en, zh_text] : x.notes) {
        const std::string& n = zh() && !zh_text.empty() ? zh_text : en;
        if (!n.empty()) ImGui::TextWrapped("%s", n.c_str());
    }
    if (!p.last_right && !skipped) {
        if (button(tr("ui.predict.retry"), "predict.retry")) app.predict_retry();
        ImGui::SameLine();
    }
    if (button(tr("ui.predict.continue"), "predict.continue")) app.predict_continue();
    ImGui::SameLine();
    results_buttons(app);
}

// Copy / download the results (the page's JavaScript does both: web/tcplab-api.js).
void results_buttons(AppState& app) {
    if (button(tr("ui.predict.copy"), "predict.copy")) app.events.push_back(R"({"type":"copy_results"})");
    ImGui::SameLine();
    if (button(tr("ui.predict.csv"), "predict.csv")) app.events.push_back(R"({"type":"download_csv"})");
}

void begin_card(const std::string& title) {
    const ImGuiIO& io = ImGui::GetIO();
    const float w = std::min(560.0f, io.DisplaySize.x - 16);
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y - 8), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, io.DisplaySize.y * 0.6f));
    ImGui::Begin(title.c_str(), nullptr,
                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoCollapse |
                     ImGuiWindowFlags_AlwaysAutoResize);
    report_box("window", "predict", ImGui::GetWindowPos(), ImGui::GetWindowPos() + ImGui::GetWindowSize(), title);
}

// All questions answered: the score and the results.
void draw_summary(AppState& app) {
    begin_card(std::string(tr("ui.predict.title")) + "###predict");
    const std::string line = std::string(tr("ui.predict.done")) + " " + predict_score_text(app);
    ImGui::TextWrapped("%s", line.c_str());
    report_item("label", "predict.summary", line);
    results_buttons(app);
    ImGui::SameLine();
    if (button(tr("ui.predict.close"), "predict.close")) app.predict.summary_closed = true;
    ImGui::End();
}

std::string question_text(const AppState& app, const Q& q) {
    const Simulator& sim = *app.sim();
    char buf[256];
    if (q.kind == Q::Kind::State)
        std::snprintf(buf, sizeof buf, tr("ui.predict.ask_state"), sim.host_name(q.host).c_str());
    else
        std::snprintf(buf, sizeof buf, tr(q.retransmission ? "ui.predict.ask_retx" : "ui.predict.ask_segment"),
                      sim.host_name(q.host).c_str(), sim.host_name(q.to_host).c_str());
    return buf;
}

}  // namespace

std::string predict_score_text(const AppState& app) {
    char buf[160];
    std::snprintf(buf, sizeof buf, tr("ui.predict.score"), app.predict_count(P::Right), app.predict_count(P::Wrong),
                  app.predict_count(P::Skipped), static_cast<int>(app.predict.status.size()));
    return buf;
}

void draw_predict_card(AppState& app) {
    P& p = app.predict;
    if (!p.on || !app.ready()) return;
    if (p.asked < 0) {
        if (p.done_sent && !p.summary_closed) draw_summary(app);
        return;
    }
    const size_t i = static_cast<size_t>(p.asked);
    if (app.sim()->events_processed() > p.plan.pause_event[i]) {  // played on past it
        p.asked = -1;
        return;
    }
    const Q& q = p.plan.questions[i];
    begin_card(std::string(tr("ui.predict.title")) + "  " + predict_score_text(app) + "###predict");
    const std::string ask = question_text(app, q);
    ImGui::TextWrapped("%s", ask.c_str());
    report_item("label", "predict.question", ask);
    if (p.revealed) {
        verdict(app, q);
    } else {
        if (q.kind == Q::Kind::State) ask_state(app);
        else ask_segment(app);
        if (!p.error.empty()) ImGui::TextColored(ImVec4(0.95f, 0.6f, 0.3f, 1), "%s", p.error.c_str());
        ImGui::SameLine();
        if (button(tr("ui.predict.skip"), "predict.skip")) app.predict_skip();
    }
    ImGui::End();
}

}  // namespace tcplab::ui
