#pragma once
// --results-hook: commands the user wrote, run with `sh -c` after results.json
// and metadata.json exist, in the output folder, with KRUN_HOOK_* variables
// (documented in docs/krun.md) saying where everything is.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace krun {

struct HookContext {
  std::filesystem::path output_dir, results, metadata, console_log;
  std::string device, arch, end_reason;
  int exit_code = 0;
};

std::map<std::string, std::string> hook_environment(const HookContext& ctx);

// Runs the hooks in order until one fails (common/shell_hooks.h); false
// then, with an E: line naming it and saying the rest did not run.
bool run_results_hooks(const std::vector<std::string>& hooks, const HookContext& ctx);

}  // namespace krun
