#include "kbuild/matrix/matrix_cli.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "common/console.h"
#include "common/errors.h"
#include "kbuild/matrix/matrix.h"
#include "kbuild/matrix/matrix_output.h"

namespace kbuild::matrix {

int matrix_main(const std::vector<std::string>& raw_args) {
  std::vector<std::string> args = raw_args;
  if (!args.empty() && args.front() == "matrix") args.erase(args.begin());
  CLI::App app{"Expand a CI build matrix file (arch x toolchain x kconfig) into jobs", "kbuild matrix"};
  std::string file, format = "commands", output_root;
  GitlabOptions gitlab;
  app.add_option("file", file, "Matrix YAML file (see docs/workflows.md)")->required();
  app.add_option("--format", format, "commands | json | github | gitlab")
      ->check(CLI::IsMember({"commands", "json", "github", "gitlab"}));
  app.add_option("--output-root", output_root, "Folder holding each job's output folder (overrides output_root)");
  app.add_option("--gitlab-extends", gitlab.extends, "gitlab: job template each generated job extends");
  app.add_option("--gitlab-include", gitlab.include, "gitlab: local file with that template");
  app.add_option("--gitlab-stage", gitlab.stage, "gitlab: stage of the generated jobs");
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  try {
    Matrix m = load(file);
    if (!output_root.empty()) m.output_root = output_root;
    auto jobs = expand(m);
    if (jobs.empty()) throw kc::usage_error(file + ": every combination is excluded; the matrix has no jobs");
    if (format == "json") print_json(std::cout, jobs);
    else if (format == "github") print_github(std::cout, jobs);
    else if (format == "gitlab") print_gitlab(std::cout, jobs, gitlab);
    else print_commands(std::cout, jobs);
    return 0;
  } catch (const kc::Error& e) {
    kc::console::error("{}", e.what());
    return 1;
  }
}

}  // namespace kbuild::matrix
