#pragma once
// User hooks of both tools (kbuild's --pre-build-hook, --post-build-hook,
// --results-hook; krun's --results-hook). A hook is a shell command by
// nature, so it runs as `sh -c <hook>` exactly as written (never joined with
// other input); what it needs to know comes through environment variables
// (KBUILD_HOOK_*, KRUN_HOOK_*). Hooks run in order and the first that fails
// stops the rest, as TuxRun does: a later hook (a notification) usually
// relies on an earlier one (an upload). Their output goes to the tool's
// stdout/stderr and nowhere else: a hook owns its own logs.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kc {

struct HookOutcome {
  bool ok = true;
  int exit_code = 0;        // of the failing hook (128+signal when killed)
  std::string failed_hook;
  bool interrupted = false;
  std::string description;  // "exited with 1", ...
};

// `what`: "results hook", "pre-build hook", said on the I: line before each.
HookOutcome run_shell_hooks(const std::string& what, const std::vector<std::string>& hooks,
                            const std::filesystem::path& cwd, const std::map<std::string, std::string>& env);

}  // namespace kc
