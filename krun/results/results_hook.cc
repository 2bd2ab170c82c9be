#include "krun/results/results_hook.h"

#include "common/console.h"
#include "common/shell_hooks.h"

namespace krun {

std::map<std::string, std::string> hook_environment(const HookContext& ctx) {
  return {
      {"KRUN_HOOK_OUTPUT_DIR", ctx.output_dir.string()},
      {"KRUN_HOOK_RESULTS", ctx.results.string()},
      {"KRUN_HOOK_METADATA", ctx.metadata.string()},
      {"KRUN_HOOK_CONSOLE_LOG", ctx.console_log.string()},
      {"KRUN_HOOK_DEVICE", ctx.device},
      {"KRUN_HOOK_ARCH", ctx.arch},
      {"KRUN_HOOK_END_REASON", ctx.end_reason},
      {"KRUN_HOOK_EXIT_CODE", std::to_string(ctx.exit_code)},
  };
}

bool run_results_hooks(const std::vector<std::string>& hooks, const HookContext& ctx) {
  kc::HookOutcome outcome = kc::run_shell_hooks("results hook", hooks, ctx.output_dir, hook_environment(ctx));
  if (!outcome.ok) {
    kc::console::error("results hook '{}' {}{}", outcome.failed_hook, outcome.description,
                       hooks.back() != outcome.failed_hook ? "; the hooks after it did not run" : "");
  }
  return outcome.ok;
}

}  // namespace krun
