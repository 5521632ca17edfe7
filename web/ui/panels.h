// The panels. Each draws inside a region the layout has already begun (a child window),
// reads the run through AppState and acts only through its controller methods.
#pragma once
#include "app_state.h"

namespace tcplab::ui {

void draw_graph(AppState& app);      // graph.cpp: the RFC state diagram
void draw_timeline(AppState& app);   // timeline.cpp: the ladder diagram
void draw_inspector(AppState& app);  // inspector.cpp: floating window for the selected segment
void draw_controls(AppState& app);   // controls.cpp
void draw_timers(AppState& app);     // timers.cpp: TIME_WAIT countdown and other timers
void draw_log(AppState& app);        // narration.cpp: the event log
void draw_tcb(AppState& app);        // tcb.cpp
void draw_frame_overlay(AppState& app);  // layout.cpp
void draw_predict_card(AppState& app);   // predict_card.cpp: predict mode's question and verdict
std::string predict_score_text(const AppState& app);
std::string narrate(const AppState& app, const TraceEntry& e);  // narration.cpp: one line for an entry

// Lays out and draws every enabled panel in one window filling (width, height).
void draw_layout(AppState& app, float width, float height);

// Width over height of the state diagram's drawing area (the RFC figure's proportions).
constexpr float kGraphAspect = 1.0f;

enum Panel { kPanelGraph, kPanelTimeline, kPanelControls, kPanelLog, kPanelTcb, kPanelTimers, kPanelCount };
extern const char* const kPanelNames[kPanelCount];  // as the panels= URL parameter names them
extern const char* const kTabTitles[kPanelCount];   // i18n keys of the short names
// Parses "graph,timeline" / "all" into app.panel_on.
void parse_panels(AppState& app, const std::string& list);

}  // namespace tcplab::ui
