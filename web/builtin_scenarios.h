// The scenario library (scenarios/*.scn) as the front end knows it. Natively every text is compiled
// in. In the browser only the names and titles are: each lesson is fetched when it opens
// (lessons/NAME.scn beside the page, or inlined in the single file; web/tcplab-api.js), so the
// download does not grow with the library.
#pragma once
#include <span>
#include <string>

namespace tcplab {

struct BuiltinScenario {
    const char* name;      // file stem, e.g. "01-three-way-handshake"
    const char* title;     // its `title`, "" if none
    const char* title_zh;  // its `title.zh`, "" if none
    const char* text;      // the text as the page reads it; null where it is fetched
};

std::span<const BuiltinScenario> builtin_scenarios();
const BuiltinScenario* find_builtin(const std::string& name);  // exact, or a unique part of a name

// Where the texts that are not compiled in come from (the page sets it).
enum class LessonText { Ready, Pending, Failed };
using LessonSource = LessonText (*)(const char* name, std::string* text_or_error);
void set_lesson_source(LessonSource source);
// Ready: *out is the text. Pending: asked for; the source loads it when it arrives. Failed: *out says why.
LessonText builtin_text(const BuiltinScenario& b, std::string* out);

}  // namespace tcplab
