#include "krun/inputs/kernel_config.h"

#include "common/console.h"

namespace krun {

std::optional<std::filesystem::path> find_build_config(const std::filesystem::path& kernel_image) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(kernel_image, ec).parent_path();
  for (int up = 0; up < 4 && !dir.empty(); ++up) {
    if (std::filesystem::is_regular_file(dir / ".config", ec)) return dir / ".config";
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

std::vector<KconfigMismatch> warn_missing_kconfig(const DeviceProfile& profile,
                                                  const std::filesystem::path& config) {
  auto missing = check_kconfig(profile.kconfig, read_kconfig_file(config));
  for (const auto& m : missing)
    kc::console::warn("kernel config {} has {}={} but {} needs {}={} (see {})", config.string(),
                      m.symbol, m.actual, profile.name, m.symbol, m.wanted,
                      profile.kconfig_fragment.string());
  if (!missing.empty())
    kc::console::warn("this kernel may not boot or print on {}; build it with `kbuild -K {}`",
                      profile.name, profile.kconfig_fragment.string());
  return missing;
}

std::vector<KconfigMismatch> warn_missing_suite_kconfig(const std::string& suite, const std::filesystem::path& fragment,
                                                        const std::filesystem::path& config) {
  return warn_missing_feature_kconfig(suite, {fragment}, config, "the tests that use them will fail as TBROK");
}

std::vector<KconfigMismatch> warn_missing_feature_kconfig(const std::string& feature,
                                                          const std::vector<std::filesystem::path>& fragments,
                                                          const std::filesystem::path& config,
                                                          const std::string& consequence) {
  KconfigRequirements wanted;
  std::string fix;
  for (const auto& f : fragments) {
    for (const auto& [k, v] : read_kconfig_file(f)) wanted[k] = v;
    fix += (fix.empty() ? "" : " ") + std::string("-K ") + f.string();
  }
  auto missing = check_kconfig(wanted, read_kconfig_file(config));
  if (missing.empty()) return missing;
  std::string names;
  for (const auto& m : missing) names += (names.empty() ? "" : ", ") + m.symbol;
  kc::console::warn("kernel config {} lacks what {} needs ({}): {}; build the kernel with `kbuild {}`",
                    config.string(), feature, names, consequence, fix);
  return missing;
}

}  // namespace krun
