#pragma once
// Where a tool's data files (arches, toolchains, devices, rootfs recipes...)
// live: $<ENV_VAR> when set, else <dir of the executable>/../share/<tool>,
// which is right both in the build tree (build/bin, build/share) and in an
// installed prefix (<prefix>/bin, <prefix>/share).
#include <filesystem>
#include <string_view>

namespace kc {

// tool: "kbuild" or "krun"; env_var: e.g. "KBUILD_DATA_DIR".
// Throws kc::Error(Infrastructure) when the folder does not exist.
std::filesystem::path data_dir(std::string_view tool, const char* env_var);

// Absolute path of the running executable (/proc/self/exe).
std::filesystem::path self_executable();

// The user's cache folder for a tool: $XDG_CACHE_HOME/<tool> or ~/.cache/<tool>.
std::filesystem::path user_cache_dir(std::string_view tool);
// The user's config folder: $XDG_CONFIG_HOME/<tool> or ~/.config/<tool>.
std::filesystem::path user_config_dir(std::string_view tool);

}  // namespace kc
