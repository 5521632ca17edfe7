// Authored questions (docs/scenario-language.md, "Authored questions"):
//   ask ID at TIME HOST state TEXT | ask ID at TIME A->B seq|ack|flags|len TEXT
//   ask ID at TIME lost TEXT | ask ID at TIME choice TEXT | ask ID at TIME why TEXT
//   option ID [correct] TEXT     (choice: 2..8, at least one correct)
//   model ID TEXT                (why: exactly one)
// Only the form is checked here; what needs the run (the segment, the drop, the time within the
// run) is checked where the answers are computed (engine/quiz/authored.h).
#include "scenario/parser.h"

namespace tcplab::scn {

namespace {

using Kind = AuthoredQuestion::Kind;

constexpr const char* kFieldNames[] = {"seq", "ack", "flags", "len"};

}  // namespace

bool Parser::authored_text(const Line& l, Cursor& c, AuthoredText& out) {
    const int column = c.at_end() ? l.lex.end_column : c.peek()->column;
    if (!bilingual_text(l, c, out.en, out.zh)) return false;
    out.line = l.number;
    if (out.en.empty()) error(l.number, column, "missing English text (write en: ... | zh: ...)");
    return !out.en.empty();
}

void Parser::parse_ask(const Line& l) {
    Cursor c{l};
    const Token* id = c.take();
    if (!id) return missing(c, "question id");
    if (!valid_name(id->text))
        return error_at(l, *id, "bad question id '" + id->text + "' (letters, digits, _; starting with a letter)");
    for (const AuthoredQuestion& o : sc_.authored)
        if (o.id == id->text)
            return error_at(l, *id, "question id '" + id->text + "' used twice (first on line " + std::to_string(o.loc.line) + ")");
    AuthoredQuestion q;
    q.id = id->text;
    auto at = at_time(c);
    if (!at) return;
    q.at = *at;
    q.time_column = c.prev().column;
    const Token* s = c.take();
    if (!s) return missing(c, "what is asked (HOST state, FROM->TO seq|ack|flags|len, lost, choice, why)");
    q.loc = {file_, l.number, s->column};
    const std::string k = lower(s->text);
    bool named_host = false;
    for (size_t h = 0; h < sc_.config.hosts.size(); ++h)
        if (sc_.config.hosts[h].name == s->text) {
            q.host = static_cast<int>(h);
            named_host = true;
        }
    if (k == "lost") q.kind = Kind::Lost;
    else if (k == "choice") q.kind = Kind::Choice;
    else if (k == "why") q.kind = Kind::Why;
    else if (s->text.find("->") != std::string::npos) {
        if (!direction(l, *s, q.host, q.to_host)) return;
        const Token* f = c.take();
        if (!f) return missing(c, "field (seq, ack, flags, len)");
        size_t i = 0;
        while (i < std::size(kFieldNames) && lower(f->text) != kFieldNames[i]) ++i;
        if (i == std::size(kFieldNames)) return error_at(l, *f, "unknown field '" + f->text + "' (seq, ack, flags, len)");
        q.kind = Kind::Field;
        q.field = static_cast<AuthoredQuestion::Field>(i);
    } else if (named_host) {
        const Token* w = c.take();
        if (!w) return missing(c, "'state'");
        if (lower(w->text) != "state") return error_at(l, *w, "expected 'state' after the host, got '" + w->text + "'");
        q.kind = Kind::State;
    } else {
        return error_at(l, *s,
                        "expected what is asked (HOST state, FROM->TO seq|ack|flags|len, lost, choice, why), got '" +
                            s->text + "'");
    }
    if (!authored_text(l, c, q.text)) return;
    sc_.authored.push_back(std::move(q));
}

void Parser::parse_option_or_model(const Line& l, bool model) {
    Cursor c{l};
    const char* word = model ? "model" : "option";
    const Token* id = c.take();
    if (!id) return missing(c, "question id");
    AuthoredQuestion* q = nullptr;
    for (AuthoredQuestion& o : sc_.authored)
        if (o.id == id->text) q = &o;
    const Kind want = model ? Kind::Why : Kind::Choice;
    if (!q) return error_at(l, *id, std::string(word) + " for '" + id->text + "': no earlier 'ask " + id->text + "'");
    if (q->kind != want)
        return error_at(l, *id,
                        std::string(word) + " for '" + id->text + "': the ask on line " + std::to_string(q->loc.line) +
                            " is not a " + (model ? "why" : "choice") + " question");
    AuthoredOption o;
    if (!model && !c.at_end() && lower(c.peek()->text) == "correct") {
        c.take();
        o.correct = true;
    }
    if (!authored_text(l, c, o.text)) return;
    const Token& d = l.lex.tokens[0];
    if (model) {
        if (q->model)
            return error_at(l, d, "'" + q->id + "' already has a model answer (line " + std::to_string(q->model->line) + ")");
        q->model = o.text;
    } else {
        if (q->options.size() == AuthoredQuestion::kMaxOptions)
            return error_at(l, d, "'" + q->id + "' has more than " + std::to_string(AuthoredQuestion::kMaxOptions) + " options");
        q->options.push_back(std::move(o));
    }
}

// What the ask line needs from later lines: a choice's options, a why's model answer.
void Parser::finish_authored() {
    for (const AuthoredQuestion& q : sc_.authored) {
        const auto at_ask = [&](const std::string& m) { error(q.loc.line, q.loc.column, m); };
        size_t correct = 0;
        for (const AuthoredOption& o : q.options) correct += o.correct ? 1 : 0;
        if (q.kind == Kind::Choice && q.options.size() < 2)
            at_ask("choice '" + q.id + "' needs 2 to 8 'option " + q.id + " ...' lines (has " +
                   std::to_string(q.options.size()) + ")");
        else if (q.kind == Kind::Choice && correct == 0)
            at_ask("choice '" + q.id + "' has no correct option (write 'option " + q.id + " correct ...')");
        if (q.kind == Kind::Why && !q.model) at_ask("why '" + q.id + "' has no model answer (write 'model " + q.id + " ...')");
    }
}

}  // namespace tcplab::scn
