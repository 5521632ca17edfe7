// UI text: every label goes through the engine's catalog (engine/i18n.h, strings in
// engine/i18n_ui.inc), so switching language switches every label.
#pragma once
#include <string>
#include <string_view>
#include <utility>

#include "vtime.h"

namespace tcplab::ui {

void set_lang(const std::string& lang);  // "en" | "zh"
const std::string& lang();
bool zh();

// The translation of `key` in the current language (engine/i18n.h). Named tr so that the i18n
// test finds every key used here: tr("ui.play").
const char* tr(const char* key);
std::string tr(const std::string& key);
// `text` with "{name}" placeholders replaced: fill(tr("ui.send_n"), {{"n", "100"}}).
std::string fill(std::string text, std::initializer_list<std::pair<std::string_view, std::string>> args);
// Replaces every "{name}" in `text`.
std::string substitute(std::string text, std::string_view name, const std::string& value);

// Toolbars that wrap: SameLine() when an item `width` px wide still fits on the current line.
void same_line_if_fits(float width);
// Widths of a checkbox and a small button with `label`, for same_line_if_fits.
float checkbox_width(const char* label);
float small_button_width(const char* label);

// "1.250 s", "150 ms", "12 us": short virtual-time labels.
std::string format_time(Micros t);
// "+1.250s" style for the timeline's axis.
std::string format_duration(Micros d);

}  // namespace tcplab::ui
