// Timed user calls (`at TIME HOST CALL ...`) and faults (`drop`, `delay`, `dup`, `inject`).
#include <cctype>

#include "scenario/parser.h"

namespace tcplab::scn {

namespace {

struct CallName { const char* word; Call call; };
constexpr CallName kCalls[] = {
    {"listen", Call::Listen}, {"connect", Call::Connect}, {"accept", Call::Accept}, {"send", Call::Send},
    {"recv", Call::Recv}, {"shutdown", Call::Shutdown}, {"close", Call::Close}, {"abort", Call::Abort},
    {"linger0", Call::SetLinger0}, {"autorecv", Call::SetAutoRecv},
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// at TIME HOST[.SOCKET] CALL ARGS...
// ---------------------------------------------------------------------------------------------

void Parser::parse_at(const Line& l) {
    Cursor c{l};
    auto at = time_arg(c);
    if (!at) return;
    const Token* ht = c.take();
    if (!ht) return missing(c, "host");
    auto ref = host_ref(l, *ht);
    if (!ref) return;
    const Token* ct = c.take();
    if (!ct) return missing(c, "call (listen, connect, accept, send, recv, shutdown, close, abort, linger0, autorecv)");

    Action a;
    a.at = *at;
    a.host = ref->host;
    a.socket = ref->socket;
    a.line = l.number;
    bool known = false;
    for (const auto& cn : kCalls)
        if (lower(ct->text) == cn.word) {
            a.call = cn.call;
            known = true;
        }
    if (!known) {
        return error_at(l, *ct,
                        "unknown call '" + ct->text +
                            "' (listen, connect, accept, send, recv, shutdown, close, abort, linger0, autorecv)");
    }
    bool ok = true;
    auto take_as = [&](const Token& t) {
        const Token* n = c.take();
        if (!n) {
            missing(c, "socket name");
            ok = false;
        } else if (!valid_name(n->text)) {
            error_at(l, *n, "bad socket name '" + n->text + "' (letters, digits, _; starting with a letter)");
            ok = false;
        } else {
            a.new_socket = n->text;
            sockets_created_.push_back({a.host, a.new_socket});
        }
        (void)t;
    };

    switch (a.call) {
        case Call::Listen: {
            const Token* p = c.take();
            if (!p) return missing(c, "port");
            auto port = port_value(l, p->text, p->column);
            if (!port) return;
            a.port = *port;
            while (const Token* t = c.take()) {
                std::string key, value;
                int col;
                if (lower(t->text) == "manual-accept") a.manual_accept = true;
                else if (lower(t->text) == "as") take_as(*t);
                else if (split_kv(*t, key, value, col) && lower(key) == "backlog") {
                    auto v = number_value(l, value, col, 65535, "backlog");
                    if (v) a.backlog = static_cast<int>(*v);
                    else ok = false;
                } else {
                    error_at(l, *t, "unexpected '" + t->text + "' (listen PORT [backlog=N] [manual-accept] [as NAME])");
                    ok = false;
                }
            }
            break;
        }
        case Call::Connect: {
            const Token* p = c.take();
            if (!p) return missing(c, "HOST:PORT");
            if (!host_port(l, *p, a.remote_host, a.port)) return;
            if (a.remote_host == a.host) return error_at(l, *p, "a host cannot connect to itself");
            while (const Token* t = c.take()) {
                std::string key, value;
                int col;
                if (lower(t->text) == "as") take_as(*t);
                else if (split_kv(*t, key, value, col) && lower(key) == "from") {
                    auto v = port_value(l, value, col);
                    if (v) a.local_port = *v;
                    else ok = false;
                } else if (split_kv(*t, key, value, col) && lower(key) == "isn") {
                    auto v = number_value(l, value, col, UINT32_MAX, "sequence number");
                    if (v) a.isn = static_cast<Seq>(*v);
                    else ok = false;
                } else {
                    error_at(l, *t, "unexpected '" + t->text + "' (connect HOST:PORT [from=PORT] [isn=N] [as NAME])");
                    ok = false;
                }
            }
            break;
        }
        case Call::Accept:
            while (const Token* t = c.take()) {
                if (lower(t->text) == "as") take_as(*t);
                else {
                    error_at(l, *t, "unexpected '" + t->text + "' (accept [as NAME])");
                    ok = false;
                }
            }
            break;
        case Call::Send: {
            const Token* d = c.take();
            if (!d) return missing(c, "byte count or \"string\"");
            if (!d->text.empty() && d->text[0] == '"') {
                auto s = string_value(l, d->text, d->column);
                if (!s) return;
                a.data.assign(s->begin(), s->end());
            } else {
                auto n = number_value(l, d->text, d->column, 100'000'000, "byte count");
                if (!n) return;
                a.data = generated_bytes(*n);
            }
            if (const Token* t = c.peek(); t && lower(t->text) == "to") {
                c.take();
                const Token* target = c.take();
                if (!target) return missing(c, "HOST:PORT");
                if (!host_port(l, *target, a.remote_host, a.port)) return;
                a.call = Call::SendFromListen;
            }
            expect_end(c);
            break;
        }
        case Call::Recv:
            if (const Token* n = c.take()) {
                auto v = number_value(l, n->text, n->column, 100'000'000, "byte count");
                if (!v) return;
                a.count = *v;
            }
            expect_end(c);
            break;
        case Call::SetAutoRecv: {
            const Token* v = c.take();
            if (!v) return missing(c, "on or off");
            if (lower(v->text) == "on") a.flag = true;
            else if (lower(v->text) == "off") a.flag = false;
            else return error_at(l, *v, "expected on or off, got '" + v->text + "'");
            expect_end(c);
            break;
        }
        default:
            expect_end(c);
            break;
    }
    if (ok) sc_.actions.push_back(std::move(a));
}

// ---------------------------------------------------------------------------------------------
// drop HOST #N | drop/delay/dup next HOST FLAGS [by T] [after T] [count=N|all]
// ---------------------------------------------------------------------------------------------

void Parser::parse_drop_delay_dup(const Line& l, const std::string& verb) {
    Cursor c{l};
    Fault f;
    f.line = l.number;
    const Token* t = c.take();
    if (!t) return missing(c, verb == "drop" ? "'next' or HOST" : "'next'");
    if (verb == "drop" && lower(t->text) != "next") {
        auto h = host_value(l, t->text, t->column);
        if (!h) return;
        const Token* n = c.take();
        if (!n) return missing(c, "#N (the Nth segment the host sends)");
        if (n->text.size() < 2 || n->text[0] != '#') return error_at(l, *n, "expected #N (e.g. #3), got '" + n->text + "'");
        auto v = number_value(l, std::string_view(n->text).substr(1), n->column + 1, 1'000'000, "segment number");
        if (!v) return;
        if (*v == 0) return error_at(l, *n, "segments are counted from #1");
        f.kind = Fault::Kind::DropNth;
        f.host = *h;
        f.nth = static_cast<int>(*v);
        expect_end(c);
        sc_.faults.push_back(f);
        return;
    }
    if (lower(t->text) != "next") return error_at(l, *t, "expected 'next', got '" + t->text + "'");
    const Token* ht = c.take();
    if (!ht) return missing(c, "host");
    auto h = host_value(l, ht->text, ht->column);
    if (!h) return;
    const Token* ft = c.take();
    if (!ft) return missing(c, "flags (e.g. FIN or SYN,ACK)");
    auto flags = flags_value(l, *ft);
    if (!flags) return;
    f.host = *h;
    f.flags_mask = f.flags_value = *flags;
    f.kind = verb == "drop" ? Fault::Kind::DropMatching : verb == "delay" ? Fault::Kind::DelayMatching
                                                                          : Fault::Kind::DuplicateMatching;
    bool have_by = false, ok = true;
    while (const Token* o = c.take()) {
        std::string key, value;
        int col;
        std::string w = lower(o->text);
        if ((w == "by" && verb != "drop") || w == "after") {
            auto tv = time_arg(c);
            if (!tv) { ok = false; continue; }
            if (w == "by") { f.extra_delay = *tv; have_by = true; }
            else f.after = *tv;
        } else if (split_kv(*o, key, value, col) && lower(key) == "count") {
            if (lower(value) == "all") f.count = 0;
            else if (auto v = number_value(l, value, col, 1'000'000, "count"); v && *v > 0) f.count = static_cast<int>(*v);
            else {
                if (v) error(l.number, col, "count must be at least 1 (or all)");
                ok = false;
            }
        } else {
            error_at(l, *o, "unexpected '" + o->text + "' (" + verb + " next HOST FLAGS" +
                                (verb == "drop" ? "" : " [by TIME]") + " [after TIME] [count=N|all])");
            ok = false;
        }
    }
    if (verb == "delay" && !have_by && ok) return missing(c, "'by TIME' (how much longer the segment takes)");
    if (ok) sc_.faults.push_back(f);
}

// ---------------------------------------------------------------------------------------------
// inject at TIME FROM->TO FLAGS [seq=N] [ack=N] [win=N] [sport=P] [dport=P] [data="..."|len=N]
// ---------------------------------------------------------------------------------------------

void Parser::parse_inject(const Line& l) {
    Cursor c{l};
    const Token* a = c.take();
    if (!a) return missing(c, "'at TIME'");
    if (lower(a->text) != "at") return error_at(l, *a, "expected 'at', got '" + a->text + "'");
    Fault f;
    f.kind = Fault::Kind::Inject;
    f.line = l.number;
    auto at = time_arg(c);
    if (!at) return;
    f.at = *at;
    if (!segment_head(c, f.host, f.to_host, f.segment.flags, "SYN or RST,ACK")) return;
    f.segment.window = 65535;
    bool ok = true, have_payload = false;
    while (const Token* o = c.take()) {
        std::string key, value;
        int col;
        if (!split_kv(*o, key, value, col)) {
            error_at(l, *o, "unexpected '" + o->text + "' (inject fields: seq= ack= win= sport= dport= data= len=)");
            ok = false;
            continue;
        }
        key = lower(key);
        if (key == "seq" || key == "ack") {
            auto v = number_value(l, value, col, UINT32_MAX, "sequence number");
            if (!v) { ok = false; continue; }
            (key == "seq" ? f.segment.seq : f.segment.ack) = static_cast<Seq>(*v);
        } else if (key == "win") {
            auto v = number_value(l, value, col, 65535, "window");
            if (!v) { ok = false; continue; }
            f.segment.window = static_cast<uint16_t>(*v);
        } else if (key == "sport" || key == "dport") {
            auto v = port_value(l, value, col);
            if (!v) { ok = false; continue; }
            (key == "sport" ? f.segment.src_port : f.segment.dst_port) = *v;
        } else if (key == "data" || key == "len") {
            if (have_payload) {
                error_at(l, *o, "give either data= or len=, once");
                ok = false;
                continue;
            }
            have_payload = true;
            if (key == "data") {
                auto s = string_value(l, value, col);
                if (!s) { ok = false; continue; }
                f.segment.payload.assign(s->begin(), s->end());
            } else {
                auto v = number_value(l, value, col, 65000, "length");
                if (!v) { ok = false; continue; }
                f.segment.payload = generated_bytes(*v);
            }
        } else {
            error_at(l, *o, "unknown segment field '" + key + "' (seq, ack, win, sport, dport, data, len)");
            ok = false;
        }
    }
    if (ok) sc_.faults.push_back(f);
}

}  // namespace tcplab::scn
