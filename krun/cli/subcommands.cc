#include "krun/cli/subcommands.h"

#include <fmt/format.h>

#include "common/errors.h"
#include "krun/cli/compare_command.h"
#include "krun/cli/lava_command.h"
#include "krun/cli/log_parse_command.h"
#include "krun/cli/ltp_command.h"
#include "krun/cli/rootfs_command.h"
#include "krun/cli/suites_command.h"

namespace krun {

const std::vector<Subcommand>& subcommands() {
  static const std::vector<Subcommand> table = {
      {{"log", "parse"}, "find kernel crashes in a saved console log (JSON on stdout)", log_parse_main},
      {{"compare"}, "what regressed between two runs (results.json or output folders)", compare::compare_main},
      {{"rootfs"}, "list, build or clear the cached default root file systems", rootfs::rootfs_main},
      {{"lava"}, "LAVA: run a job with Debian's lava-run, or read a job's log back as results", lava::lava_main},
      {{"ltp"}, "build the LTP install a run needs, ahead of the run", ltp::ltp_main},
      {{"suites"}, "the test suites without a boot: list, write their guest files, replay a log", suites::suites_main},
  };
  return table;
}

std::string subcommands_help() {
  std::string text = "Subcommands (each has --help):\n";
  for (const Subcommand& s : subcommands()) {
    std::string words;
    for (const auto& w : s.words) words += (words.empty() ? "" : " ") + w;
    text += fmt::format("  krun {:<12} {}\n", words, s.summary);
  }
  return text;
}

std::optional<int> run_subcommand(const std::vector<std::string>& args) {
  if (args.empty()) return std::nullopt;
  for (const Subcommand& s : subcommands()) {
    if (args.size() < s.words.size() || !std::equal(s.words.begin(), s.words.end(), args.begin())) continue;
    return s.main(std::vector<std::string>(args.begin() + static_cast<long>(s.words.size()), args.end()));
  }
  for (const Subcommand& s : subcommands()) {
    if (s.words.size() > 1 && args[0] == s.words[0])
      throw kc::usage_error(fmt::format("unknown `krun {}` command; use `krun {} {} ...`", args[0], s.words[0],
                                        s.words[1]));
  }
  return std::nullopt;
}

}  // namespace krun
