#include "krun/results/results_hook.h"

#include "common/console.h"
#include "common/process.h"

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
  bool all_ok = true;
  for (const auto& hook : hooks) {
    kc::ProcessOptions options;
    // The hook is the user's own shell command, passed whole as one argument.
    options.argv = {"sh", "-c", hook};
    options.env = hook_environment(ctx);
    options.cwd = ctx.output_dir;
    options.on_stdout = [](std::string_view chunk) { fwrite(chunk.data(), 1, chunk.size(), stdout); return true; };
    options.on_stderr = [](std::string_view chunk) { fwrite(chunk.data(), 1, chunk.size(), stderr); return true; };
    kc::console::info("results hook: {}", hook);
    kc::ProcessResult r = kc::run_process(options);
    if (!r.ok()) {
      kc::console::error("results hook '{}' {}", hook, r.describe());
      all_ok = false;
    }
  }
  return all_ok;
}

}  // namespace krun
