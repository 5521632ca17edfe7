// The packetdrill script parser. Statements are lines (a `%{ }%` code block may span several); comments (`//`, `/* */`) are blanked out so columns stay true.
#include "pkt_script.h"

#include "pkt_ifdef.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace tcplab::pkt {

std::string PktError::format() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": error: " + message;
}

const Expr* Expr::field(std::initializer_list<const char*> names) const {
    for (size_t i = 0; i < items.size() && i < field_names.size(); ++i)
        for (const char* n : names)
            if (field_names[i] == n) return &items[i];
    return nullptr;
}

std::optional<int> errno_value(std::string_view name) {
    static const std::pair<const char*, int> kErrnos[] = {
        {"EPERM", 1},         {"ENOENT", 2},        {"EINTR", 4},          {"EBADF", 9},
        {"EAGAIN", 11},       {"EWOULDBLOCK", 11},  {"ENOMEM", 12},        {"EFAULT", 14},
        {"EINVAL", 22},       {"EPIPE", 32},        {"ENOTSOCK", 88},      {"EOPNOTSUPP", 95},
        {"EADDRINUSE", 98},   {"EADDRNOTAVAIL", 99}, {"ENETUNREACH", 101}, {"ECONNABORTED", 103},
        {"ECONNRESET", 104},  {"EISCONN", 106},     {"ENOTCONN", 107},     {"ETIMEDOUT", 110},
        {"ECONNREFUSED", 111}, {"EHOSTUNREACH", 113}, {"EALREADY", 114},   {"EINPROGRESS", 115},
    };
    for (const auto& [n, v] : kErrnos)
        if (name == n) return v;
    return std::nullopt;
}

std::string pkt_flags_string(uint16_t flags) {
    std::string s;
    if (flags & kSYN) s += 'S';
    if (flags & kFIN) s += 'F';
    if (flags & kRST) s += 'R';
    if (flags & kPSH) s += 'P';
    if (flags & kURG) s += 'U';
    if (flags & kECE) s += 'E';
    if (flags & kCWR) s += 'W';
    if (flags & kACK) s += '.';
    return s.empty() ? "<none>" : s;
}

static std::string options_string(const TcpOptions& o) {
    std::string s;
    auto add = [&](const std::string& part) { s += (s.empty() ? "" : ",") + part; };
    if (o.mss) add("mss " + std::to_string(*o.mss));
    if (o.sack_permitted) add("sackOK");
    if (o.timestamps) add("TS val " + std::to_string(o.timestamps->value) + " ecr " + std::to_string(o.timestamps->echo));
    if (o.window_scale) add("wscale " + std::to_string(*o.window_scale));
    return "<" + s + ">";
}

std::string packet_spec_string(const PacketSpec& p) {
    std::string s = pkt_flags_string(p.flags) + " " + std::to_string(p.start) + ":" + std::to_string(p.end) + "(" +
                    std::to_string(p.len) + ")";
    if (p.ack) s += " ack " + std::to_string(*p.ack);
    if (p.window) s += " win " + std::to_string(*p.window);
    if (p.urgent) s += " urg " + std::to_string(*p.urgent);
    if (p.has_options) s += " " + options_string(p.options);
    if (p.udp) s += "/udp(" + std::to_string(p.udp->first) + " > " + std::to_string(p.udp->second) + ")";
    return s;
}

