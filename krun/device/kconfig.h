#pragma once
// Kernel config fragments and .config files: which symbols must be set (=y,
// =m or a value) and which must be off ("# CONFIG_X is not set"), and the
// check of a kernel's known config against such requirements.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace krun {

// Symbol (with its CONFIG_ prefix) → value; "n" for "# CONFIG_X is not set".
using KconfigValues = std::map<std::string, std::string>;
using KconfigRequirements = KconfigValues;

KconfigValues parse_kconfig(std::string_view text);
KconfigValues read_kconfig_file(const std::filesystem::path& path);

struct KconfigMismatch {
  std::string symbol;
  std::string wanted;   // "y", "m", a value, or "n"
  std::string actual;   // "n" when absent
};

// Requirements not met by `config`. "y" is met by "y" only (a module cannot
// print the boot console), other values must match exactly, "n" is met by
// absence too.
std::vector<KconfigMismatch> check_kconfig(const KconfigRequirements& wanted,
                                           const KconfigValues& config);

}  // namespace krun
