// The scenario library (scenarios/*.scn) compiled into the front end at build time.
#pragma once
#include <span>

namespace tcplab {

struct BuiltinScenario {
    const char* name;  // file stem, e.g. "01-three-way-handshake"
    const char* text;  // the file's text
};

std::span<const BuiltinScenario> builtin_scenarios();

}  // namespace tcplab
