#include "krun/cli/compare_command.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "common/atomic_file.h"
#include "common/console.h"
#include "common/data_dir.h"
#include "common/errors.h"
#include "common/junit.h"
#include "krun/cli/subcommand_parse.h"
#include "krun/compare/comparison.h"
#include "krun/suites/skip_list.h"

namespace krun::compare {

int compare_main(const std::vector<std::string>& args) {
  CLI::App app{"Compare two runs: what regressed, what was fixed, what is flaky, new crashes.\n"
               "Exit status: 0 no regression, 1 regressions, 2 bad input.",
               "krun compare"};
  std::string base, now, skipfile, json_out, junit_out;
  std::vector<std::string> more_base, more_new;
  app.add_option("BASE", base, "results.json or output folder of the base run")->required();
  app.add_option("NEW", now, "results.json or output folder of the new run")->required();
  app.add_option("--base", more_base, "another base run (repeatable): cases are tallied over all of them");
  app.add_option("--new", more_new, "another new run (repeatable)");
  app.add_option("--skipfile", skipfile, "skip list (path or URL): its cases are left out, as in a run");
  app.add_option("--json", json_out, "write the comparison as JSON to FILE (- for stdout; the table then "
                                     "goes to stderr)");
  app.add_option("--junit", junit_out, "write the comparison as JUnit XML to FILE");
  if (auto done = parse_subcommand(app, args, nullptr)) return *done;

  try {
    std::vector<std::filesystem::path> base_files{base}, new_files{now};
    base_files.insert(base_files.end(), more_base.begin(), more_base.end());
    new_files.insert(new_files.end(), more_new.begin(), more_new.end());
    suites::SkipList skips;
    if (!skipfile.empty()) skips = suites::SkipList::load(skipfile, kc::user_cache_dir("krun"));
    Comparison c = compare_runs(load_runs(base_files), load_runs(new_files), skips);
    std::string table = to_table(c);
    if (json_out == "-") {
      std::cout << to_json(c).dump(2) << "\n";
      std::cerr << table;
    } else {
      std::cout << table;
      if (!json_out.empty()) kc::write_file_atomic(json_out, to_json(c).dump(2) + "\n");
    }
    if (!junit_out.empty()) kc::junit::write(junit_out, to_junit(c));
    std::cout.flush();
    if (!std::cout) throw kc::infra_error("cannot write the comparison to standard output");
    return c.regressed() ? 1 : 0;
  } catch (const kc::Error& e) {
    kc::console::error("{}", e.what());
    return 2;
  }
}

}  // namespace krun::compare
