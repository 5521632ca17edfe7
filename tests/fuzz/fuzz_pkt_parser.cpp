// libFuzzer target: the packetdrill parser must turn any text into a script or located errors;
// a script that parses is also run against the engine (bounded timer expirations).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "pkt/pkt_runner.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto r = tcplab::pkt::parse_pkt_script(text, "fuzz.pkt");
    if (auto* errors = std::get_if<std::vector<tcplab::pkt::PktError>>(&r)) {
        for (const auto& e : *errors) (void)e.format();
        return 0;
    }
    static const char* const kProfiles[] = {"rfc9293", "rfc793", "linux", "freebsd"};
    tcplab::pkt::PktRunOptions options;
    options.profile = *tcplab::profile_by_name(kProfiles[size % 4]);
    options.max_timer_events = 2000;
    auto result = tcplab::pkt::run_pkt_script(std::get<tcplab::pkt::PktScript>(r), options);
    (void)result.summary("fuzz.pkt");
    return 0;
}
