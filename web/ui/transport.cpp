#include "transport.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

#include "imgui.h"
#include "layout_report.h"
#include "text.h"
#include "theme.h"

namespace tcplab::ui {

namespace {

enum class Press { None, Reset, Back, PlayPause, Step, Next, End };

struct ButtonSpec {
    Press press;
    const char* id;
    const char* icon;
    const char* word_key;
    const char* key;      // shortcut shown next to the word ("" none; "space" = tr("ui.key.space"))
    const char* tip_key;
};

const ButtonSpec kButtons[] = {
    {Press::Reset, "reset", "|\xe2\x97\x80", "ui.play.reset", "", "ui.play.reset.tip"},               // |◀
    {Press::Back, "step_back", "\xe2\x97\x81", "ui.play.step_back", "\xe2\x86\x90", "ui.play.step_back.tip"},  // ◁ ←
    {Press::PlayPause, "play_pause", "\xe2\x96\xb6", "ui.play.play", "space", "ui.play.play.tip"},    // ▶
    {Press::Step, "step", "\xe2\x96\xb7", "ui.play.step", "\xe2\x86\x92", "ui.play.step.tip"},        // ▷ →
    {Press::Next, "next", "\xe2\x96\xb6|", "ui.play.next", "", "ui.play.next.tip"},                   // ▶|
    {Press::End, "end", "\xe2\x96\xb6\xe2\x96\xb6", "ui.play.end", "", "ui.play.end.tip"},            // ▶▶
};
constexpr int kButtonCount = static_cast<int>(std::size(kButtons));
constexpr const char* kPauseIcon = "\xe2\x80\x96";  // ‖

// Detail levels of the button labels: icon, word and key / icon and word / icon only.
enum Level { kFull, kWord, kIcon, kLevels };

std::string key_name(const ButtonSpec& b) {
    if (b.key[0] == 0) return {};
    if (std::string(b.key) == "space") return tr("ui.key.space");
    return b.key;
}

std::string button_label(const AppState& app, const ButtonSpec& b, Level level) {
    bool pause = b.press == Press::PlayPause && app.playing;
    std::string s = pause ? kPauseIcon : b.icon;
    if (level == kIcon) return s;
    s += " ";
    s += tr(pause ? "ui.play.pause" : b.word_key);
    std::string k = key_name(b);
    if (level == kFull && !k.empty()) s += "  " + k;
    return s;
}

float button_width(const std::string& label) {
    return ImGui::CalcTextSize(label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x;
}

// Widest label of a button at a level: play and pause share one width so the row does not jump.
float spec_width(const AppState& app, const ButtonSpec& b, Level level) {
    float w = button_width(button_label(app, b, level));
    if (b.press == Press::PlayPause) {
        AppState& a = const_cast<AppState&>(app);
        bool was = a.playing;
        a.playing = !was;
        w = std::max(w, button_width(button_label(a, b, level)));
        a.playing = was;
    }
    return w;
}

float buttons_width(const AppState& app, Level level) {
    float w = 0, sp = ImGui::GetStyle().ItemSpacing.x;
    for (const ButtonSpec& b : kButtons) w += spec_width(app, b, level) + sp;
    return w;
}

// Connections in TIME_WAIT: the compact countdown of the timers panel.
struct Countdown {
    int host;
    Micros left, total;
};

std::vector<Countdown> time_wait_countdowns(const AppState& app) {
    std::vector<Countdown> out;
    const Simulator* sim = app.sim();
    if (!sim) return out;
    for (const ConnView& v : sim->connections()) {
        Micros deadline = v.timers[static_cast<int>(TimerKind::TimeWait)];
        if (v.state != State::TimeWait || deadline == kNever) continue;
        const SimConfig& c = sim->config();
        const Profile* p = v.host < static_cast<int>(c.hosts.size()) && c.hosts[v.host].profile ? &*c.hosts[v.host].profile : &c.profile;
        out.push_back({v.host, std::max<Micros>(0, deadline - app.view_time), std::max<Micros>(1, p->time_wait_duration())});
    }
    return out;
}

constexpr float kSpeedWidth = 120.0f, kScrubMin = 220.0f;

std::string countdown_text(const AppState& app, const Countdown& c) {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f s", static_cast<double>(c.left) / 1e6);
    return app.sim()->host_name(c.host) + " " + tr("ui.transport.time_wait") + " " + secs;
}

// One slot per host (at most two): the hosts in TIME_WAIT first, with their countdown, then the
// others with their state. The slots are sized for the widest content, so that the bar keeps its
// layout while the countdown runs and when TIME_WAIT begins.
constexpr int kMaxSlots = 2;

float slot_width(const AppState& app) {
    std::string host = app.sim()->host_count() ? app.sim()->host_name(0) : "A";
    float countdown = ImGui::CalcTextSize(countdown_text(app, Countdown{0, 88880000, 1}).c_str()).x;
    float state = ImGui::CalcTextSize((host + " ESTABLISHED").c_str()).x;
    return std::max(countdown, state) + 16;
}

float slots_width(const AppState& app) {
    int n = std::min(kMaxSlots, app.sim() ? app.sim()->host_count() : 0);
    return static_cast<float>(n) * (slot_width(app) + ImGui::GetStyle().ItemSpacing.x);
}

struct Plan {
    Level level = kIcon;
    int rows = 3;  // 1: everything; 2: buttons and speed, then scrubber and slots; 3: slots below
};

Plan plan(const AppState& app, float width) {
    float sp = ImGui::GetStyle().ItemSpacing.x;
    float cd = slots_width(app);
    auto buttons = [&](Level l) { return buttons_width(app, l) + kSpeedWidth + sp; };
    for (Level l : {kFull, kWord})
        if (buttons(l) + kScrubMin + cd <= width) return Plan{l, 1};
    for (Level l : {kFull, kWord, kIcon})
        if (buttons(l) <= width && kScrubMin + cd <= width) return Plan{l, 2};
    for (Level l : {kFull, kWord, kIcon})
        if (buttons(l) <= width) return Plan{l, 3};
    return Plan{kIcon, 3};
}

void tooltip(const ButtonSpec& b, const AppState& app) {
    if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
    ImGui::TextUnformatted(button_label(app, b, kWord).c_str());
    ImGui::TextDisabled("%s", tr(b.tip_key));
    std::string k = key_name(b);
    if (!k.empty()) ImGui::Text("%s", fill(tr("ui.play.key"), {{"key", k}}).c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void draw_slots(const AppState& app, bool first_in_row) {
    const Palette& pal = palette();
    const Simulator& sim = *app.sim();
    std::vector<Countdown> waits = time_wait_countdowns(app);
    std::vector<int> others;
    for (int h = 0; h < sim.host_count(); ++h)
        if (std::none_of(waits.begin(), waits.end(), [&](const Countdown& c) { return c.host == h; })) others.push_back(h);
    const float w = slot_width(app);
    int shown = 0;
    auto same_line = [&] {
        if (!first_in_row || shown > 0) ImGui::SameLine();
        ++shown;
    };
    for (const Countdown& c : waits) {
        if (shown == kMaxSlots) return;
        same_line();
        std::string text = countdown_text(app, c);
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, ImGui::ColorConvertU32ToFloat4(host_color(c.host, 0.8f)));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(pal.panel_text));
        ImGui::ProgressBar(static_cast<float>(static_cast<double>(c.left) / static_cast<double>(c.total)), ImVec2(w, 0), text.c_str());
        ImGui::PopStyleColor(2);
        report_item("timer", "countdown." + sim.host_name(c.host), text);
        if (ImGui::IsItemHovered()) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24.0f);
            ImGui::TextUnformatted(tr("ui.timers.time_wait"));
            ImGui::TextDisabled("%s", fill(tr("ui.timers.of_2msl"), {{"total", format_time(c.total)}}).c_str());
            ImGui::TextUnformatted(tr("ui.timers.time_wait.tip"));
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    for (int h : others) {
        if (shown == kMaxSlots) return;
        same_line();
        std::string text = sim.host_name(h) + " " + state_name(sim.host_state(h));
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(host_color(h)));
        ImGui::ProgressBar(0.0f, ImVec2(w, 0), text.c_str());
        ImGui::PopStyleColor();
        report_item("label", "transport.state." + sim.host_name(h), text);
    }
}

}  // namespace

float transport_height(const AppState& app, float width) {
    float row = ImGui::GetFrameHeight();
    float rows = static_cast<float>(plan(app, width).rows);
    return rows * row + (rows - 1) * ImGui::GetStyle().ItemSpacing.y + 2 * 4.0f;
}

void draw_transport(AppState& app, float width) {
    (void)width;  // the caller's child window is that wide: the scrubber takes what is left
    if (!app.ready()) return;
    Plan pl = plan(app, width);
    Press press = Press::None;
    // Read what the buttons need now; nothing from the simulator is kept past a press.
    const bool at_start = app.sim()->events_processed() == 0;
    const bool idle = app.sim()->next_event_time() == kNever;
    for (int i = 0; i < kButtonCount; ++i) {
        const ButtonSpec& b = kButtons[i];
        if (i) ImGui::SameLine();
        bool disabled = (b.press == Press::Back && at_start) ||
                        ((b.press == Press::Step || b.press == Press::Next || b.press == Press::End) && idle);
        ImGui::BeginDisabled(disabled);
        std::string label = button_label(app, b, pl.level);
        if (ImGui::Button((label + "##" + b.id).c_str(), ImVec2(spec_width(app, b, pl.level), 0))) press = b.press;
        ImGui::EndDisabled();
        report_item("control", b.id, label);
        tooltip(b, app);
    }

    // Speed, then (one row) the scrubber and the countdowns, or (two rows) the scrubber below.
    ImGui::SameLine();
    ImGui::SetNextItemWidth(kSpeedWidth);
    std::string speed_fmt = std::string(tr("ui.play.speed")) + " %.2gx";
    ImGui::SliderFloat("##speed", &app.speed, 0.1f, 100.0f, speed_fmt.c_str(), ImGuiSliderFlags_Logarithmic);
    {
        char shown[48];
        std::snprintf(shown, sizeof shown, speed_fmt.c_str(), app.speed);
        report_item("control", "speed", shown);
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("ui.play.speed.tip"));
    if (pl.rows == 1) ImGui::SameLine();

    Micros extent = std::max(app.lesson_length(), app.view_time);  // known before the lesson plays
    float ms = static_cast<float>(app.view_time) / 1000.0f;
    float max_ms = std::max(1.0f, static_cast<float>(extent) / 1000.0f);
    float scrub_w = ImGui::GetContentRegionAvail().x - (pl.rows < 3 ? slots_width(app) : 0.0f);
    ImGui::SetNextItemWidth(std::max(60.0f, scrub_w));
    std::string fmt = format_time(app.view_time) + " / " + format_time(extent);
    bool scrubbed = ImGui::SliderFloat("##scrub", &ms, 0.0f, max_ms, fmt.c_str());
    report_item("control", "scrubber", fmt);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("ui.play.scrub.tip"));
    draw_slots(app, pl.rows == 3);

    // The presses, after everything above has been drawn from the state before them.
    if (scrubbed) {
        app.playing = false;
        app.seek(static_cast<Micros>(static_cast<double>(ms) * 1000.0));
    }
    switch (press) {
        case Press::Reset: app.reset(); break;
        case Press::Back: app.step_back(); break;
        case Press::PlayPause: app.playing ? app.pause() : app.play(); break;
        case Press::Step: app.step_forward(); break;
        case Press::Next: app.jump_next(); break;
        case Press::End: app.run_to_end(); break;
        case Press::None: break;
    }
}

}  // namespace tcplab::ui
