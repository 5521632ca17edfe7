// Splitting one scenario line into words with their columns (internal to the scenario parser).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tcplab::scn {

struct Token {
    std::string text;    // raw, quotes and escapes as written
    int column = 0;      // 1-based, in characters (UTF-8 code points)
    size_t begin = 0;    // byte offsets in the line
    size_t end = 0;
};

struct LexedLine {
    std::vector<Token> tokens;
    std::string error;        // "unterminated string" ...
    int error_column = 0;
    int end_column = 1;       // column just after the last character before a comment
};

// Words are separated by blanks; a word may contain "quoted strings" (with blanks). `#` starts a
// comment at the start of a word unless a digit follows (`drop A #3`).
LexedLine lex_line(std::string_view line);

std::string lower(std::string_view s);
std::string trim(std::string_view s);

// 1-based character column of a byte offset.
int column_of(std::string_view line, size_t byte_offset);

// Decodes a "quoted string" with C escapes; the error message is set on failure.
std::optional<std::string> decode_string(std::string_view quoted, std::string& error);

}  // namespace tcplab::scn
