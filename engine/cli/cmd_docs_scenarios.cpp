// tcplab docs-scenarios DIR [-o FILE] [--check FILE]: the generated page docs/scenarios.md.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "export/scenario_docs.h"

namespace tcplab::cli {
namespace {

struct Options {
    std::string dir;
    std::string out;
    std::string check;
};

RegisterCommand reg("docs-scenarios", "Print the lesson library page (docs/scenarios.md) generated from the scenarios in DIR",
                    [](CLI::App& app) {
    auto o = std::make_shared<Options>();
    app.add_option("dir", o->dir, "Directory of *.scn scenarios")->required();
    app.add_option("-o,--output", o->out, "Write the page to this file instead of standard output");
    app.add_option("--check", o->check, "Compare with this file; exit 1 if it is out of date");
    return [o]() -> int {
        std::vector<std::string> errors;
        std::string page = scenarios_markdown(o->dir, &errors);
        for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
        if (!errors.empty()) return kExitUsage;
        if (!o->check.empty()) {
            std::ifstream in(o->check, std::ios::binary);
            if (!in) {
                std::fprintf(stderr, "tcplab: cannot read %s\n", o->check.c_str());
                return kExitIo;
            }
            std::stringstream ss;
            ss << in.rdbuf();
            if (ss.str() == page) return kExitOk;
            std::fprintf(stderr, "%s is out of date: run tcplab docs-scenarios %s -o %s\n", o->check.c_str(),
                         o->dir.c_str(), o->check.c_str());
            return kExitFailed;
        }
        if (o->out.empty()) {
            std::fwrite(page.data(), 1, page.size(), stdout);
            return kExitOk;
        }
        std::ofstream out(o->out, std::ios::binary);
        out << page;
        if (!out) {
            std::fprintf(stderr, "tcplab: cannot write %s\n", o->out.c_str());
            return kExitIo;
        }
        return kExitOk;
    };
});

}  // namespace
}  // namespace tcplab::cli
