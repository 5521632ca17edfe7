// The `tcplab` command: runs the engine headless. Subcommands register themselves (commands.h).
#include <algorithm>
#include <cstdio>

#include "cli/commands.h"

int main(int argc, char** argv) {
    using namespace tcplab::cli;
    CLI::App app{"tcplab: the TCP connection-lifecycle lab, headless (RFC 9293 state machine over a simulated network)"};
    app.require_subcommand(1);
    app.footer("Exit status: 0 ok, 1 an expectation or check failed, 2 usage or scenario error, 3 I/O error.\n"
               "Run 'tcplab COMMAND --help' for the options of a command.");

    auto& commands = command_registry();
    std::sort(commands.begin(), commands.end(), [](const CommandInfo& a, const CommandInfo& b) { return a.name < b.name; });
    std::vector<std::pair<CLI::App*, CommandAction>> actions;
    for (const CommandInfo& c : commands) {
        CLI::App* sub = app.add_subcommand(c.name, c.description);
        actions.emplace_back(sub, c.setup(*sub));
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);  // prints help or the error
        return code == 0 ? kExitOk : kExitUsage;
    }
    for (auto& [sub, action] : actions)
        if (sub->parsed()) return action();
    return kExitUsage;
}
