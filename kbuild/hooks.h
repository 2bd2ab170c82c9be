#pragma once
// kbuild's hooks (--pre-build-hook, --post-build-hook, --results-hook), run
// by common/shell_hooks.h with the build's KBUILD_HOOK_* variables (named
// so they cannot be confused with the kernel's own KBUILD_* variables) and
// KBUILD_HOOK_PHASE. The first failing hook stops the phase.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/shell_hooks.h"

namespace kbuild {

using HookOutcome = kc::HookOutcome;

HookOutcome run_hooks(const std::string& phase, const std::vector<std::string>& hooks,
                      const std::filesystem::path& cwd, const std::map<std::string, std::string>& env);

}  // namespace kbuild