namespace {

// One logical statement with the source position of each character.
struct Statement {
    std::string text;
    std::vector<std::pair<int, int>> pos;  // (line, column) per character
    int line() const { return pos.empty() ? 0 : pos.front().first; }
};

// Splits the script into statements, one per line (a `%{ }%` code block or a `/* */` comment may
// span lines); blanks comments. Reports an unterminated block comment / code block / string at its start.
std::vector<Statement> split_statements(std::string_view text, const std::string& file, std::vector<PktError>& errors) {
    std::vector<Statement> out;
    Statement cur;
    bool in_code = false, in_block_comment = false, in_shell = false;
    int line = 1, col = 1;
    std::pair<int, int> block_start{0, 0}, shell_start{0, 0};
    auto flush = [&]() {
        bool blank = true;
        for (char c : cur.text)
            if (!std::isspace(static_cast<unsigned char>(c))) blank = false;
        if (!blank) out.push_back(cur);
        cur = Statement{};
    };
    size_t i = 0;
    while (i < text.size()) {
        char c = text[i];
        char n = i + 1 < text.size() ? text[i + 1] : '\0';
        if (in_block_comment) {
            if (c == '*' && n == '/') {
                in_block_comment = false;
                cur.text += "  ";
                cur.pos.push_back({line, col});
                cur.pos.push_back({line, col + 1});
                i += 2;
                col += 2;
                continue;
            }
        } else if (!in_code && !in_shell && c == '/' && n == '/') {
            while (i < text.size() && text[i] != '\n') ++i, ++col;
            continue;
        } else if (!in_code && !in_shell && c == '/' && n == '*') {
            in_block_comment = true;
            block_start = {line, col};
        } else if (!in_code && !in_shell && c == '%' && n == '{') {
            in_code = true;
        } else if (in_code && c == '}' && n == '%') {
            in_code = false;
            cur.text += "}%";
            cur.pos.push_back({line, col});
            cur.pos.push_back({line, col + 1});
            i += 2;
            col += 2;
            continue;
        } else if (!in_code && c == '`') {
            in_shell = !in_shell;
            shell_start = {line, col};
        }
        if (c == '\n') {
            if (!in_code && !in_block_comment && !in_shell) {  // a backtick command may span lines
                flush();
            } else {
                cur.text += in_code ? '\n' : ' ';  // a shell command's lines join with a space
                cur.pos.push_back({line, col});
            }
            ++line;
            col = 1;
            ++i;
            continue;
        }
        bool blank = in_block_comment || c == '\r' || c == '\t';
        cur.text += blank ? ' ' : c;
        cur.pos.push_back({line, col});
        ++i;
        ++col;
    }
    if (in_block_comment) errors.push_back({file, block_start.first, block_start.second, "unterminated /* comment"});
    if (in_shell) errors.push_back({file, shell_start.first, shell_start.second, "unterminated `shell command` (missing `)"});
    flush();
    return out;
}

// Raised inside a statement; caught per statement so every bad line is reported.
struct ParseFail {
    size_t at;
    std::string message;
};

class Cursor {
public:
    Cursor(const Statement& st) : s_(st.text) {}
    size_t pos = 0;

    void skip_ws() {
        while (pos < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos]))) ++pos;
    }
    bool done() {
        skip_ws();
        return pos >= s_.size();
    }
    char peek() {
        skip_ws();
        return pos < s_.size() ? s_[pos] : '\0';
    }
    bool starts(std::string_view w) {
        skip_ws();
        return s_.compare(pos, w.size(), w) == 0;
    }
    bool accept(std::string_view w) {
        if (!starts(w)) return false;
        pos += w.size();
        return true;
    }
    void expect(std::string_view w, const char* what) {
        if (!accept(w)) fail(std::string("expected ") + what + " here, found " + found());
    }
    [[noreturn]] void fail(const std::string& msg) { throw ParseFail{pos, msg}; }
    [[noreturn]] void fail_at(size_t at, const std::string& msg) { throw ParseFail{at, msg}; }
    std::string found() {
        skip_ws();
        if (pos >= s_.size()) return "end of line";
        size_t e = pos;
        while (e < s_.size() && !std::isspace(static_cast<unsigned char>(s_[e])) && e - pos < 20) ++e;
        return "'" + s_.substr(pos, e - pos) + "'";
    }
    std::string ident() {
        skip_ws();
        size_t b = pos;
        while (pos < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos])) || s_[pos] == '_')) ++pos;
        if (b == pos || std::isdigit(static_cast<unsigned char>(s_[b]))) {
            pos = b;
            fail("expected a name here, found " + found());
        }
        return s_.substr(b, pos - b);
    }
    bool at_ident() {
        skip_ws();
        return pos < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[pos])) || s_[pos] == '_');
    }
    bool at_number() {
        skip_ws();
        return pos < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos]));
    }
    // A non-negative integer that fits `max`.
    uint64_t number(uint64_t max, const char* what) {
        skip_ws();
        size_t b = pos;
        uint64_t v = 0;
        if (!at_number()) fail(std::string("expected ") + what + " (a number) here, found " + found());
        if (s_.compare(pos, 2, "0x") == 0 || s_.compare(pos, 2, "0X") == 0) {
            pos += 2;
            size_t digits = 0;
            while (pos < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[pos]))) {
                int d = std::isdigit(static_cast<unsigned char>(s_[pos])) ? s_[pos] - '0' : (std::tolower(s_[pos]) - 'a' + 10);
                if (v > (max - d) / 16) fail_at(b, std::string(what) + " is out of range (at most " + std::to_string(max) + ")");
                v = v * 16 + d;
                ++pos;
                ++digits;
            }
            if (digits == 0) fail_at(b, std::string("expected ") + what + " (a number) here");
            return v;
        }
        while (pos < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos]))) {
            int d = s_[pos] - '0';
            if (v > (max - d) / 10) fail_at(b, std::string(what) + " is out of range (at most " + std::to_string(max) + ")");
            v = v * 10 + d;
            ++pos;
        }
        return v;
    }
    // Seconds with up to 6 decimals ("0.100", "2", "1.5") as microseconds.
    Micros seconds() {
        skip_ws();
        size_t b = pos;
        if (!at_number() && !(pos < s_.size() && s_[pos] == '.')) fail("expected a time in seconds here, found " + found());
        Micros whole = 0;
        while (pos < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos]))) {
            if (whole > 100000000) fail_at(b, "time is too large (at most 100000000 s)");
            whole = whole * 10 + (s_[pos++] - '0');
        }
        Micros frac = 0;
        int digits = 0;
        // "..." after a time starts a blocking range, it is not a decimal point.
        if (pos < s_.size() && s_[pos] == '.' && s_.compare(pos, 3, "...") != 0) {
            ++pos;
            while (pos < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos]))) {
                if (digits < 6) frac = frac * 10 + (s_[pos] - '0'), ++digits;
                else if (s_[pos] != '0') fail_at(b, "time has more than 6 decimals (microsecond resolution)");
                ++pos;
            }
        }
        while (digits < 6) frac *= 10, ++digits;
        return whole * 1000000 + frac;
    }
    std::string rest() {
        skip_ws();
        std::string r = s_.substr(pos);
        while (!r.empty() && std::isspace(static_cast<unsigned char>(r.back()))) r.pop_back();
        pos = s_.size();
        return r;
    }
    const std::string& text() const { return s_; }

