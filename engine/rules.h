// Rule identifiers generated from rules.def.
#pragma once
#include <cstdint>

namespace tcplab {

enum class Rule : uint16_t {
    None,
#define RULE(id, key, section, en, zh) id,
#include "rules.def"
#undef RULE
    Count_
};

struct RuleInfo {
    const char* key;      // "syn_sent.rcv_syn_ack"; the message key is "rule." + key
    const char* section;  // "3.10.7.3"
    const char* en;
    const char* zh;
};

const RuleInfo& rule_info(Rule r);
constexpr int kRuleCount = static_cast<int>(Rule::Count_);

}  // namespace tcplab
