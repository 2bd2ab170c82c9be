#pragma once
// One line of a kernel .config or config fragment, read the same way by
// kbuild (the kconfig plan and check) and krun (the pre-boot check):
//   "CONFIG_FOO=value"          → {"CONFIG_FOO", "value"} (the value as written)
//   "# CONFIG_FOO is not set"   → {"CONFIG_FOO", "n"}
// anything else (comments, blank lines, noise) → nullopt. A linear scan:
// a value can be tens of kilobytes (CONFIG_CMDLINE), which std::regex's
// recursion does not survive.
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace kc {

std::optional<std::pair<std::string, std::string>> kconfig_line(std::string_view line);

}  // namespace kc