private:
    const std::string& s_;
};

std::string trimmed(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    std::string out;
    bool space = false;
    for (size_t i = b; i < e; ++i) {
        bool ws = std::isspace(static_cast<unsigned char>(s[i]));
        if (ws && space) continue;
        out += ws ? ' ' : s[i];
        space = ws;
    }
    return out;
}

TimeSpec parse_time(Cursor& c) {
    TimeSpec t;
    if (c.accept("*")) {
        t.kind = TimeSpec::Kind::Any;
        return t;
    }
    bool rel = c.accept("+");
    t.kind = rel ? TimeSpec::Kind::Relative : TimeSpec::Kind::Absolute;
    t.start = c.seconds();
    if (c.accept("~")) {
        bool rel2 = c.accept("+");
        if (rel2 != rel) c.fail("both ends of a time range must be absolute or both relative");
        t.range_end = c.seconds();
        if (t.range_end < t.start) c.fail("time range ends before it starts");
    } else if (c.accept("...")) {
        t.blocking_end_relative = c.accept("+");
        t.blocking_end = c.seconds();
        if (!t.blocking_end_relative && !rel && t.blocking_end < t.start)
            c.fail("blocking call ends before it starts");
    }
    return t;
}

// A word for an option value: `valid`, a hex blob, a cookie.
std::string word(Cursor& c) {
    c.skip_ws();
    const std::string& s = c.text();
    size_t b = c.pos;
    while (c.pos < s.size() && (std::isalnum(static_cast<unsigned char>(s[c.pos])) || s[c.pos] == '_')) ++c.pos;
    return s.substr(b, c.pos - b);
}

uint16_t parse_flag_letters(Cursor& c) {
    c.skip_ws();
    size_t b = c.pos;
    uint16_t flags = 0;
    const std::string& s = c.text();
    if (c.pos < s.size() && s[c.pos] == '-') {  // packetdrill: a segment with no flags at all
        ++c.pos;
        return 0;
    }
    while (c.pos < s.size() && !std::isspace(static_cast<unsigned char>(s[c.pos]))) {
        uint16_t f = 0;
        switch (s[c.pos]) {
            case 'S': f = kSYN; break;
            case 'F': f = kFIN; break;
            case 'R': f = kRST; break;
            case 'P': f = kPSH; break;
            case '.': f = kACK; break;
            case 'U': f = kURG; break;
            case 'E': f = kECE; break;
            case 'W': f = kCWR; break;
            default:
                c.fail("unknown TCP flag '" + std::string(1, s[c.pos]) + "' (packetdrill flags: S F R P . U E W)");
        }
        if (flags & f) c.fail("TCP flag '" + std::string(1, s[c.pos]) + "' written twice");
        flags |= f;
        ++c.pos;
    }
    if (c.pos == b) c.fail("expected TCP flags (S, S., ., P., F., R ...) here, found " + c.found());
    return flags;
}

