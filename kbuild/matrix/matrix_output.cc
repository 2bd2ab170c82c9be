#include "kbuild/matrix/matrix_output.h"

#include "common/process.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <iostream>

#include "common/console.h"
#include "common/errors.h"

namespace kbuild::matrix {

namespace {

nlohmann::json job_json(const Job& j, bool with_argv) {
  nlohmann::json o = {{"name", j.name},
                      {"arch", j.arch},
                      {"toolchain", j.toolchain},
                      {"kconfig", j.kconfig},
                      {"device", j.device},
                      {"output_dir", j.output_dir},
                      {"kbuild_command", shell_command("kbuild", j.kbuild_args)},
                      {"krun_command", j.device.empty() ? "" : shell_command("krun", j.krun_args)}};
  if (with_argv) {
    o["kbuild_args"] = j.kbuild_args;
    o["krun_args"] = j.krun_args;
  }
  return o;
}

}  // namespace

std::string shell_command(const std::string& program, const std::vector<std::string>& args) {
  std::string s = program;
  for (const auto& a : args) s += " " + kc::shell_quote(a);
  return s;
}

void print_commands(std::ostream& out, const std::vector<Job>& jobs) {
  for (const auto& j : jobs) {
    out << shell_command("kbuild", j.kbuild_args);
    if (!j.device.empty()) out << " && " << shell_command("krun", j.krun_args);
    out << "\n";
  }
}

void print_json(std::ostream& out, const std::vector<Job>& jobs) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& j : jobs) a.push_back(job_json(j, true));
  out << a.dump(2) << "\n";
}

void print_github(std::ostream& out, const std::vector<Job>& jobs) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& j : jobs) a.push_back(job_json(j, false));
  out << nlohmann::json{{"include", a}}.dump() << "\n";
}

void print_gitlab(std::ostream& out, const std::vector<Job>& jobs, const GitlabOptions& options) {
  YAML::Emitter y;
  y << YAML::BeginMap;
  if (!options.include.empty())
    y << YAML::Key << "include" << YAML::Value << YAML::BeginSeq << YAML::BeginMap << YAML::Key << "local"
      << YAML::Value << options.include << YAML::EndMap << YAML::EndSeq;
  for (const auto& j : jobs) {
    y << YAML::Key << j.name << YAML::Value << YAML::BeginMap;
    if (!options.extends.empty()) y << YAML::Key << "extends" << YAML::Value << options.extends;
    if (!options.stage.empty()) y << YAML::Key << "stage" << YAML::Value << options.stage;
    y << YAML::Key << "variables" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "KBUILD_MATRIX_ARCH" << YAML::Value << j.arch;
    y << YAML::Key << "KBUILD_MATRIX_TOOLCHAIN" << YAML::Value << j.toolchain;
    y << YAML::Key << "KBUILD_MATRIX_KCONFIG" << YAML::Value << j.kconfig;
    y << YAML::Key << "KBUILD_MATRIX_OUTPUT" << YAML::Value << j.output_dir;
    y << YAML::EndMap;
    y << YAML::Key << "script" << YAML::Value << YAML::BeginSeq << shell_command("kbuild", j.kbuild_args);
    if (!j.device.empty()) y << shell_command("krun", j.krun_args);
    y << YAML::EndSeq;
    y << YAML::Key << "artifacts" << YAML::Value << YAML::BeginMap << YAML::Key << "when" << YAML::Value
      << "always" << YAML::Key << "paths" << YAML::Value << YAML::BeginSeq << j.output_dir << YAML::EndSeq
      << YAML::EndMap;
    y << YAML::EndMap;
  }
  y << YAML::EndMap;
  out << y.c_str() << "\n";
}

int main(const std::vector<std::string>& raw_args) {
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
