#include "krun/cli/suites_command.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "common/atomic_file.h"
#include "krun/cli/key_values.h"
#include "krun/cli/subcommand_parse.h"
#include "common/console.h"
#include "common/errors.h"
#include "common/json_file.h"
#include "krun/suites/skip_list.h"
#include "krun/suites/console_replay.h"
#include "krun/suites/test_catalogue.h"

namespace krun::suites {

namespace {

SuiteResults replay(const std::filesystem::path& log, const TestPlan& plan) {
  std::ifstream in(log, std::ios::binary);
  if (!in) throw kc::usage_error("cannot read console log " + log.string());
  return replay_console(in, plan).results;
}

}  // namespace

int suites_main(const std::vector<std::string>& args) {
  CLI::App app{"krun suites: test catalogue, guest scripts and result parsing", "krun suites"};
  app.require_subcommand(1);
  std::vector<std::string> tests, parameters, timeouts, commands;
  std::string output, log, skipfile, results_file;

  app.add_subcommand("list", "print the test names --tests accepts");
  CLI::App* scripts = app.add_subcommand("scripts", "write the guest files a run would inject");
  scripts->add_option("--output", output, "folder to write /krun/... under")->required();
  CLI::App* parse = app.add_subcommand("parse", "replay a console log through the test parsers");
  parse->add_option("log", log, "saved console log")->required()->check(CLI::ExistingFile);
  parse->add_option("--results", results_file, "write results.json here instead of stdout");
  for (CLI::App* sub : {scripts, parse}) {
    sub->add_option("--tests", tests, "tests (repeatable, comma lists)");
    sub->add_option("--parameters", parameters, "KEY=VALUE (KSELFTEST, LTP, LTP_DIR)");
    sub->add_option("--timeouts", timeouts, "KEY=VALUE: minutes, or with a unit (90s, 2h)");
    sub->add_option("--skipfile", skipfile, "skip list (path or URL)");
  }
  if (auto done = parse_subcommand(app, args, &commands)) return *done;

  try {
    if (app.got_subcommand("list")) {
      print_test_list(std::cout);
      return 0;
    }
    PlanRequest req;
    req.tests = tests;
    req.commands = commands;
    req.parameters = key_values("--parameters", parameters);
    req.timeouts = RunTimeouts::parse(key_values("--timeouts", timeouts));
    SkipList skips;
    if (!skipfile.empty()) {
      skips = SkipList::load(skipfile, {});
      req.skip_entries = skips.entries();
    }
    add_guest_inputs(req);
    // Offline tools do not need the install archives themselves.
    if (!req.parameters.count("KSELFTEST")) req.found_kselftest = "kselftest.tar.xz";
    TestPlan plan = plan_tests(req);

    if (app.got_subcommand("scripts")) {
      for (const auto& [guest_path, content] : plan.extra_files) {
        std::filesystem::path p = std::filesystem::path(output) / guest_path.substr(1);
        std::filesystem::create_directories(p.parent_path());
        kc::write_file_atomic(p, content);
      }
      std::cout << "rootfs: " << plan.rootfs_flavor << "\n";
      for (const std::string& o : plan.overlays) std::cout << "overlay: " << o << "\n";
      return 0;
    }
    SuiteResults results = replay(log, plan);
    results.apply_skip_list(skips);
    if (results_file.empty())
      std::cout << results.to_json().dump(2) << "\n";
    else
      kc::write_json_atomic(results_file, results.to_json());
    std::cerr << results.summary_table();
    return results.any_failed() ? 1 : 0;
  } catch (const kc::Error& e) {
    kc::console::error("{}", e.what());
    return 2;
  }
}

}  // namespace krun::suites
