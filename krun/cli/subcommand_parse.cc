#include "krun/cli/subcommand_parse.h"

#include <algorithm>

#include "krun/cli/guest_commands.h"

namespace krun {

std::optional<int> parse_subcommand(CLI::App& app, const std::vector<std::string>& args,
                                    std::vector<std::string>* commands) {
  std::vector<std::string> argv, words;
  bool after = false;
  for (const std::string& a : args) {
    if (commands && !after && a == "--") after = true;
    else if (after) words.push_back(a);
    else argv.push_back(a);
  }
  if (commands) *commands = guest_commands(words);
  std::reverse(argv.begin(), argv.end());  // CLI11 takes a vector last word first
  try {
    app.parse(argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

}  // namespace krun
