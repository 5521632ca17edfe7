// tcplab profiles [NAME]: the behaviour profiles' parameter tables.
#include <algorithm>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/common.h"
#include "profile.h"

namespace tcplab::cli {
namespace {

void print_table(const Profile& p) {
    auto rows = describe(p);
    size_t wn = 4, wv = 5;
    for (const auto& r : rows) {
        wn = std::max(wn, r.name.size());
        wv = std::max(wv, r.value.size());
    }
    std::printf("profile %s\n", p.name.c_str());
    std::printf("  %-*s  %-*s  %s\n", static_cast<int>(wn), "name", static_cast<int>(wv), "value", "meaning");
    for (const auto& r : rows)
        std::printf("  %-*s  %-*s  %s\n", static_cast<int>(wn), r.name.c_str(), static_cast<int>(wv), r.value.c_str(),
                    r.meaning.c_str());
}

RegisterCommand reg("profiles", "Print the behaviour profiles' parameter tables (or one profile's)", [](CLI::App& app) {
    auto name = std::make_shared<std::string>();
    app.add_option("name", *name, "Profile name (rfc9293, rfc793, linux, freebsd); all when omitted");
    return [name]() -> int {
        if (!name->empty()) {
            if (!check_profile_name(*name)) return kExitUsage;
            print_table(*profile_by_name(*name));
            return kExitOk;
        }
        bool first = true;
        for (const auto& n : profile_names()) {
            if (!first) std::printf("\n");
            first = false;
            print_table(*profile_by_name(n));
        }
        return kExitOk;
    };
});

}  // namespace
}  // namespace tcplab::cli
