// Small widgets the control sections share (ui/controls.cpp, ui/teaching_controls.cpp).
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace tcplab::ui {

void report_visible(const std::string& id, const std::string& text);  // the last item, if on screen (the panel scrolls)
void help_marker(const char* text);                                    // the last item's tooltip, wrapped

// Radio buttons in a row that wraps at the panel's edge, each reported by its id; the first starts
// on the current line when `same_line_first`. `after(i)` runs after button i (a tooltip). Returns
// the index pressed this frame, or -1.
struct Radio {
    const char* label;
    std::string id;
};
int radio_row(const std::vector<Radio>& radios, int current, bool same_line_first,
              const std::function<void(int)>& after = {});

}  // namespace tcplab::ui
