// The `tcplab` subcommand registry.
//
// Each subcommand lives in its own file engine/cli/cmd_<name>.cpp and registers itself with a
// static RegisterCommand object; main.cpp adds every registered command to the CLI11 app. Adding a
// command therefore means adding one file, nothing else (engine/CMakeLists.txt globs cli/*.cpp):
//
//     // engine/cli/cmd_hello.cpp
//     #include "cli/commands.h"
//     namespace {
//     struct Options { std::string name = "world"; };
//     tcplab::cli::RegisterCommand reg("hello", "Print a greeting", [](CLI::App& app) {
//         auto o = std::make_shared<Options>();
//         app.add_option("--name", o->name, "Who to greet");
//         return [o]() -> int { std::printf("hello %s\n", o->name.c_str()); return 0; };
//     });
//     }  // namespace
//
// The setup function declares the options on the subcommand and returns the action, which runs
// only if that subcommand was chosen and returns the exit status.
//
// Exit statuses (all commands): 0 success, 1 the run completed but something failed (an expect,
// a check), 2 usage error or bad input (unparsable scenario, unknown option), 3 I/O error.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace tcplab::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitIo = 3;

using CommandAction = std::function<int()>;
using CommandSetup = std::function<CommandAction(CLI::App& subcommand)>;

struct CommandInfo {
    std::string name;
    std::string description;
    CommandSetup setup;
};

// All registered commands, sorted by name when main() reads them.
inline std::vector<CommandInfo>& command_registry() {
    static std::vector<CommandInfo> commands;
    return commands;
}

struct RegisterCommand {
    RegisterCommand(std::string name, std::string description, CommandSetup setup) {
        command_registry().push_back({std::move(name), std::move(description), std::move(setup)});
    }
};

}  // namespace tcplab::cli
