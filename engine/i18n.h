// The bilingual text catalog: every string a front end shows, in English and in Chinese (the course
// notes' terms). Messages are looked up by key:
//   state.<NAME>.name / state.<NAME>.explain   engine/i18n_states.inc
//   call.*, drop.*, timer.*, seg.*, error.* ... engine/i18n_engine.inc (trace narration)
//   ui.*                                       engine/i18n_ui.inc (the web front end's labels)
//   rule.<key>                                 engine/rules.def
//   edge.<key>                                 engine/diagram.cpp (state diagram labels)
// Templates hold {name} placeholders filled from trace parameters by format().
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tcplab {

enum class Lang : uint8_t { En, Zh };

const char* lang_code(Lang lang);                     // "en", "zh"
std::optional<Lang> parse_lang(std::string_view code);  // "en", "zh", "zh-CN", "zh_CN" ...

// The message in `lang`. Falls back to the English text if the Chinese one is missing (a test
// makes sure none is); an unknown key returns the key itself, so the bug is visible and greppable.
const char* tr(std::string_view key, Lang lang);
bool has_message(std::string_view key);

// tr() with every "{name}" replaced by the value of the parameter of that name; unknown
// placeholders are left as written.
std::string format(std::string_view key, Lang lang, std::span<const std::pair<std::string, std::string>> params);
std::string format_text(std::string_view text, std::span<const std::pair<std::string, std::string>> params);

// The message key of a state's name ("state.SYN_SENT.name") and explanation.
std::string state_name_key(std::string_view state_name);
std::string state_explain_key(std::string_view state_name);

struct Message {
    std::string key;
    const char* en;
    const char* zh;
    const char* source;  // "i18n_states.inc", "rules.def", ...
};
// The whole catalog, sorted by key (for the tests and for exporting to the web front end).
const std::vector<Message>& all_messages();

}  // namespace tcplab
