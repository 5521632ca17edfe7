#include "i18n.h"

#include <algorithm>
#include <unordered_map>

#include "diagram.h"
#include "rules.h"
#include "stable_sort.h"

namespace tcplab {

namespace {

struct RawMessage {
    const char* key;
    const char* en;
    const char* zh;
    const char* source;
};

#define MSG(key, en, zh) {key, en, zh, SOURCE},
#define SOURCE "i18n_states.inc"
const RawMessage kStates[] = {
#include "i18n_states.inc"
};
#undef SOURCE
#define SOURCE "i18n_engine.inc"
const RawMessage kEngine[] = {
#include "i18n_engine.inc"
};
#undef SOURCE
#define SOURCE "i18n_ui.inc"
// A leading entry keeps the array non-empty while the UI catalog is still empty; it is skipped.
const RawMessage kUi[] = {
    {nullptr, nullptr, nullptr, nullptr},
#include "i18n_ui.inc"
};
#undef SOURCE
#undef MSG

struct Catalog {
    std::vector<Message> messages;                              // sorted by key
    std::unordered_map<std::string_view, const Message*> index;  // views into messages[i].key
};

const Catalog& catalog() {
    static const Catalog c = [] {
        Catalog c;
        auto add = [&](std::string key, const char* en, const char* zh, const char* source) {
            c.messages.push_back(Message{std::move(key), en, zh, source});
        };
        for (const auto& m : kStates) add(m.key, m.en, m.zh, m.source);
        for (const auto& m : kEngine) add(m.key, m.en, m.zh, m.source);
        for (const auto& m : kUi)
            if (m.key) add(m.key, m.en, m.zh, m.source);
        for (int i = 1; i < kRuleCount; ++i) {
            const RuleInfo& r = rule_info(static_cast<Rule>(i));
            add(std::string("rule.") + r.key, r.en, r.zh, "rules.def");
        }
        for (const auto& e : diagram_edges()) add(std::string("edge.") + e.key, e.en, e.zh, "diagram.cpp");
        stable_sort_by(c.messages, [](const Message& a, const Message& b) { return a.key < b.key; });
        // The first definition of a key wins (the i18n test reports duplicates).
        for (const auto& m : c.messages) c.index.emplace(std::string_view(m.key), &m);
        return c;
    }();
    return c;
}

}  // namespace

const char* lang_code(Lang lang) { return lang == Lang::Zh ? "zh" : "en"; }

std::optional<Lang> parse_lang(std::string_view code) {
    if (code.size() >= 2) {
        std::string_view base = code.substr(0, 2);
        bool whole_or_region = code.size() == 2 || code[2] == '-' || code[2] == '_';
        if (whole_or_region && (base == "en" || base == "EN")) return Lang::En;
        if (whole_or_region && (base == "zh" || base == "ZH")) return Lang::Zh;
    }
    return std::nullopt;
}

const char* tr(std::string_view key, Lang lang) {
    const auto& idx = catalog().index;
    auto it = idx.find(key);
    if (it == idx.end()) {
        // Unknown keys echo themselves; keep a stable copy so the pointer stays valid.
        static std::unordered_map<std::string, std::string> unknown;
        auto [u, inserted] = unknown.emplace(std::string(key), std::string(key));
        (void)inserted;
        return u->second.c_str();
    }
    const Message& m = *it->second;
    if (lang == Lang::Zh && m.zh && *m.zh) return m.zh;
    return m.en;
}

bool has_message(std::string_view key) { return catalog().index.count(key) != 0; }

std::string format_text(std::string_view text, std::span<const std::pair<std::string, std::string>> params) {
    std::string out;
    out.reserve(text.size());
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '{') {
            size_t close = text.find('}', i + 1);
            if (close != std::string_view::npos) {
                std::string_view name = text.substr(i + 1, close - i - 1);
                auto p = std::find_if(params.begin(), params.end(), [&](const auto& kv) { return kv.first == name; });
                if (p != params.end()) {
                    out += p->second;
                    i = close + 1;
                    continue;
                }
            }
        }
        out += text[i++];
    }
    return out;
}

std::string format(std::string_view key, Lang lang, std::span<const std::pair<std::string, std::string>> params) {
    return format_text(tr(key, lang), params);
}

std::string state_name_key(std::string_view state_name) { return "state." + std::string(state_name) + ".name"; }
std::string state_explain_key(std::string_view state_name) { return "state." + std::string(state_name) + ".explain"; }

const std::vector<Message>& all_messages() { return catalog().messages; }

}  // namespace tcplab
