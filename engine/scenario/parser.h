// The scenario parser's internals, shared by parser.cpp (header directives), parse_calls.cpp
// (timed calls and faults), parse_expects.cpp (assertions and notes) and parse_ask.cpp (authored
// questions).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/lexer.h"
#include "scenario/scenario.h"

namespace tcplab::scn {

struct Line {
    int number = 0;
    std::string text;
    LexedLine lex;
};

// Walks the words of one line after the directive.
struct Cursor {
    const Line& line;
    size_t i = 1;
    bool at_end() const { return i >= line.lex.tokens.size(); }
    const Token* peek() const { return at_end() ? nullptr : &line.lex.tokens[i]; }
    const Token* take() { return at_end() ? nullptr : &line.lex.tokens[i++]; }
    const Token& prev() const { return line.lex.tokens[i - 1]; }
};

// A HOST or HOST.SOCKET reference.
struct HostRef {
    int host = -1;
    std::string socket;
};

class Parser {
public:
    Parser(std::string_view text, std::string file);
    ParseResult run();

    // --- errors ---------------------------------------------------------------------------
    void error(int line, int column, std::string message);
    void error_at(const Line& l, const Token& t, std::string message) { error(l.number, t.column, std::move(message)); }
    // "missing WHAT after 'PREV'" at the end of the line.
    void missing(Cursor& c, const std::string& what);
    // Reports every word left on the line as unexpected.
    void expect_end(Cursor& c);

    // --- values (each reports its own error and returns nullopt) -------------------------
    std::optional<Micros> time_arg(Cursor& c, const std::string& what = "time");
    std::optional<Micros> at_time(Cursor& c);  // "at TIME"
    std::optional<Micros> time_value(const Line& l, const Token& t, std::string_view text, int column);
    std::optional<uint64_t> number_value(const Line& l, std::string_view text, int column, uint64_t max,
                                         const std::string& what);
    std::optional<uint16_t> port_value(const Line& l, std::string_view text, int column);
    std::optional<uint16_t> flags_value(const Line& l, const Token& t);
    std::optional<int> host_value(const Line& l, std::string_view name, int column);
    std::optional<HostRef> host_ref(const Line& l, const Token& t);
    // "A->B": from and to hosts.
    bool direction(const Line& l, const Token& t, int& from, int& to);
    // "FROM->TO FLAGS": how inject and expect segment lines start. `example` is shown when the
    // flags are missing ("SYN or RST,ACK").
    bool segment_head(Cursor& c, int& from, int& to, uint16_t& flags, const char* example);
    // "B:80": host and port.
    bool host_port(const Line& l, const Token& t, int& host, uint16_t& port);
    bool valid_name(std::string_view name) const;
    std::optional<std::string> string_value(const Line& l, std::string_view quoted, int column);
    // Splits "key=value"; false when there is no '='.
    static bool split_kv(const Token& t, std::string& key, std::string& value, int& value_column);

    // --- directives -----------------------------------------------------------------------
    void parse_hosts(const Line& l);
    void parse_line(const Line& l);
    void parse_text(const Line& l, std::string& out, const char* joiner);
    void parse_isn(const Line& l);
    void parse_param(const Line& l);
    void parse_link(const Line& l);
    void parse_at(const Line& l);
    void parse_drop_delay_dup(const Line& l, const std::string& verb);
    void parse_inject(const Line& l);
    void parse_note(const Line& l);
    bool bilingual_text(const Line& l, Cursor& c, std::string& en, std::string& zh);
    bool note_placeholders(const Line& l, size_t from);
    void parse_ask(const Line& l);
    void parse_option_or_model(const Line& l, bool model);
    bool authored_text(const Line& l, Cursor& c, AuthoredText& out);
    void finish_authored();
    void parse_expect(const Line& l);
    void parse_expect_segment(const Line& l, Cursor& c, bool negative);
    void finish();

    std::string file_;
    std::vector<Line> lines_;
    std::vector<ScenarioError> errors_;
    Scenario sc_;
    int hosts_line_ = 0;
    // Link settings, applied in finish(): the plain `link` lines first, then the directed ones.
    struct LinkSetting { int from = -1, to = -1; std::string key, value; };
    std::vector<LinkSetting> link_settings_;
    // Socket names used as HOST.SOCKET, checked in finish() against those created with `as`.
    struct SocketUse { int host; std::string name; int line; int column; };
    std::vector<SocketUse> socket_uses_;
    std::vector<std::pair<int, std::string>> sockets_created_;
    bool profile_seen_ = false;
    bool end_seen_ = false;
};

// Applies one link key ("delay", "loss" ...); returns an error message or "".
std::string apply_link_setting(LinkParams& p, const std::string& key, const std::string& value);
// Generated payload bytes for `send N` / `len=N`: "abcd...zabc...".
std::vector<uint8_t> generated_bytes(size_t n);

}  // namespace tcplab::scn
