#include "quiz/answer.h"

#include <cctype>

#include "i18n.h"
#include "segment.h"

namespace tcplab::quiz {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string trimmed(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

const char* const kNumberHelp = "a number (1001), a relative number (1) or a name (x+1, y, u+1, w+1, x+1+100)";

}  // namespace

std::optional<Seq> eval_number(std::string_view text, const Labeler::Context& ctx, bool relative, std::string* error) {
    std::string t = trimmed(text);
    if (t.empty()) {
        *error = "empty answer: expected " + std::string(kNumberHelp);
        return std::nullopt;
    }
    Seq sum = 0;
    bool first = true;
    size_t i = 0;
    while (i < t.size()) {
        int sign = 1;
        if (!first) {
            if (t[i] != '+' && t[i] != '-') {
                *error = "expected '+' or '-' at '" + t.substr(i) + "' (" + kNumberHelp + ")";
                return std::nullopt;
            }
            sign = t[i] == '-' ? -1 : 1;
            ++i;
            while (i < t.size() && is_space(t[i])) ++i;
        }
        if (i >= t.size()) {
            *error = "missing a term at the end of '" + t + "'";
            return std::nullopt;
        }
        Seq term = 0;
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(t[i])));
        if (std::isdigit(static_cast<unsigned char>(c))) {
            uint64_t v = 0;
            size_t digits = 0;
            while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) {
                if (++digits > 19) {
                    *error = "number too long in '" + t + "'";
                    return std::nullopt;
                }
                v = v * 10 + static_cast<uint64_t>(t[i] - '0');
                ++i;
            }
            term = static_cast<Seq>(v);  // modulo 2^32: an unwrapped absolute number still counts
            if (first && relative) term += ctx.base;
        } else if (c == 'x' || c == 'y' || c == 'u' || c == 'v' || c == 'w') {
            const Labeler::Symbol* found = nullptr;
            for (const auto& s : ctx.symbols)
                if (s.name == c) found = &s;
            if (!found) {
                std::string known;
                for (const auto& s : ctx.symbols) known += (known.empty() ? "" : ", ") + std::string(1, s.name);
                *error = std::string("'") + c + "' is not defined at this segment (" +
                         (known.empty() ? "no names yet" : "defined: " + known) + ")";
                return std::nullopt;
            }
            term = found->value;
            ++i;
        } else {
            *error = "unexpected '" + t.substr(i, 1) + "' in '" + t + "': expected " + kNumberHelp;
            return std::nullopt;
        }
        sum = sign > 0 ? sum + term : sum - term;
        first = false;
        while (i < t.size() && is_space(t[i])) ++i;
    }
    return sum;
}

Verdict check_number(std::string_view answer, Seq truth, const Labeler::Context& ctx, NumberReading reading) {
    Verdict v;
    std::string err;
    const bool rel_first = reading == NumberReading::Relative;
    auto value = eval_number(answer, ctx, rel_first, &err);
    if (!value) {
        v.error = err;
        return v;
    }
    v.parsed = true;
    v.correct = *value == truth;
    if (!v.correct && reading == NumberReading::Any) {
        auto rel = eval_number(answer, ctx, true, &err);
        v.correct = rel && *rel == truth;
    }
    return v;
}

std::optional<uint16_t> read_flags(std::string_view answer, std::string* error) {
    // Separators: ',', '+', '|', '/', spaces; "SYN ACK" and "syn+ack" read the same.
    std::string norm;
    for (char c : trimmed(answer)) {
        bool sep = is_space(c) || c == ',' || c == '+' || c == '|' || c == '/';
        if (sep) {
            if (!norm.empty() && norm.back() != ',') norm += ',';
        } else {
            norm += c;
        }
    }
    if (!norm.empty() && norm.back() == ',') norm.pop_back();
    auto f = norm.empty() ? std::nullopt : parse_flags(norm);
    if (!f) *error = "expected flag names such as SYN,ACK or FIN ACK (SYN FIN RST PSH ACK URG ECE CWR)";
    return f;
}

Verdict check_flags(std::string_view answer, uint16_t truth) {
    Verdict v;
    auto f = read_flags(answer, &v.error);
    if (!f) return v;
    v.parsed = true;
    uint16_t seen = (*f & kPSH) ? truth : static_cast<uint16_t>(truth & ~kPSH);
    v.correct = *f == seen;
    return v;
}

std::optional<State> read_state(std::string_view answer, std::string* error) {
    std::string t = trimmed(answer);
    const std::string suffix = "状态";
    if (t.size() > suffix.size() && t.compare(t.size() - suffix.size(), suffix.size(), suffix) == 0)
        t = trimmed(std::string_view(t).substr(0, t.size() - suffix.size()));
    auto squash = [](std::string_view s) {
        std::string out;
        for (char c : s)
            if (c != '_' && c != '-' && !is_space(c)) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return out;
    };
    const std::string typed = squash(t);
    for (int i = 0; i < kStateCount; ++i) {
        const State s = static_cast<State>(i);
        const std::string name = state_name(s);
        if (typed == squash(name) || t == tr(state_name_key(name), Lang::Zh) || typed == squash(tr(state_name_key(name), Lang::En)))
            return s;
    }
    if (typed == "SYNRECEIVED" || typed == "SYNRECV") return State::SynRcvd;
    if (typed == "ESTAB") return State::Established;
    *error = "expected a state: CLOSED, LISTEN, SYN_SENT, SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, "
             "CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT (or its Chinese name, e.g. 同步已发送)";
    return std::nullopt;
}

Verdict check_state(std::string_view answer, State truth) {
    Verdict v;
    auto s = read_state(answer, &v.error);
    if (!s) return v;
    v.parsed = true;
    v.correct = *s == truth;
    return v;
}

}  // namespace tcplab::quiz
