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

}  // namespace

Verdict check_number(std::string_view answer, Seq truth, const Labeler::Context& ctx, NumberReading reading) {
    Verdict v;
    std::string err;
    const bool rel_first = reading == NumberReading::Relative;
    auto value = eval_label(answer, ctx, rel_first, &err);
    if (!value) {
        v.error = err;
        return v;
    }
    v.parsed = true;
    v.correct = *value == truth;
    if (!v.correct && reading == NumberReading::Any) {
        auto rel = eval_label(answer, ctx, true, &err);
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
