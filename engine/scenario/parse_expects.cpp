// Assertions (`expect ...`) and narration (`note at TIME en: ... | zh: ...`).
#include <cctype>

#include "scenario/parser.h"

namespace tcplab::scn {

namespace {

// The line as written, without the comment.
std::string written(const Line& l) {
    const auto& t = l.lex.tokens;
    return t.empty() ? "" : l.text.substr(t.front().begin, t.back().end - t.front().begin);
}

std::optional<SocketError> parse_error_name(std::string_view name) {
    std::string n;
    for (char c : name) n += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (int i = 0; i <= static_cast<int>(SocketError::WouldBlock); ++i)
        if (n == error_name(static_cast<SocketError>(i))) return static_cast<SocketError>(i);
    if (n == "NONE" || n == "SUCCESS") return SocketError::None;
    return std::nullopt;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// note at TIME en: English | zh: 中文
// ---------------------------------------------------------------------------------------------

void Parser::parse_note(const Line& l) {
    Cursor c{l};
    auto at = at_time(c);
    if (!at) return;
    ScenarioNote n;
    n.at = *at;
    n.line = l.number;
    if (!bilingual_text(l, c, n.en, n.zh)) return;
    n.en_source = n.en;
    n.zh_source = n.zh;
    sc_.notes.push_back(std::move(n));
}

// "at TIME", as note and ask lines start.
std::optional<Micros> Parser::at_time(Cursor& c) {
    const Token* a = c.take();
    if (!a) {
        missing(c, "'at TIME'");
        return std::nullopt;
    }
    if (lower(a->text) != "at") {
        error_at(c.line, *a, "expected 'at', got '" + a->text + "'");
        return std::nullopt;
    }
    return time_arg(c);
}

// `en: English | zh: 中文` from the cursor to the end of the line (`#` inside it is literal), as
// note, ask, option and model lines take it; placeholders checked. False after reporting an error.
bool Parser::bilingual_text(const Line& l, Cursor& c, std::string& en, std::string& zh) {
    if (c.at_end()) {
        missing(c, "text");
        return false;
    }
    std::string rest = trim(std::string_view(l.text).substr(c.peek()->begin));
    auto strip_tag = [](std::string& s, const char* tag) {
        if (lower(s.substr(0, 3)) == tag) {
            s = trim(s.substr(3));
            return true;
        }
        return false;
    };
    size_t bar = rest.find('|');
    std::string first = trim(rest.substr(0, bar));
    std::string second = bar == std::string::npos ? "" : trim(rest.substr(bar + 1));
    if (strip_tag(first, "zh:")) {
        zh = first;
        if (bar != std::string::npos) {
            strip_tag(second, "en:");
            en = second;
        }
    } else {
        strip_tag(first, "en:");
        en = first;
        if (bar != std::string::npos) {
            if (!strip_tag(second, "zh:")) {
                // A '|' that does not start a zh: part is part of the English text.
                en = trim(rest);
                if (lower(en.substr(0, 3)) == "en:") en = trim(en.substr(3));
            } else {
                zh = second;
            }
        }
    }
    if (en.empty() && zh.empty()) {
        missing(c, "text");
        return false;
    }
    return note_placeholders(l, c.peek()->begin);
}

// Number placeholders in note text: {x}, {y+1}, {x+1+100}, {C:u+1} (see ScenarioNote).
bool Parser::note_placeholders(const Line& l, size_t from) {
    const std::string& t = l.text;
    for (size_t open = t.find('{', from); open != std::string::npos; open = t.find('{', open + 1)) {
        const int col = static_cast<int>(open) + 1;
        const size_t close = t.find('}', open);
        if (close == std::string::npos) {
            error(l.number, col, "unterminated placeholder: '{' without '}' (write e.g. {x+1})");
            return false;
        }
        std::string body = t.substr(open + 1, close - open - 1);
        if (size_t colon = body.find(':'); colon != std::string::npos) {
            if (!host_value(l, body.substr(0, colon), col + 1)) return false;
            body = body.substr(colon + 1);
        }
        bool ok = !body.empty();
        bool named = false;
        for (char ch : body) {
            ok = ok && (std::string_view("xyuvw0123456789+- ").find(ch) != std::string_view::npos);
            named = named || std::string_view("xyuvw").find(ch) != std::string_view::npos;
        }
        if (!ok || !named) {
            error(l.number, col,
                  "bad placeholder '" + t.substr(open, close - open + 1) +
                      "' (write a number name of the course notes: {x}, {y+1}, {u+1}, {w}, {x+1+100}, {C:x+1})");
            return false;
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// expect ...
// ---------------------------------------------------------------------------------------------

void Parser::parse_expect(const Line& l) {
    Cursor c{l};
    const Token* k = c.take();
    if (!k) return missing(c, "at, by, segment, no-segment, call or data");
    std::string kind = lower(k->text);
    if (kind == "at" || kind == "by") {
        auto t = time_arg(c);
        if (!t) return;
        std::string prefix = "expect " + kind + " " + c.prev().text + " ";
        if (c.at_end()) return missing(c, "HOST=STATE");
        while (const Token* p = c.take()) {
            std::string host, state;
            int col;
            if (!split_kv(*p, host, state, col)) {
                error_at(l, *p, "expected HOST=STATE (e.g. A=ESTABLISHED), got '" + p->text + "'");
                continue;
            }
            Token ht = *p;
            ht.text = host;
            auto ref = host_ref(l, ht);
            auto s = parse_state(state);
            if (!s)
                error(l.number, col,
                      "unknown state '" + state +
                          "' (CLOSED LISTEN SYN_SENT SYN_RCVD ESTABLISHED FIN_WAIT_1 FIN_WAIT_2 CLOSE_WAIT CLOSING "
                          "LAST_ACK TIME_WAIT)");
            if (!ref || !s) continue;
            Expect e;
            e.kind = kind == "at" ? Expect::Kind::StateAt : Expect::Kind::StateBy;
            e.at = *t;
            e.timed = true;
            e.host = ref->host;
            e.socket = ref->socket;
            e.state = *s;
            e.loc = {file_, l.number, p->column};
            e.source_text = prefix + p->text;
            sc_.expects.push_back(std::move(e));
        }
        return;
    }
    if (kind == "segment" || kind == "no-segment") return parse_expect_segment(l, c, kind == "no-segment");

    Expect e;
    e.loc = {file_, l.number, k->column};
    e.source_text = written(l);
    bool ok = true;
    auto by = [&](const Token& o) {
        if (lower(o.text) != "by") return false;
        if (auto t = time_arg(c)) {
            e.at = *t;
            e.timed = true;
        } else {
            ok = false;
        }
        return true;
    };
    if (kind != "call" && kind != "data")
        return error_at(l, *k, "unknown expectation '" + k->text + "' (at, by, segment, no-segment, call, data)");
    const Token* ht = c.take();
    if (!ht) return missing(c, "host");
    auto ref = host_ref(l, *ht);
    if (!ref) return;
    e.host = ref->host;
    e.socket = ref->socket;
    if (kind == "call") {
        e.kind = Expect::Kind::CallResult;
        const Token* ct = c.take();
        if (!ct) return missing(c, "call name (e.g. connect)");
        std::string call = lower(ct->text), result;
        int result_col = 0;
        size_t eq = call.find('=');
        if (eq != std::string::npos) {  // "connect=ECONNREFUSED"
            result = ct->text.substr(eq + 1);
            result_col = ct->column + static_cast<int>(eq) + 1;
            call = call.substr(0, eq);
        }
        bool known = false;
        for (int i = 0; i <= static_cast<int>(Call::SetAutoRecv); ++i)
            if (call == call_name(static_cast<Call>(i))) {
                e.call = static_cast<Call>(i);
                known = true;
            }
        if (!known) return error_at(l, *ct, "unknown call '" + call + "' (e.g. connect, send, recv, close)");
        if (eq == std::string::npos) {
            const Token* q = c.take();
            if (!q) return missing(c, "'= RESULT'");
            if (q->text.rfind('=', 0) != 0) return error_at(l, *q, "expected '= RESULT', got '" + q->text + "'");
            if (q->text.size() > 1) {
                result = q->text.substr(1);
                result_col = q->column + 1;
            } else {
                const Token* r = c.take();
                if (!r) return missing(c, "result (OK, ECONNREFUSED, ETIMEDOUT, ECONNRESET ...)");
                result = r->text;
                result_col = r->column;
            }
        }
        auto err = parse_error_name(result);
        if (!err)
            return error(l.number, result_col,
                         "unknown result '" + result + "' (OK, ECONNREFUSED, ETIMEDOUT, ECONNRESET, ECONNABORTED, "
                         "ENOTCONN, EISCONN, EINVAL, EPIPE, EADDRINUSE, EAGAIN)");
        e.error = *err;
    } else {
        e.kind = Expect::Kind::Data;
        const Token* d = c.take();
        if (!d) return missing(c, "\"bytes\" or len=N");
        std::string key, value;
        int col;
        if (!d->text.empty() && d->text[0] == '"') {
            auto s = string_value(l, d->text, d->column);
            if (!s) return;
            e.data = *s;
        } else if (split_kv(*d, key, value, col) && lower(key) == "len") {
            auto v = number_value(l, value, col, UINT32_MAX, "length");
            if (!v) return;
            e.len = static_cast<uint32_t>(*v);
            e.data_is_count = true;
        } else {
            return error_at(l, *d, "expected \"bytes\" or len=N, got '" + d->text + "'");
        }
    }
    while (const Token* o = c.take())
        if (!by(*o)) {
            error_at(l, *o, "unexpected '" + o->text + "'");
            ok = false;
        }
    if (ok) sc_.expects.push_back(std::move(e));
}

// expect [no-]segment FROM->TO FLAGS [seq=N] [ack=N] [len=N] [by TIME]
void Parser::parse_expect_segment(const Line& l, Cursor& c, bool negative) {
    Expect e;
    e.kind = negative ? Expect::Kind::NoSegment : Expect::Kind::Segment;
    e.loc = {file_, l.number, l.lex.tokens[1].column};
    e.source_text = written(l);
    uint16_t flags = 0;
    if (!segment_head(c, e.host, e.to_host, flags, "SYN or FIN,ACK")) return;
    e.flags = flags;
    bool ok = true;
    while (const Token* o = c.take()) {
        std::string key, value;
        int col;
        if (lower(o->text) == "by") {
            auto t = time_arg(c);
            if (!t) { ok = false; continue; }
            e.at = *t;
            e.timed = true;
            continue;
        }
        if (!split_kv(*o, key, value, col)) {
            error_at(l, *o, "unexpected '" + o->text + "' (fields: seq= ack= len=, then [by TIME])");
            ok = false;
            continue;
        }
        key = lower(key);
        if (key == "seq" || key == "ack") {
            auto v = number_value(l, value, col, UINT32_MAX, "sequence number");
            if (!v) { ok = false; continue; }
            (key == "seq" ? e.seq : e.ack) = static_cast<Seq>(*v);
        } else if (key == "len") {
            auto v = number_value(l, value, col, UINT32_MAX, "length");
            if (!v) { ok = false; continue; }
            e.len = static_cast<uint32_t>(*v);
        } else {
            error_at(l, *o, "unknown segment field '" + key + "' (seq, ack, len)");
            ok = false;
        }
    }
    if (ok) sc_.expects.push_back(std::move(e));
}

}  // namespace tcplab::scn
