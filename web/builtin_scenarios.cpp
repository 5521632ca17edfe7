// Finding a built-in lesson and its text (builtin_scenarios.h).
#include "builtin_scenarios.h"

namespace tcplab {
namespace {
LessonSource g_source = nullptr;
}

const BuiltinScenario* find_builtin(const std::string& name) {
    if (name.empty()) return nullptr;
    for (const BuiltinScenario& b : builtin_scenarios())
        if (name == b.name) return &b;
    // Accept a unique part of a name, e.g. without its number ("three-way-handshake").
    const BuiltinScenario* found = nullptr;
    for (const BuiltinScenario& b : builtin_scenarios()) {
        if (std::string(b.name).find(name) == std::string::npos) continue;
        if (found) return nullptr;
        found = &b;
    }
    return found;
}

void set_lesson_source(LessonSource source) { g_source = source; }

LessonText builtin_text(const BuiltinScenario& b, std::string* out) {
    if (b.text) {
        *out = b.text;
        return LessonText::Ready;
    }
    if (!g_source) {
        *out = std::string("the text of lesson '") + b.name + "' is not available here";
        return LessonText::Failed;
    }
    return g_source(b.name, out);
}

}  // namespace tcplab
