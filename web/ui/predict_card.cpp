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
// web/predict.cpp
std::string predict_answer_text(const quiz::Question& q, Numbering n);
std::string segment_text(const Scenario& sc, const quiz::Question& q, Numbering n);
std::string authored_answer_text(const Scenario& sc, const quiz::AuthoredAnswer& a, Numbering n, bool zh);
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

// "Right!" / "Not quite." / "Skipped." and the answer, in the verdict's colour; true when skipped.
bool verdict_line(const AppState& app, const std::string& answer) {
    const P& p = app.predict;
    const bool skipped = p.status[static_cast<size_t>(p.asked)] == P::Skipped && p.given.empty();
    const ImVec4 col = p.last_right ? ImVec4(0.35f, 0.8f, 0.4f, 1) : ImVec4(0.95f, 0.45f, 0.35f, 1);
    const char* head = p.last_right ? tr("ui.predict.right") : skipped ? tr("ui.predict.skipped") : tr("ui.predict.wrong");
    ImGui::PushStyleColor(ImGuiCol_Text, skipped ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : col);
    const std::string line = std::string(head) + "  " + tr("ui.predict.answer_is") + " " + answer;
    ImGui::TextWrapped("%s", line.c_str());
    ImGui::PopStyleColor();
    report_item("label", "predict.verdict", line);
    return skipped;
}

void you_said(const std::string& answer) {
    const std::string said = std::string(tr("ui.predict.you_said")) + " " + answer;
    ImGui::TextDisabled("%s", said.c_str());
    report_item("label", "predict.you_said", said);
}

// [Try again] Continue, Copy results, CSV.
void verdict_buttons(AppState& app, bool retry) {
    if (retry) {
        if (button(tr("ui.predict.retry"), "predict.retry")) app.predict_retry();
        ImGui::SameLine();
    }
    if (button(tr("ui.predict.continue"), "predict.continue")) app.predict_continue();
    ImGui::SameLine();
    results_buttons(app);
}

// --- The lesson's own questions (ask lines) --------------------------------------------------

void ask_choice(AppState& app, const std::vector<std::string>& labels) {
    P& p = app.predict;
    // One full-width, wrapped, selectable row per option: long options on a phone, whole rows to tap.
    const float w = ImGui::GetContentRegionAvail().x;
    const ImVec2 pad = ImGui::GetStyle().FramePadding;
    for (size_t i = 0; i < labels.size(); ++i) {
        const std::string text = std::string(1, static_cast<char>('A' + i)) + ".  " + labels[i];
        const float h = ImGui::CalcTextSize(text.c_str(), nullptr, false, w - 2 * pad.x).y + 2 * pad.y;
        ImGui::PushID(static_cast<int>(i));
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const bool picked = ImGui::Selectable("##option", p.choice == static_cast<int>(i), 0, ImVec2(w, h));
        ImGui::GetWindowDrawList()->AddText(nullptr, 0.0f, at + pad, ImGui::GetColorU32(ImGuiCol_Text), text.c_str(),
                                            nullptr, w - 2 * pad.x);
        ImGui::PopID();
        report_item("control", "ask.option." + std::to_string(i), text);
        if (picked) {
            p.choice = static_cast<int>(i);
            app.predict_answer();
        }
    }
}