void parse_options(Cursor& c, PacketSpec& p) {
    p.has_options = true;
    if (c.accept(">")) return;
    if (c.accept("...")) {
        if (p.inbound) c.fail("'<...>' (options not checked) is only for outbound segments");
        c.expect(">", "'>' after '<...'");
        p.has_options = false;
        p.options_unchecked = true;
        return;
    }
    for (;;) {
        size_t at = (c.skip_ws(), c.pos);
        std::string name = c.ident();
        if (name == "nop" || name == "eol") {
        } else if (name == "mss") {
            p.options.mss = static_cast<uint16_t>(c.number(65535, "mss"));
        } else if (name == "wscale") {
            uint64_t v = c.number(255, "wscale");
            if (v > 14) c.fail_at(at, "wscale " + std::to_string(v) + " is above 14 (RFC 7323 section 2.3)");
            p.options.window_scale = static_cast<uint8_t>(v);
        } else if (name == "sackOK") {
            p.options.sack_permitted = true;
        } else if (name == "TS") {
            c.expect("val", "'val'");
            Timestamps ts;
            if (c.accept("...")) p.ignored_options.push_back("TS val ...");
            else ts.value = static_cast<uint32_t>(c.number(UINT32_MAX, "TS val"));
            c.expect("ecr", "'ecr'");
            ts.echo = static_cast<uint32_t>(c.number(UINT32_MAX, "TS ecr"));
            c.accept("!");
            p.options.timestamps = ts;
        } else if (name == "sack") {
            std::string blocks;
            while (c.at_number()) {
                uint64_t a = c.number(UINT32_MAX, "SACK block start");
                c.expect(":", "':' in a SACK block");
                uint64_t b = c.number(UINT32_MAX, "SACK block end");
                blocks += " " + std::to_string(a) + ":" + std::to_string(b);
            }
            p.ignored_options.push_back("sack" + blocks);
        } else if (name == "md5") {
            // `md5 valid` (a correct signature) or a hex signature: TCP-MD5 (RFC 2385) is not modelled.
            std::string what = c.at_ident() || c.at_number() ? word(c) : "";
            if (what.empty()) c.fail("expected 'valid' or a hex signature after 'md5', found " + c.found());
            p.ignored_options.push_back("md5 " + what);
        } else if (name == "FO" || name == "FOEXP") {
            std::string cookie = c.at_ident() || c.at_number() ? word(c) : "";
            p.ignored_options.push_back(name + (cookie.empty() ? "" : " " + cookie));
        } else {
            c.fail_at(at, "unsupported TCP option '" + name + "' (supported: mss, wscale, sackOK, TS val/ecr, sack, md5, FO, nop, eol)");
        }
        if (c.accept(">")) return;
        c.expect(",", "',' or '>' in the option list");
    }
}

// `(ttl 3)`, `(tos 0x28)`, `[noecn]`, `[ect0]`, `(ttl 4, tos 0x10)`: IP header fields the simulator
// does not model. Returns the text for the skip warning.
std::string parse_ip_info(Cursor& c, char close) {
    static const char* const kFields[] = {"ttl", "hlim", "tos", "class", "flowlabel", "dscp", "ecn",
                                          "noecn", "ect0", "ect1", "ce", "ect01"};
    std::string out;
    for (;;) {
        size_t at = (c.skip_ws(), c.pos);
        std::string name = c.ident();
        bool known = false;
        for (const char* f : kFields) known = known || name == f;
        if (!known)
            c.fail_at(at, "unknown IP field '" + name + "' (packetdrill: ttl, hlim, tos, class, flowlabel, dscp, ecn, noecn, ect0, ect1, ce, ect01)");
        std::string item = name;
        if (c.at_number() || (c.at_ident() && (name == "dscp" || name == "ecn"))) {
            if (c.at_number()) item += " " + std::to_string(c.number(UINT32_MAX, name.c_str()));
            else item += " " + c.ident();
        }
        out += (out.empty() ? "" : ", ") + item;
        if (c.accept(std::string(1, close))) return out;
        c.expect(",", close == ')' ? "',' or ')' in the IP fields" : "',' or ']' in the IP fields");
    }
}

