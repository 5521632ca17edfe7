// The scenario parser: lines, values, header directives, and the final checks.
// Every error is collected (file:line:column); a line with an error is skipped, the rest still parsed.
#include "scenario/parser.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

#include "stable_sort.h"

namespace tcplab {

std::string ScenarioError::format() const {
    return loc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column) + ": error: " + message;
}

namespace scn {

namespace {

std::string file_stem(const std::string& path) {
    size_t slash = path.find_last_of("/\\");
    std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    size_t dot = base.rfind('.');
    return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

}  // namespace

std::vector<uint8_t> generated_bytes(size_t n) {
    std::vector<uint8_t> out(n);
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>('a' + i % 26);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Lines and errors
// ---------------------------------------------------------------------------------------------

Parser::Parser(std::string_view text, std::string file) : file_(std::move(file)) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
    int number = 0;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        Line l;
        l.number = ++number;
        l.text = std::string(text.substr(pos, nl - pos));
        if (!l.text.empty() && l.text.back() == '\r') l.text.pop_back();
        l.lex = lex_line(l.text);
        lines_.push_back(std::move(l));
        pos = nl + 1;
    }
    sc_.file = file_;
    sc_.name = file_stem(file_);
}

// Messages quote the offending words; control characters and bytes that are not UTF-8 are shown
// as \xHH so that a binary file cannot put raw bytes on the terminal. Valid UTF-8 (Chinese) stays.
static std::string printable(const std::string& s) {
    static const char* const hex = "0123456789ABCDEF";
    std::string out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = n > 0 && i + n <= s.size() && (n > 1 || (c >= 0x20 && c != 0x7F));
        for (size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (ok) {
            out.append(s, i, n);
            i += n;
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
            i += 1;
        }
    }
    return out;
}

void Parser::error(int line, int column, std::string message) {
    errors_.push_back({{file_, line, column}, printable(message)});
}

void Parser::missing(Cursor& c, const std::string& what) {
    const Token& last = c.line.lex.tokens[std::min(c.i, c.line.lex.tokens.size()) - 1];
    error(c.line.number, c.line.lex.end_column, "missing " + what + " after '" + last.text + "'");
}

void Parser::expect_end(Cursor& c) {
    while (const Token* t = c.take()) error_at(c.line, *t, "unexpected '" + t->text + "'");
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

std::optional<Micros> Parser::time_value(const Line& l, const Token&, std::string_view text, int column) {
    if (!text.empty() && text[0] == '-') {
        if (parse_time(text.substr(1))) {
            error(l.number, column, "time before 0: '" + std::string(text) + "'");
            return std::nullopt;
        }
    }
    auto t = parse_time(text);
    if (!t) error(l.number, column, "bad time '" + std::string(text) + "' (write e.g. 0, 250us, 500ms, 2s, 1.5s, 2min)");
    return t;
}

std::optional<Micros> Parser::time_arg(Cursor& c, const std::string& what) {
    const Token* t = c.take();
    if (!t) {
        missing(c, what);
        return std::nullopt;
    }
    return time_value(c.line, *t, t->text, t->column);
}

std::optional<uint64_t> Parser::number_value(const Line& l, std::string_view text, int column, uint64_t max,
                                             const std::string& what) {
    uint64_t v = 0;
    std::from_chars_result r{};
    const char* end = text.data() + text.size();
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        r = std::from_chars(text.data() + 2, end, v, 16);
    else
        r = std::from_chars(text.data(), end, v, 10);
    if (text.empty() || r.ec != std::errc() || r.ptr != end) {
        error(l.number, column, "bad " + what + " '" + std::string(text) + "'");
        return std::nullopt;
    }
    if (v > max) {
        error(l.number, column, what + " out of range: '" + std::string(text) + "' (at most " + std::to_string(max) + ")");
        return std::nullopt;
    }
    return v;
}

std::optional<uint16_t> Parser::port_value(const Line& l, std::string_view text, int column) {
    auto v = number_value(l, text, column, 65535, "port");
    if (!v) return std::nullopt;
    if (*v == 0) {
        error(l.number, column, "port out of range: '0' (1..65535)");
        return std::nullopt;
    }
    return static_cast<uint16_t>(*v);
}

std::optional<uint16_t> Parser::flags_value(const Line& l, const Token& t) {
    // `none` alone: a segment with no flags at all (RFC 9293 3.10.7: dropped in every state).
    if (lower(t.text) == "none") return uint16_t{0};
    // Check word by word so the column points at the bad flag name.
    size_t i = 0;
    while (i <= t.text.size()) {
        size_t j = t.text.find_first_of(",+", i);
        if (j == std::string::npos) j = t.text.size();
        std::string word = t.text.substr(i, j - i);
        if (word.empty() || !parse_flags(word) || lower(word) == "none") {
            error(l.number, t.column + static_cast<int>(i),
                  word.empty() ? "empty flag name in '" + t.text + "'"
                               : "unknown flag '" + word + "' (flags: SYN FIN RST PSH ACK URG ECE CWR)");
            return std::nullopt;
        }
        i = j + 1;
    }
    return parse_flags(t.text);
}

bool Parser::valid_name(std::string_view name) const {
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
    for (char ch : name)
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_') return false;
    return true;
}

std::optional<int> Parser::host_value(const Line& l, std::string_view name, int column) {
    for (size_t h = 0; h < sc_.config.hosts.size(); ++h)
        if (sc_.config.hosts[h].name == name) return static_cast<int>(h);
    if (sc_.config.hosts.empty()) {
        // The missing `hosts` line is reported once; do not repeat it for every reference.
        return std::nullopt;
    }
    std::string known;
    for (const auto& h : sc_.config.hosts) known += (known.empty() ? "" : ", ") + h.name;
    error(l.number, column, "unknown host '" + std::string(name) + "' (hosts: " + known + ")");
    return std::nullopt;
}

std::optional<HostRef> Parser::host_ref(const Line& l, const Token& t) {
    HostRef r;
    std::string_view text = t.text;
    size_t dot = text.find('.');
    std::string_view host = text.substr(0, dot);
    auto h = host_value(l, host, t.column);
    if (!h) return std::nullopt;
    r.host = *h;
    if (dot != std::string_view::npos) {
        std::string_view sock = text.substr(dot + 1);
        int col = t.column + static_cast<int>(dot) + 1;
        if (!valid_name(sock)) {
            error(l.number, col, "bad socket name '" + std::string(sock) + "' (letters, digits, _)");
            return std::nullopt;
        }
        r.socket = std::string(sock);
        socket_uses_.push_back({r.host, r.socket, l.number, col});
    }
    return r;
}

bool Parser::segment_head(Cursor& c, int& from, int& to, uint16_t& flags, const char* example) {
    const Token* d = c.take();
    if (!d) {
        missing(c, "FROM->TO");
        return false;
    }
    if (!direction(c.line, *d, from, to)) return false;
    const Token* ft = c.take();
    if (!ft) {
        missing(c, std::string("flags (e.g. ") + example + ")");
        return false;
    }
    auto f = flags_value(c.line, *ft);
    if (!f) return false;
    flags = *f;
    return true;
}

bool Parser::direction(const Line& l, const Token& t, int& from, int& to) {
    size_t arrow = t.text.find("->");
    if (arrow == std::string::npos) {
        error_at(l, t, "expected FROM->TO (e.g. A->B), got '" + t.text + "'");
        return false;
    }
    auto f = host_value(l, std::string_view(t.text).substr(0, arrow), t.column);
    auto d = host_value(l, std::string_view(t.text).substr(arrow + 2), t.column + static_cast<int>(arrow) + 2);
    if (!f || !d) return false;
    if (*f == *d) {
        error_at(l, t, "a host cannot send to itself: '" + t.text + "'");
        return false;
    }
    from = *f;
    to = *d;
    return true;
}

bool Parser::host_port(const Line& l, const Token& t, int& host, uint16_t& port) {
    size_t colon = t.text.find(':');
    if (colon == std::string::npos) {
        error_at(l, t, "expected HOST:PORT (e.g. B:80), got '" + t.text + "'");
        return false;
    }
    auto h = host_value(l, std::string_view(t.text).substr(0, colon), t.column);
    auto p = port_value(l, std::string_view(t.text).substr(colon + 1), t.column + static_cast<int>(colon) + 1);
    if (!h || !p) return false;
    host = *h;
    port = *p;
    return true;
}

std::optional<std::string> Parser::string_value(const Line& l, std::string_view quoted, int column) {
    std::string err;
    auto s = decode_string(quoted, err);
    if (!s) error(l.number, column, err);
    return s;
}

bool Parser::split_kv(const Token& t, std::string& key, std::string& value, int& value_column) {
    size_t eq = t.text.find('=');
    if (eq == std::string::npos) return false;
    key = t.text.substr(0, eq);
    value = t.text.substr(eq + 1);
    value_column = t.column + static_cast<int>(eq) + 1;
    return true;
}

// ---------------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------------

ParseResult Parser::run() {
    // Pass 1: lexer errors and the hosts, so that lines may name hosts in any order.
    for (const Line& l : lines_) {
        if (!l.lex.error.empty()) error(l.number, l.lex.error_column, l.lex.error);
        if (!l.lex.tokens.empty() && lower(l.lex.tokens[0].text) == "hosts" && l.lex.error.empty()) parse_hosts(l);
    }
    if (hosts_line_ == 0) error(1, 1, "missing 'hosts' line (e.g. hosts A=10.0.0.1 B=10.0.0.2)");
    // Pass 2: everything else.
    for (const Line& l : lines_) {
        if (l.lex.tokens.empty() || !l.lex.error.empty()) continue;
        if (lower(l.lex.tokens[0].text) == "hosts") continue;
        parse_line(l);
    }
    finish();
    if (!errors_.empty()) {
        stable_sort_by(errors_, [](const ScenarioError& a, const ScenarioError& b) {
            return a.loc.line != b.loc.line ? a.loc.line < b.loc.line : a.loc.column < b.loc.column;
        });
        return errors_;
    }
    return std::move(sc_);
}

void Parser::parse_line(const Line& l) {
    const Token& d = l.lex.tokens[0];
    std::string k = lower(d.text);
    if (k == "title") parse_text(l, sc_.title, " ");
    else if (k == "title.zh") parse_text(l, sc_.title_zh, "");
    else if (k == "description") parse_text(l, sc_.description, " ");
    else if (k == "description.zh") parse_text(l, sc_.description_zh, "");
    else if (k == "illustrates") parse_text(l, sc_.illustrates, "; ");
    else if (k == "isn") parse_isn(l);
    else if (k == "seed") {
        Cursor c{l};
        const Token* t = c.take();
        if (!t) return missing(c, "number");
        if (auto v = number_value(l, t->text, t->column, UINT64_MAX, "seed")) sc_.config.seed = *v;
        expect_end(c);
    } else if (k == "profile") {
        Cursor c{l};
        const Token* t = c.take();
        if (!t) return missing(c, "profile name (rfc9293, rfc793, linux, freebsd)");
        if (profile_seen_) error_at(l, d, "'profile' given twice");
        profile_seen_ = true;
        if (!profile_by_name(lower(t->text))) {
            std::string names;
            for (const auto& n : profile_names()) names += (names.empty() ? "" : ", ") + n;
            error_at(l, *t, "unknown profile '" + t->text + "' (" + names + ")");
        } else {
            sc_.profile_name = lower(t->text);
        }
        expect_end(c);
    } else if (k == "param") parse_param(l);
    else if (k == "msl") {
        Cursor c{l};
        const Token* t = c.take();
        if (!t) return missing(c, "time");
        if (time_value(l, *t, t->text, t->column)) sc_.params.push_back({-1, "msl", t->text, {file_, l.number, t->column}});
        expect_end(c);
    } else if (k == "link") parse_link(l);
    else if (k == "end") {
        Cursor c{l};
        if (end_seen_) error_at(l, d, "'end' given twice");
        end_seen_ = true;
        if (auto t = time_arg(c)) {
            if (*t == 0) error_at(l, c.prev(), "'end' must be after 0");
            else sc_.end = *t;
        }
        expect_end(c);
    } else if (k == "at") parse_at(l);
    else if (k == "drop" || k == "delay" || k == "dup") parse_drop_delay_dup(l, k);
    else if (k == "inject") parse_inject(l);
    else if (k == "note") parse_note(l);
    else if (k == "ask") parse_ask(l);
    else if (k == "option" || k == "model") parse_option_or_model(l, k == "model");
    else if (k == "expect") parse_expect(l);
    else if (k == "mutate") {
        if (l.lex.tokens.size() < 2) {
            Cursor c{l};
            return missing(c, "'remove LINE' or a directive (e.g. mutate drop next A FIN)");
        }
        sc_.mutations.push_back(trim(std::string_view(l.text).substr(l.lex.tokens[1].begin, l.lex.tokens.back().end - l.lex.tokens[1].begin)));
    } else
        error_at(l, d,
                 "unknown directive '" + d.text +
                     "' (title, description, illustrates, hosts, isn, seed, profile, param, msl, link, end, at, "
                     "drop, delay, dup, inject, note, ask, option, model, expect, mutate)");
}

// ---------------------------------------------------------------------------------------------
// Header directives
// ---------------------------------------------------------------------------------------------

void Parser::parse_text(const Line& l, std::string& out, const char* joiner) {
    if (l.lex.tokens.size() < 2) {
        Cursor c{l};
        return missing(c, "text");
    }
    // Text runs to the end of the line: `#` inside it is literal.
    std::string text = trim(std::string_view(l.text).substr(l.lex.tokens[1].begin));
    if (!out.empty()) out += joiner;
    out += text;
}

void Parser::parse_hosts(const Line& l) {
    Cursor c{l};
    if (hosts_line_ != 0) {
        error_at(l, l.lex.tokens[0], "'hosts' given twice (first on line " + std::to_string(hosts_line_) + ")");
        return;
    }
    hosts_line_ = l.number;
    size_t errors_before = errors_.size();
    while (const Token* t = c.take()) {
        std::string name, addr;
        int col;
        if (!split_kv(*t, name, addr, col)) {
            error_at(l, *t, "expected NAME=IPv4 (e.g. A=10.0.0.1), got '" + t->text + "'");
            continue;
        }
        if (!valid_name(name)) {
            error_at(l, *t, "bad host name '" + name + "' (letters, digits, _; starting with a letter)");
            continue;
        }
        bool dup = false;
        for (const auto& h : sc_.config.hosts) dup = dup || h.name == name;
        if (dup) {
            error_at(l, *t, "duplicate host '" + name + "'");
            continue;
        }
        // Dotted quad, each part 0..255.
        uint32_t ip = 0;
        int parts = 0;
        bool ok = true;
        size_t i = 0;
        while (ok && i <= addr.size()) {
            size_t j = addr.find('.', i);
            if (j == std::string::npos) j = addr.size();
            std::string part = addr.substr(i, j - i);
            unsigned v = 0;
            auto r = std::from_chars(part.data(), part.data() + part.size(), v);
            ok = !part.empty() && part.size() <= 3 && r.ec == std::errc() && r.ptr == part.data() + part.size() && v <= 255;
            ip = (ip << 8) | v;
            ++parts;
            i = j + 1;
        }
        if (!ok || parts != 4) {
            error(l.number, col, "bad IPv4 address '" + addr + "'");
            continue;
        }
        for (const auto& h : sc_.config.hosts)
            if (h.ip == ip) {
                error(l.number, col, "address " + addr + " is already used by host " + h.name);
                ok = false;
            }
        if (!ok) continue;
        HostConfig hc;
        hc.name = name;
        hc.ip = ip;
        sc_.config.hosts.push_back(hc);
    }
    if (sc_.config.hosts.size() < 2 && errors_before == errors_.size())
        error(l.number, l.lex.end_column, "'hosts' needs at least 2 hosts (e.g. hosts A=10.0.0.1 B=10.0.0.2)");
}

void Parser::parse_isn(const Line& l) {
    Cursor c{l};
    if (c.at_end()) return missing(c, "NAME=NUMBER or 'random'");
    if (lower(c.peek()->text) == "random") {
        c.take();
        for (auto& h : sc_.config.hosts) h.isn.reset();
        return expect_end(c);
    }
    std::vector<int> on_line;
    while (const Token* t = c.take()) {
        std::string name, value;
        int col;
        if (lower(t->text) == "fixed" && c.at_end() && !on_line.empty()) {
            sc_.fixed_isn_hosts.insert(sc_.fixed_isn_hosts.end(), on_line.begin(), on_line.end());
            break;
        }
        if (!split_kv(*t, name, value, col)) {
            error_at(l, *t, "expected HOST=NUMBER (e.g. A=1000) or a final 'fixed', got '" + t->text + "'");
            continue;
        }
        auto h = host_value(l, name, t->column);
        auto v = number_value(l, value, col, UINT32_MAX, "sequence number");
        if (h && v) {
            sc_.config.hosts[static_cast<size_t>(*h)].isn = static_cast<Seq>(*v);
            on_line.push_back(*h);
        }
    }
}

void Parser::parse_param(const Line& l) {
    Cursor c{l};
    if (c.at_end()) return missing(c, "NAME=VALUE");
    int host = -1;
    if (c.peek()->text.find('=') == std::string::npos) {
        const Token* t = c.take();
        auto h = host_value(l, t->text, t->column);
        if (!h) return;
        host = *h;
        if (c.at_end()) return missing(c, "NAME=VALUE");
    }
    while (const Token* t = c.take()) {
        std::string name, value;
        int col;
        if (!split_kv(*t, name, value, col)) {
            error_at(l, *t, "expected NAME=VALUE (e.g. syn_retries=3), got '" + t->text + "'");
            continue;
        }
        Profile scratch;
        std::string err = set_profile_param(scratch, name, value);
        if (!err.empty()) {
            error_at(l, *t, err);
            continue;
        }
        sc_.params.push_back({host, name, value, {file_, l.number, t->column}});
    }
}

std::string apply_link_setting(LinkParams& p, const std::string& key, const std::string& value) {
    auto time = [&](Micros& out) -> std::string {
        auto t = parse_time(value);
        if (!t) return "bad time '" + value + "' (write e.g. 0, 250us, 500ms, 2s)";
        out = *t;
        return "";
    };
    auto prob = [&](double& out) -> std::string {
        std::string_view num = value;
        bool percent = !num.empty() && num.back() == '%';
        if (percent) num.remove_suffix(1);
        double v = 0;
        auto r = std::from_chars(num.data(), num.data() + num.size(), v);
        if (num.empty() || r.ec != std::errc() || r.ptr != num.data() + num.size())
            return "bad probability '" + value + "' (write e.g. 10% or 0.1)";
        if (percent) v /= 100.0;
        if (v < 0.0 || v > 1.0) return "probability out of range: '" + value + "' (0%..100%)";
        out = v;
        return "";
    };
    if (key == "delay") return time(p.delay);
    if (key == "jitter") return time(p.jitter);
    if (key == "reorder_delay") return time(p.reorder_delay);
    if (key == "loss") return prob(p.loss);
    if (key == "dup") return prob(p.duplicate);
    if (key == "reorder") return prob(p.reorder);
    if (key == "bandwidth") {
        if (value == "0") {
            p.bandwidth_bps = 0;
            return "";
        }
        size_t digits = 0;
        while (digits < value.size() && std::isdigit(static_cast<unsigned char>(value[digits]))) ++digits;
        std::string unit = lower(value.substr(digits));
        uint64_t scale = unit == "bps" ? 1 : unit == "kbps" ? 1000 : unit == "mbps" ? 1000000 : unit == "gbps" ? 1000000000 : 0;
        uint64_t v = 0;
        auto r = std::from_chars(value.data(), value.data() + digits, v);
        if (digits == 0 || scale == 0 || r.ec != std::errc() || v > 1000000000000ULL / scale)
            return "bad bandwidth '" + value + "' (write e.g. 10Mbps, 512Kbps, 0 = infinite)";
        p.bandwidth_bps = v * scale;
        return "";
    }
    return "unknown link parameter '" + key + "' (delay, jitter, loss, dup, reorder, reorder_delay, bandwidth)";
}

void Parser::parse_link(const Line& l) {
    Cursor c{l};
    if (c.at_end()) return missing(c, "KEY=VALUE (e.g. delay=50ms)");
    int from = -1, to = -1;
    if (c.peek()->text.find('=') == std::string::npos) {
        if (!direction(l, *c.take(), from, to)) return;
        if (c.at_end()) return missing(c, "KEY=VALUE (e.g. delay=50ms)");
    }
    while (const Token* t = c.take()) {
        std::string key, value;
        int col;
        if (!split_kv(*t, key, value, col)) {
            error_at(l, *t, "expected KEY=VALUE (e.g. delay=50ms), got '" + t->text + "'");
            continue;
        }
        LinkParams scratch;
        std::string err = apply_link_setting(scratch, lower(key), value);
        if (!err.empty()) {
            error(l.number, err.rfind("unknown", 0) == 0 ? t->column : col, err);
            continue;
        }
        link_settings_.push_back({from, to, lower(key), value});
    }
}

// ---------------------------------------------------------------------------------------------
// Final checks and the ready SimConfig
// ---------------------------------------------------------------------------------------------

void Parser::finish() {
    finish_authored();
    for (const auto& use : socket_uses_) {
        bool found = false;
        for (const auto& [h, name] : sockets_created_) found = found || (h == use.host && name == use.name);
        if (!found)
            error(use.line, use.column,
                  "unknown socket '" + use.name + "' on host " + sc_.config.hosts[static_cast<size_t>(use.host)].name +
                      " (name it with 'as " + use.name + "' on a listen, connect or accept)");
    }
    for (const auto& s : link_settings_)
        if (s.from < 0) apply_link_setting(sc_.config.link, s.key, s.value);
    for (const auto& s : link_settings_) {
        if (s.from < 0) continue;
        SimConfig::DirectedLink* d = nullptr;
        for (auto& x : sc_.config.links)
            if (x.from == s.from && x.to == s.to) d = &x;
        if (!d) {
            sc_.config.links.push_back({s.from, s.to, sc_.config.link});
            d = &sc_.config.links.back();
        }
        apply_link_setting(d->params, s.key, s.value);
    }
    stable_sort_by(sc_.actions, [](const Action& a, const Action& b) { return a.at < b.at; });
    stable_sort_by(sc_.notes, [](const ScenarioNote& a, const ScenarioNote& b) { return a.at < b.at; });
    if (errors_.empty()) {
        std::string err = build_sim_config(sc_, RunOptions{}, sc_.config);
        if (!err.empty()) error(1, 1, err);
    }
}

}  // namespace scn

// ---------------------------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------------------------

ParseResult parse_scenario(std::string_view text, const std::string& file) {
    scn::Parser p(text, file);
    ParseResult r = p.run();
    if (auto* sc = std::get_if<Scenario>(&r)) resolve_note_numbers(*sc);
    return r;
}

ParseResult load_scenario_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::vector<ScenarioError>{{{path, 0, 0}, "cannot open file"}};
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_scenario(ss.str(), path);
}

