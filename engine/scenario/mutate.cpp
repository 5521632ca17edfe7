// The mutation check's text transformation: a lesson names its key event with `mutate` lines, and
// the check runs the lesson without it (tests/unit/lesson_mutation_test.cpp).
#include <cctype>
#include <sstream>

#include "scenario/lexer.h"
#include "scenario/scenario.h"

namespace tcplab {

namespace {

// The line without its comment, blanks collapsed, lower case: "at 500ms  A close # x" -> "at 500ms a close".
std::string normalized(std::string_view line) {
    const size_t hash = line.find('#');
    std::string out;
    bool blank = false;
    for (char c : scn::trim(line.substr(0, hash))) {
        if (c == ' ' || c == '\t') {
            blank = true;
            continue;
        }
        if (blank && !out.empty()) out += ' ';
        blank = false;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

}  // namespace

std::optional<std::string> mutated_scenario_text(std::string_view text, std::string& error) {
    std::vector<std::string> lines, removals, additions;
    std::istringstream in{std::string(text)};
    for (std::string l; std::getline(in, l);) {
        const std::string n = normalized(l);
        if (n.rfind("mutate ", 0) == 0) {
            const std::string what = scn::trim(l.substr(l.find_first_not_of(" \t") + 7));
            const std::string body = what.substr(0, what.find('#'));
            if (normalized(body).rfind("remove ", 0) == 0)
                removals.push_back(normalized(normalized(body).substr(7)));
            else
                additions.push_back(scn::trim(body));
            continue;
        }
        lines.push_back(l);
    }
    if (removals.empty() && additions.empty()) {
        error = "no 'mutate' line";
        return std::nullopt;
    }
    std::string out;
    std::vector<bool> used(removals.size(), false);
    for (const std::string& l : lines) {
        bool removed = false;
        for (size_t i = 0; i < removals.size(); ++i)
            if (normalized(l) == removals[i]) removed = used[i] = true;
        if (!removed) out += l + "\n";
    }
    for (size_t i = 0; i < removals.size(); ++i)
        if (!used[i]) {
            error = "'mutate remove " + removals[i] + "' matches no line";
            return std::nullopt;
        }
    for (const std::string& a : additions) out += a + "\n";
    return out;
}

}  // namespace tcplab
