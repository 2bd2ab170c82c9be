#pragma once
// Every `krun SUBCOMMAND ...` in one table: its words, what it does, and its
// entry point (each in krun/cli/<name>_command.cc). A command line that
// starts with none of them is a run (krun/cli/run_command.cc).
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace krun {

struct Subcommand {
  std::vector<std::string> words;  // {"log", "parse"}
  std::string summary;             // one line for `krun --help`
  std::function<int(const std::vector<std::string>& rest)> main;
};

const std::vector<Subcommand>& subcommands();

// "Subcommands:" and a line per subcommand, for `krun --help`.
std::string subcommands_help();

// The subcommand `args` starts with, run with the words after it; nullopt
// when `args` is a run. Throws kc::Error(Usage) for a first word that only
// starts a subcommand (`krun log` without `parse`).
std::optional<int> run_subcommand(const std::vector<std::string>& args);

}  // namespace krun
