// libFuzzer target: the scenario parser must turn any text into a Scenario or located errors,
// never crash. A scenario that parses is also run for a bounded number of events.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    tcplab::ParseResult r = tcplab::parse_scenario(text, "fuzz.scn");
    if (auto* errors = std::get_if<std::vector<tcplab::ScenarioError>>(&r)) {
        for (const auto& e : *errors) (void)e.format();
        return 0;
    }
    const auto& scenario = std::get<tcplab::Scenario>(r);
    tcplab::ScenarioRun run(scenario);
    for (int i = 0; i < 2000 && run.step(); ++i) {
    }
    return 0;
}
