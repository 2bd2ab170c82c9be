#pragma once
// Whether the build runs a target next, or skips it and why: the rules of
// kbuild's target loop, as one pure function the builder asks for each
// target in dependency order (and a unit test drives with plain data).
//   - after an interruption nothing more runs (reason "interrupted", status
//     left as it was);
//   - after a failure with --fail-fast the rest is skipped;
//   - a target whose dependency did not pass is skipped;
//   - one that needs device trees on an arch without any is skipped;
//   - one that writes next to the build folder is skipped outside a container;
//   - one that needs a file the build folder or the tree lacks is skipped,
//     and so is one for trees without a line the tree has;
//   - one that needs kconfig symbols the configuration lacks is skipped,
//     and when that target is `modules` with --external-module asked for,
//     the build is a usage failure (the modules cannot be built as asked).
#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "kbuild/catalog.h"
#include "kbuild/status.h"

namespace kbuild {

struct ScheduleState {
  bool interrupted = false;
  bool any_failed = false;
  bool fail_fast = false;
  std::string arch;
  bool arch_has_dtbs = false;
  bool external_modules = false;
  bool in_container = false;   // the build folder's parent is kbuild's own, not the user's
  std::filesystem::path build_dir, source_dir;  // host paths, for the targets' required files
  const std::map<std::string, Status>* status_of = nullptr;  // target → its status so far
  // The build folder's .config symbols; asked only for targets that need
  // some (it reads a file).
  std::function<std::map<std::string, std::string>()> config;
};

struct TargetDecision {
  bool run = false;
  bool skip = false;            // false with !run: interrupted, the status stays
  std::string reason;           // why it does not run
  std::string usage_failure;    // set: the build as asked cannot be done (exit 1)
};

TargetDecision decide_target(const Target& t, const ScheduleState& state);

}  // namespace kbuild
