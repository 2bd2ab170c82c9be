#include "common/shell_hooks.h"

#include <cstdio>

#include "common/console.h"
#include "common/process.h"

namespace kc {

HookOutcome run_shell_hooks(const std::string& what, const std::vector<std::string>& hooks,
                            const std::filesystem::path& cwd, const std::map<std::string, std::string>& env) {
  HookOutcome outcome;
  for (const auto& hook : hooks) {
    console::info("{}: {}", what, hook);
    ProcessOptions o;
    o.argv = {"sh", "-c", hook};
    o.cwd = cwd;
    o.env = env;
    o.on_stdout = [](std::string_view c) {
      std::fwrite(c.data(), 1, c.size(), stdout);
      std::fflush(stdout);
      return true;
    };
    o.on_stderr = [](std::string_view c) {
      std::fwrite(c.data(), 1, c.size(), stderr);
      return true;
    };
    ProcessResult r = run_process(o);
    if (!r.ok()) {
      outcome.ok = false;
      outcome.interrupted = r.interrupted;
      outcome.exit_code = r.exit_code >= 0 ? r.exit_code : 128 + r.term_signal;
      outcome.failed_hook = hook;
      outcome.description = r.describe();
      return outcome;
    }
  }
  return outcome;
}

}  // namespace kc
