// The controls' teaching sections (ui/teaching_controls.cpp), drawn by ui/controls.cpp.
#pragma once
#include "app_state.h"

namespace tcplab::ui {

void predict_modes(AppState& app);     // Predict: off / states / seq/ack / both (in View)
void what_if_section(AppState& app);   // What if (not real TCP)
void exercise_section(AppState& app);  // Exercise link

}  // namespace tcplab::ui
