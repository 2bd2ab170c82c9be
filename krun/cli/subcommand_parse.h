#pragma once
// Parsing the arguments of a krun subcommand (`krun suites ...`, `krun lava
// ...`, `krun ltp ...`) with CLI11, the way every one of them does it: the
// words after the first `--` are guest commands, read as a run reads them
// (krun/cli/guest_commands.h);
// help prints and exits 0, a parse error is CLI11's message and exit 2.
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace krun {

// nullopt: go on; a value: exit with it (help, or a parse error already said).
// `commands` may be null for subcommands that take none.
std::optional<int> parse_subcommand(CLI::App& app, const std::vector<std::string>& args,
                                    std::vector<std::string>* commands);

}  // namespace krun