PacketSpec parse_packet(Cursor& c, bool inbound) {
    PacketSpec p;
    p.inbound = inbound;
    if (c.peek() == '(' || c.peek() == '[') {
        char close = c.peek() == '(' ? ')' : ']';
        ++c.pos;
        p.ignored_options.push_back("IP fields (" + parse_ip_info(c, close) + ")");
    }
    if (c.at_number()) {  // `src_port > dst_port`: the script's ports (tcplab picks its own)
        uint64_t a = c.number(65535, "source port");
        c.expect(">", "'>' between the ports");
        uint64_t b = c.number(65535, "destination port");
        p.ignored_options.push_back("ports " + std::to_string(a) + ">" + std::to_string(b));
    }
    p.flags = parse_flag_letters(c);
    size_t at = (c.skip_ws(), c.pos);
    if (c.accept("...")) {
        if (inbound) c.fail_at(at, "'...' (sequence number not checked) is only for outbound segments");
        p.any_seq = true;
        c.expect("(", "'(' and the payload length");
        p.len = static_cast<uint32_t>(c.number(65535, "payload length"));
        c.expect(")", "')'");
    } else {
        p.start = static_cast<Seq>(c.number(UINT32_MAX, "sequence start"));
        c.expect(":", "':' between sequence start and end");
        p.end = static_cast<Seq>(c.number(UINT32_MAX, "sequence end"));
        c.expect("(", "'(' and the payload length");
        p.len = static_cast<uint32_t>(c.number(UINT32_MAX, "payload length"));
        c.expect(")", "')'");
        if (p.end - p.start != p.len)
            c.fail_at(at, "sequence range " + std::to_string(p.start) + ":" + std::to_string(p.end) + " spans " +
                              std::to_string(p.end - p.start) + " bytes but the length says " + std::to_string(p.len));
        if (p.len > 65535) c.fail_at(at, "payload length " + std::to_string(p.len) + " is larger than 65535");
        const std::string& t = c.text();
        if (c.pos < t.size() && t[c.pos] == '!') {  // no space: `0:0(0)!`
            ++c.pos;
            p.absolute_seq = true;
        }
    }
    while (!c.done()) {
        if (c.accept("<")) {
            parse_options(c, p);
            continue;
        }
        if (c.accept("/")) {  // `/udp(sport > dport)`: UDP encapsulation with other ports than the default
            size_t uat = c.pos;
            if (c.ident() != "udp") c.fail_at(uat, "expected 'udp' after '/' (UDP encapsulation)");
            c.expect("(", "'(' after /udp");
            uint64_t a = c.number(65535, "UDP source port");
            c.expect(">", "'>' between the UDP ports");
            uint64_t b = c.number(65535, "UDP destination port");
            c.expect(")", "')'");
            p.udp = std::make_pair(static_cast<uint16_t>(a), static_cast<uint16_t>(b));
            continue;
        }
        size_t kat = (c.skip_ws(), c.pos);
        if (!c.at_ident()) c.fail("expected 'ack', 'win', 'urg', '<options>' or '/udp(...)' here, found " + c.found());
        std::string kw = c.ident();
        if (kw == "ack") {
            // packetdrill allows an ack number without the ACK flag; it is then sent as written.
            p.ack = static_cast<Seq>(c.number(UINT32_MAX, "ack"));
        } else if (kw == "win") {
            p.window = static_cast<uint32_t>(c.number(65535, "window"));
        } else if (kw == "urg") {
            p.urgent = static_cast<uint16_t>(c.number(65535, "urgent pointer"));
        } else {
            c.fail_at(kat, "unknown packet field '" + kw + "' (expected ack, win, urg, <options> or /udp(...))");
        }
    }
    return p;
}

Expr parse_expr(Cursor& c);

