#include "kbuild/hooks.h"

namespace kbuild {

HookOutcome run_hooks(const std::string& phase, const std::vector<std::string>& hooks,
                      const std::filesystem::path& cwd, const std::map<std::string, std::string>& env) {
  std::map<std::string, std::string> with_phase = env;
  with_phase["KBUILD_HOOK_PHASE"] = phase;
  return kc::run_shell_hooks(phase + " hook", hooks, cwd, with_phase);
}

}  // namespace kbuild
