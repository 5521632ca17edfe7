#include "rules.h"

namespace tcplab {

static const RuleInfo kRules[] = {
    {"none", "", "", ""},
#define RULE(id, key, section, en, zh) {key, section, en, zh},
#include "rules.def"
#undef RULE
};
static_assert(sizeof(kRules) / sizeof(kRules[0]) == kRuleCount);

const RuleInfo& rule_info(Rule r) { return kRules[static_cast<int>(r)]; }

}  // namespace tcplab
