#pragma once
// Finding the config a kernel was built with, for the pre-boot check of the
// device's kconfig symbols: a kbuild/TuxMake folder's config artifact, or the
// .config of the build tree a kernel image sits in (arch/<a>/boot/<image>
// is three levels below it).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "krun/device/device_profile.h"

namespace krun {

std::optional<std::filesystem::path> find_build_config(const std::filesystem::path& kernel_image);

// Warns (W: lines) about every device symbol the config lacks; returns them.
std::vector<KconfigMismatch> warn_missing_kconfig(const DeviceProfile& profile,
                                                  const std::filesystem::path& config);

// The same for what a test suite needs of the kernel (`fragment`, e.g.
// ltp/kernel.config): one W: line naming the missing symbols and the fix.
std::vector<KconfigMismatch> warn_missing_suite_kconfig(const std::string& suite, const std::filesystem::path& fragment,
                                                        const std::filesystem::path& config);
// The same for a feature (`--shared`) that needs `fragments`, saying what
// goes wrong without them.
std::vector<KconfigMismatch> warn_missing_feature_kconfig(const std::string& feature,
                                                          const std::vector<std::filesystem::path>& fragments,
                                                          const std::filesystem::path& config,
                                                          const std::string& consequence);

}  // namespace krun
