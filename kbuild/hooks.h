#pragma once
// User hooks (--pre-build-hook, --post-build-hook, --results-hook). A hook is
// a shell command by nature, so it runs as `sh -c <hook>` exactly as written
// (never joined with other input); what it needs to know comes through
// KBUILD_HOOK_* environment variables, named so they cannot be confused with
// the kernel's own KBUILD_* variables.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kbuild {

struct HookOutcome {
  bool ok = true;
  int exit_code = 0;        // of the first failing hook
  std::string failed_hook;
  bool interrupted = false;
  std::string description;  // "exited with 1", ...
};

// Runs each hook in order in cwd, stops at the first failure (the caller
// reports it). Output goes to
// our stdout/stderr (and nowhere else: the hook owns its own logs).
HookOutcome run_hooks(const std::string& phase, const std::vector<std::string>& hooks,
                      const std::filesystem::path& cwd, const std::map<std::string, std::string>& env);

}  // namespace kbuild
