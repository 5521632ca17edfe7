// The transport bar: reset, step back, play/pause, step, next event, end, the time scrubber, speed
// and the TIME_WAIT countdown, always over the panels (unless transport=0). Each button shows its
// keyboard shortcut where there is room and always in its tooltip.
#pragma once
#include "app_state.h"

namespace tcplab::ui {

// Height the bar needs at this width (one row when everything fits, else two).
float transport_height(const AppState& app, float width);
// Draws the bar in the current window from the cursor, `width` wide. The button presses take
// effect after the bar is drawn, so that nothing drawn here outlives a rewind.
void draw_transport(AppState& app, float width);

}  // namespace tcplab::ui
