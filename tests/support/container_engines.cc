#include "tests/support/container_engines.h"

#include <chrono>
#include <sstream>

#include "common/container_runtime.h"
#include "common/process.h"

namespace testenv {

namespace {

kc::ProcessResult engine(const std::string& name, const std::vector<std::string>& args) {
  kc::ProcessOptions o;
  o.argv = {name};
  if (name == "podman")
    for (const auto& a : kc::podman_global_args()) o.argv.push_back(a);
  o.argv.insert(o.argv.end(), args.begin(), args.end());
  o.timeout = std::chrono::seconds(60);
  return kc::run_process(o);
}

}  // namespace

std::string container_engine_problem(const std::string& name) {
  if (kc::find_program(name).empty()) return name + " is not installed";
  if (name == "docker" && !engine(name, {"info", "--format", "{{.ServerVersion}}"}).ok())
    return "docker's daemon is not running (start dockerd, or systemctl start docker)";
  return "";
}

std::vector<std::string> container_names(const std::string& name, const std::string& prefix) {
  std::istringstream in(engine(name, {"ps", "-a", "--filter", "name=^" + prefix, "--format", "{{.Names}}"}).out);
  std::vector<std::string> names;
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) names.push_back(line);
  return names;
}

}  // namespace testenv
