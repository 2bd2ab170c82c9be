#include "kbuild/matrix/matrix_output.h"

#include "common/process.h"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <iostream>


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

}  // namespace kbuild::matrix