Expr parse_primary(Cursor& c) {
    Expr e;
    c.skip_ws();
    e.column = static_cast<int>(c.pos);
    if (c.accept("...")) {
        e.kind = Expr::Kind::Ellipsis;
    } else if (c.accept("[")) {
        e.kind = Expr::Kind::List;
        if (!c.accept("]")) {
            for (;;) {
                e.items.push_back(parse_expr(c));
                if (c.accept("]")) break;
                c.expect(",", "',' or ']'");
            }
        }
    } else if (c.accept("{")) {
        e.kind = Expr::Kind::Struct;
        if (!c.accept("}")) {
            for (;;) {
                std::string fname;
                size_t save = c.pos;
                if (c.at_ident()) {
                    std::string id = c.ident();
                    if (c.accept("=")) fname = id;
                    else c.pos = save;
                }
                e.field_names.push_back(fname);
                e.items.push_back(parse_expr(c));
                if (c.accept("}")) break;
                c.expect(",", "',' or '}'");
            }
        }
    } else if (c.peek() == '"') {
        e.kind = Expr::Kind::String;
        ++c.pos;
        const std::string& s = c.text();
        while (c.pos < s.size() && s[c.pos] != '"') {
            if (s[c.pos] == '\\' && c.pos + 1 < s.size()) ++c.pos;
            e.name += s[c.pos++];
        }
        if (c.pos >= s.size()) c.fail_at(e.column, "unterminated string");
        ++c.pos;
    } else if (c.accept("-")) {
        e.kind = Expr::Kind::Int;
        e.number = -static_cast<int64_t>(c.number(INT32_MAX, "number"));
    } else if (c.at_number()) {
        e.kind = Expr::Kind::Int;
        e.number = static_cast<int64_t>(c.number(UINT32_MAX, "number"));
    } else if (c.at_ident()) {
        e.name = c.ident();
        e.kind = Expr::Kind::Ident;
        if (c.accept("(")) {
            e.kind = Expr::Kind::Call;
            if (!c.accept(")")) {
                for (;;) {
                    e.items.push_back(parse_expr(c));
                    if (c.accept(")")) break;
                    c.expect(",", "',' or ')'");
                }
            }
        }
    } else {
        c.fail("expected an argument here, found " + c.found());
    }
    return e;
}

Expr parse_expr(Cursor& c) {
    Expr first = parse_primary(c);
    if (c.peek() != '|' || c.starts("||")) return first;
    Expr e;
    e.kind = Expr::Kind::Or;
    e.column = first.column;
    e.items.push_back(std::move(first));
    while (c.peek() == '|' && !c.starts("||")) {
        ++c.pos;
        e.items.push_back(parse_primary(c));
    }
    return e;
}

Syscall parse_syscall(Cursor& c) {
    Syscall s;
    s.name = c.ident();
    c.expect("(", "'(' after the call name");
    if (!c.accept(")")) {
        for (;;) {
            s.args.push_back(parse_expr(c));
            if (c.accept(")")) break;
            c.expect(",", "',' or ')' in the argument list");
        }
    }
    c.expect("=", "'=' and the expected return value");
    if (c.accept("...")) {
        s.expected_any = true;
    } else {
        bool neg = c.accept("-");
        s.expected = static_cast<int64_t>(c.number(neg ? INT32_MAX : UINT32_MAX, "return value"));
        if (neg) s.expected = -s.expected;
    }
    if (!c.done() && c.peek() != '(') {  // packetdrill: result [ERRNO (strerror)] [(note)]
        size_t at = c.pos;
        if (!c.at_ident()) c.fail("expected an errno name (EINPROGRESS ...) or a (note) after the return value, found " + c.found());
        s.expected_errno = c.ident();
        if (!errno_value(s.expected_errno)) c.fail_at(at, "unknown errno name '" + s.expected_errno + "'");
        if (s.expected != -1) c.fail_at(at, "an errno is only expected with the return value -1");
    }
    if (c.peek() == '(') {
        ++c.pos;
        int depth = 1;
        const std::string& t = c.text();
        size_t b = c.pos;
        while (c.pos < t.size() && depth > 0) {
            if (t[c.pos] == '(') ++depth;
            if (t[c.pos] == ')') --depth;
            ++c.pos;
        }
        if (depth > 0) c.fail_at(b - 1, "unterminated '(' note after the result");
        s.note = trimmed(t.substr(b, c.pos - 1 - b));
    }
    if (!c.done()) c.fail("unexpected text after the expected result: " + c.found());
    return s;
}