std::string build_sim_config(const Scenario& sc, const RunOptions& options, SimConfig& out) {
    SimConfig cfg = sc.config;
    std::string name = options.profile ? *options.profile : sc.profile_name;
    auto base = profile_by_name(name);
    if (!base) return "unknown profile '" + name + "'";
    cfg.profile = *base;
    for (auto& h : cfg.hosts) h.profile.reset();
    for (const auto& p : sc.params)
        if (p.host < 0) {
            std::string err = set_profile_param(cfg.profile, p.name, p.value);
            if (!err.empty()) return err;
        }
    for (const auto& p : sc.params) {
        if (p.host < 0 || static_cast<size_t>(p.host) >= cfg.hosts.size()) continue;
        auto& hp = cfg.hosts[static_cast<size_t>(p.host)].profile;
        if (!hp) hp = cfg.profile;
        std::string err = set_profile_param(*hp, p.name, p.value);
        if (!err.empty()) return err;
    }
    cfg.profile.hypothesis = options.what_if;
    for (auto& h : cfg.hosts)
        if (h.profile) h.profile->hypothesis = options.what_if;
    if (options.seed) cfg.seed = *options.seed;
    cfg.tracing = options.tracing;
    out = std::move(cfg);
    return "";
}

}  // namespace tcplab
