// Scenario line lexer: words, quoted strings, comments, character columns.
#include "scenario/lexer.h"

#include <cctype>

namespace tcplab::scn {

std::string lower(std::string_view s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

int column_of(std::string_view line, size_t byte_offset) {
    int col = 1;
    for (size_t i = 0; i < byte_offset && i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
    return col;
}

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

LexedLine lex_line(std::string_view line) {
    LexedLine out;
    size_t i = 0;
    size_t content_end = 0;
    while (i < line.size()) {
        if (blank(line[i])) { ++i; continue; }
        if (line[i] == '#' && !(i + 1 < line.size() && std::isdigit(static_cast<unsigned char>(line[i + 1]))))
            break;
        Token t;
        t.begin = i;
        bool in_quotes = false;
        size_t quote_start = 0;
        while (i < line.size()) {
            char c = line[i];
            if (in_quotes) {
                if (c == '\\' && i + 1 < line.size()) { i += 2; continue; }
                if (c == '"') in_quotes = false;
                ++i;
                continue;
            }
            if (blank(c)) break;
            if (c == '"') { in_quotes = true; quote_start = i; }
            ++i;
        }
        if (in_quotes) {
            out.error = "unterminated string";
            out.error_column = column_of(line, quote_start);
        }
        t.end = i;
        t.text = std::string(line.substr(t.begin, t.end - t.begin));
        t.column = column_of(line, t.begin);
        content_end = i;
        out.tokens.push_back(std::move(t));
        if (in_quotes) break;
    }
    out.end_column = column_of(line, content_end);
    return out;
}

std::optional<std::string> decode_string(std::string_view q, std::string& error) {
    if (q.size() < 2 || q.front() != '"' || q.back() != '"') {
        error = "expected a \"quoted string\"";
        return std::nullopt;
    }
    std::string out;
    for (size_t i = 1; i + 1 < q.size(); ++i) {
        char c = q[i];
        if (c == '"') { error = "unexpected '\"' inside a string (write \\\")"; return std::nullopt; }
        if (c != '\\') { out += c; continue; }
        if (i + 2 >= q.size()) { error = "unfinished escape at the end of the string"; return std::nullopt; }
        char e = q[++i];
        switch (e) {
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case '0': out += '\0'; break;
            case '\\': out += '\\'; break;
            case '"': out += '"'; break;
            case 'x': {
                auto hex = [](char h) -> int {
                    if (h >= '0' && h <= '9') return h - '0';
                    if (h >= 'a' && h <= 'f') return h - 'a' + 10;
                    if (h >= 'A' && h <= 'F') return h - 'A' + 10;
                    return -1;
                };
                if (i + 3 >= q.size() || hex(q[i + 1]) < 0 || hex(q[i + 2]) < 0) {
                    error = "\\x needs two hex digits";
                    return std::nullopt;
                }
                out += static_cast<char>(hex(q[i + 1]) * 16 + hex(q[i + 2]));
                i += 2;
                break;
            }
            default:
                error = std::string("unknown escape '\\") + e + "'";
                return std::nullopt;
        }
    }
    return out;
}

}  // namespace tcplab::scn