std::optional<State> tcpi_state(std::string name) {
    for (const char* prefix : {"TCPI_", "TCP_"})
        if (name.rfind(prefix, 0) == 0) {
            name = name.substr(std::string(prefix).size());
            break;
        }
    if (name == "CLOSE") return State::Closed;
    if (name == "SYN_RECV") return State::SynRcvd;
    // FreeBSD's names (TCPI_SYN_RECEIVED, TCPI_FIN_WAIT_1, TCPI_CLOSED ...), as nplab/packetdrill writes them.
    static const char* const kFreeBSD[] = {"CLOSED", "SYN_RECEIVED", "FIN_WAIT_1", "FIN_WAIT_2"};
    for (const char* n : kFreeBSD)
        if (name == n) return parse_state(name);
    static const char* const kLinux[] = {"ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
                                         "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};
    for (const char* n : kLinux)
        if (name == n) return parse_state(name);
    return std::nullopt;
}

// `%{ assert tcpi_state == TCP_ESTABLISHED }%`: state assertions; other Python is skipped.
void parse_code(const std::string& code, PktEvent& ev, Cursor& c, size_t code_at) {
    std::string stmt;
    std::vector<std::string> stmts;
    for (char ch : code) {
        if (ch == ';' || ch == '\n') {
            stmts.push_back(stmt);
            stmt.clear();
        } else {
            stmt += ch;
        }
    }
    stmts.push_back(stmt);
    for (auto& raw : stmts) {
        std::string s = trimmed(raw);
        if (s.empty()) continue;
        std::istringstream in(s);
        std::string kw, var, op, value;
        in >> kw >> var >> op >> value;
        if (!value.empty() && value.back() == ',') value.pop_back();
        if (kw == "assert" && var == "tcpi_state" && op == "==") {
            auto st = tcpi_state(value);
            if (!st) c.fail_at(code_at, "unknown TCP state '" + value + "' in assertion (TCP_ESTABLISHED, TCP_SYN_SENT ...)");
            ev.assert_states.push_back(*st);
        } else {
            ev.skip_reason += (ev.skip_reason.empty() ? "" : "; ") + std::string("code `") + s + "`";
        }
    }
}

// sockstat's state names (FreeBSD's tcpstates[]).
std::optional<State> sockstat_state(const std::string& name) {
    if (name == "SYN_RCVD" || name == "SYN_SENT" || name == "CLOSED" || name == "LISTEN" || name == "ESTABLISHED" ||
        name == "CLOSE_WAIT" || name == "FIN_WAIT_1" || name == "CLOSING" || name == "LAST_ACK" || name == "FIN_WAIT_2" ||
        name == "TIME_WAIT")
        return parse_state(name);
    return std::nullopt;
}

// `sockstat -4 -P tcp [-p PORT] -s | [grep packetdril |] grep -c STATE | grep N` counts the
// connections in a state; `tcpdrop -s STATE` drops them; `sysctl -w name=value` sets a variable.
ShellCommand parse_shell(const std::string& cmd) {
    ShellCommand sc;
    std::vector<std::string> words;
    std::istringstream in(cmd);
    for (std::string w; in >> w;) words.push_back(w);
    auto is_number = [](const std::string& w) {
        return !w.empty() && w.size() < 9 && std::all_of(w.begin(), w.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
    };
    size_t n = words.size();
    if (n >= 7 && words[0] == "sockstat" && words[n - 2] == "grep" && is_number(words[n - 1]) && words[n - 3] == "|" &&
        words[n - 6] == "grep" && words[n - 5] == "-c" && words[n - 7] == "|") {
        if (auto st = sockstat_state(words[n - 4])) {
            sc.kind = ShellCommand::Kind::StateCount;
            sc.state = *st;
            sc.count = std::stoi(words[n - 1]);
        }
    } else if (n == 3 && words[0] == "tcpdrop" && words[1] == "-s") {
        if (auto st = sockstat_state(words[2])) {
            sc.kind = ShellCommand::Kind::DropState;
            sc.state = *st;
        }
    } else if (n >= 2 && words[0] == "sysctl" && words[n - 1].find('=') != std::string::npos &&
               std::all_of(words.begin() + 1, words.end() - 1, [](const std::string& w) { return w[0] == '-'; })) {
        sc.kind = ShellCommand::Kind::Sysctl;  // `sysctl -w name=value`, `sysctl -q name=value`
        sc.name = words[n - 1].substr(0, words[n - 1].find('='));
        sc.value = words[n - 1].substr(words[n - 1].find('=') + 1);
    }
    return sc;
}

void parse_statement(const Statement& st, PktScript& script) {
    Cursor c(st);
    PktEvent ev;
    ev.line = st.line();
    ev.text = trimmed(st.text);
    c.skip_ws();
    ev.column = st.pos[c.pos].second;

    if (c.starts("--")) {
        while (!c.done()) {
            c.expect("--", "a '--flag=value'");
            std::string name = c.ident();
            std::string value;
            if (c.accept("=")) {
                size_t b = c.pos;
                const std::string& t = c.text();
                while (c.pos < t.size() && !std::isspace(static_cast<unsigned char>(t[c.pos]))) ++c.pos;
                value = t.substr(b, c.pos - b);
            }
            if (name == "tolerance_usecs") {
                bool ok = !value.empty() && value.size() <= 9;
                for (char ch : value) ok = ok && std::isdigit(static_cast<unsigned char>(ch));
                if (!ok) c.fail_at(c.pos - value.size(), "tolerance_usecs must be a whole number of microseconds (at most 9 digits)");
                script.tolerance = static_cast<Micros>(std::stoll(value));
            } else {
                script.skipped_flags.push_back({ev.line, "--" + name + (value.empty() ? "" : "=" + value)});
            }
        }
        return;
    }

    bool has_time = !(c.peek() == '%' || c.peek() == '`');
    if (has_time) ev.time = parse_time(c);
    c.skip_ws();
    size_t action_at = c.pos;
    if (c.accept("<") || c.accept(">")) {
        bool inbound = c.text()[action_at] == '<';
        ev.kind = PktEvent::Kind::Packet;
        ev.packet = parse_packet(c, inbound);
        if (ev.time.blocking_end >= 0) c.fail_at(action_at, "only system calls can block ('...' time range)");
        if (!ev.packet.ignored_options.empty()) {
            for (auto& o : ev.packet.ignored_options) ev.skip_reason += (ev.skip_reason.empty() ? "option `" : "; option `") + o + "`";
        }
    } else if (c.accept("%{")) {
        const std::string& t = c.text();
        size_t end = t.find("}%", c.pos);
        if (end == std::string::npos) c.fail_at(action_at, "unterminated %{ code block (missing }%)");
        std::string code = t.substr(c.pos, end - c.pos);
        c.pos = end + 2;
        ev.kind = PktEvent::Kind::Assert;
        parse_code(code, ev, c, action_at);
        if (ev.assert_states.empty()) ev.kind = PktEvent::Kind::Skipped;
        if (!c.done()) c.fail("unexpected text after '}%': " + c.found());
    } else if (c.peek() == '`') {
        std::string cmd = trimmed(c.rest());
        ev.shell = parse_shell(cmd.size() >= 2 ? cmd.substr(1, cmd.size() - 2) : cmd);
        ev.kind = ev.shell.kind == ShellCommand::Kind::Other ? PktEvent::Kind::Skipped : PktEvent::Kind::Shell;
        ev.skip_reason = "shell command " + cmd;
    } else if (c.at_ident()) {
        ev.kind = PktEvent::Kind::Syscall;
        ev.call = parse_syscall(c);
    } else {
        c.fail("expected '<', '>', a system call, `shell command` or %{ code }% here, found " + c.found());
    }
    if (ev.kind != PktEvent::Kind::Syscall && ev.time.blocking_end >= 0)
        c.fail_at(action_at, "only system calls can block ('...' time range)");
    script.events.push_back(std::move(ev));
}

}  // namespace

PktParseResult parse_pkt_script(std::string_view text, const std::string& file, const std::set<std::string>& defines) {
    std::vector<PktError> errors;
    PktScript script;
    script.file = file;
    IfdefResult pre = apply_ifdefs(text, defines, file, errors);
    script.ifdef_kept = pre.kept;
    script.ifdef_dropped = pre.dropped;
    for (const Statement& st : split_statements(pre.text, file, errors)) {
        try {
            parse_statement(st, script);
        } catch (const ParseFail& f) {
            size_t at = f.at < st.pos.size() ? f.at : st.pos.size() - 1;
            auto [line, col] = st.pos[at];
            if (f.at >= st.pos.size()) ++col;  // past the end of the line
            errors.push_back({file, line, col, f.message});
        }
    }
    if (!errors.empty()) {
        std::stable_sort(errors.begin(), errors.end(), [](const PktError& a, const PktError& b) {
            return a.line != b.line ? a.line < b.line : a.column < b.column;
        });
        return errors;
    }
    return script;
}

PktParseResult load_pkt_file(const std::string& path, const std::set<std::string>& defines) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::vector<PktError>{{path, 0, 0, "cannot open file"}};
    std::stringstream ss;
    ss << in.rdbuf();
    return parse_pkt_script(ss.str(), path, defines);
}

}  // namespace tcplab::pkt
