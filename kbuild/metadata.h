#pragma once
// metadata.json: TuxMake's layout (so TuxRun's --tuxmake reads it: build.
// target_arch, results.artifacts.kernel/modules...) plus kbuild's own
// sections (kconfig_check, interrupted). Written atomically after the runtime
// is prepared and again at the end, so a killed build still leaves one.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kbuild/status.h"

namespace kbuild {

struct TargetResult {
  std::string name;
  Status status = Status::Skip;
  double duration = 0;
  std::string reason;            // why SKIP/FAIL, for humans
};

struct BuildRecord {
  nlohmann::json build;          // the request (arch, toolchain, kconfig, targets, ...)
  Status status = Status::Running;  // then Pass, Fail or Interrupted
  std::vector<TargetResult> targets;
  std::map<std::string, std::vector<std::string>> artifacts;  // kind → files in the output dir
  int errors = 0, warnings = 0;
  double build_seconds = 0, total_seconds = 0;
  nlohmann::json info = nlohmann::json::object();  // compiler, git, source, runtime, hardware, os, tools, uname, vmlinux
  nlohmann::json kconfig_check;  // null until config ran
  nlohmann::json interrupted;    // {signal, target} when a signal stopped the build
};

nlohmann::json metadata_json(const BuildRecord& record);
void write_metadata(const std::filesystem::path& output_dir, const BuildRecord& record);

}  // namespace kbuild