void ask_authored(AppState& app, const quiz::AuthoredAnswer& a) {
    using K = AuthoredQuestion::Kind;
    P& p = app.predict;
    switch (a.ask->kind) {
        case K::State: ask_state(app); return;
        case K::Choice: {
            std::vector<std::string> labels;
            for (const AuthoredOption& o : a.options) labels.push_back(zh() && !o.text.zh.empty() ? o.text.zh : o.text.en);
            ask_choice(app, labels);
            return;
        }
        case K::Lost: {
            std::vector<std::string> labels;
            for (const Q& c : a.candidates) labels.push_back(segment_text(*app.scenario, c, app.numbering));
            ask_choice(app, labels);
            return;
        }
        case K::Field:
            if (a.ask->field == AuthoredQuestion::Field::Flags) {
                static const std::pair<uint16_t, const char*> kFlags[] = {{kSYN, "SYN"}, {kACK, "ACK"}, {kFIN, "FIN"}, {kRST, "RST"}, {kPSH, "PSH"}};
                ImGui::TextUnformatted(tr("ui.predict.flags"));
                for (const auto& [bit, name] : kFlags) {
                    ImGui::SameLine();
                    if (button(name, std::string("predict.flag.") + name, (p.flags & bit) != 0)) p.flags ^= bit;
                }
            } else {
                const bool len = a.ask->field == AuthoredQuestion::Field::Len;
                ImGui::TextUnformatted(quiz::authored_field_name(a.ask->field));
                ImGui::SameLine();
                ImGui::SetNextItemWidth(std::min(220.0f, ImGui::GetContentRegionAvail().x * 0.5f));
                const bool enter = ImGui::InputTextWithHint("##field", tr(len ? "ui.ask.len_hint" : "ui.ask.number_hint"),
                                                            &p.field, ImGuiInputTextFlags_EnterReturnsTrue);
                report_item("control", "ask.field", p.field);
                if (enter) app.predict_answer();
            }
            if (button(tr("ui.predict.check"), "predict.check")) app.predict_answer();
            return;
        case K::Why:
            ImGui::InputTextMultiline("##essay", &p.essay, ImVec2(-1, ImGui::GetTextLineHeight() * 3.5f));
            report_item("control", "ask.essay", p.essay);
            if (button(tr("ui.ask.show_model"), "ask.show_model")) app.predict_answer();
            return;
    }
}

// Why: the model answer, then the student's own verdict; the others as the predict questions.
void authored_verdict(AppState& app, const quiz::AuthoredAnswer& a) {
    P& p = app.predict;
    if (a.ask->kind == AuthoredQuestion::Kind::Why) {
        const std::string model = std::string(tr("ui.ask.model")) + " " + authored_answer_text(*app.scenario, a, app.numbering, zh());
        ImGui::TextWrapped("%s", model.c_str());
        report_item("label", "ask.model", model);
        const bool skipped = p.status[static_cast<size_t>(p.asked)] == P::Skipped;
        if (!p.self_checked && !skipped) {
            ImGui::TextDisabled("%s", tr("ui.ask.self_check"));
            if (button(tr("ui.ask.had_it"), "ask.had_it")) app.predict_self_check(true);
            ImGui::SameLine();
            if (button(tr("ui.ask.missed_it"), "ask.missed_it")) app.predict_self_check(false);
            return;
        }
    } else {
        const bool skipped = verdict_line(app, authored_answer_text(*app.scenario, a, app.numbering, zh()));
        if (!p.last_right && !p.given.empty()) {
            std::string said = p.given;  // a choice as the card showed it (the results keep the English)
            if (a.ask->kind == AuthoredQuestion::Kind::Choice && p.choice >= 0 && zh()) {
                const AuthoredText& t = a.options[static_cast<size_t>(p.choice)].text;
                if (!t.zh.empty()) said = t.zh;
            }
            you_said(said);
        }
        verdict_buttons(app, !p.last_right && !skipped);
        return;
    }
    verdict_buttons(app, false);
}

void verdict(AppState& app, const Q& q) {
    const P& p = app.predict;
    const bool skipped = verdict_line(app, predict_answer_text(q, app.numbering));
    if (!p.last_right && !p.given.empty()) you_said(p.given);
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
    verdict_buttons(app, !p.last_right && !skipped);
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
    const quiz::AuthoredAnswer* au = app.asked_authored();
    begin_card(std::string(tr(au ? "ui.ask.title" : "ui.predict.title")) + "  " + predict_score_text(app) + "###predict");
    const std::string ask = au ? (zh() && !au->text.zh.empty() ? au->text.zh : au->text.en) : question_text(app, q);
    ImGui::TextWrapped("%s", ask.c_str());
    report_item("label", "predict.question", ask);
    if (p.revealed) {
        if (au) authored_verdict(app, *au);
        else verdict(app, q);
    } else {
        if (au) ask_authored(app, *au);
        else if (q.kind == Q::Kind::State) ask_state(app);
        else ask_segment(app);
        if (!p.error.empty()) ImGui::TextColored(ImVec4(0.95f, 0.6f, 0.3f, 1), "%s", p.error.c_str());
        const bool rows = au && (au->ask->kind == AuthoredQuestion::Kind::Choice || au->ask->kind == AuthoredQuestion::Kind::Lost);
        if (!rows) ImGui::SameLine();  // beside the last button; under full-width option rows
        if (button(tr("ui.predict.skip"), "predict.skip")) app.predict_skip();
    }
    ImGui::End();
}

}  // namespace tcplab::ui
