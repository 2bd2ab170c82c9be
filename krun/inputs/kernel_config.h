#pragma once
// Finding the config a kernel was built with, for the pre-boot check of the
// device's kconfig symbols: a kbuild/TuxMake folder's config artefact, or the
// .config of the build tree a kernel image sits in (arch/<a>/boot/<image>
// is three levels below it).
#include <filesystem>
#include <optional>

#include "krun/device/device_profile.h"

namespace krun {

std::optional<std::filesystem::path> find_build_config(const std::filesystem::path& kernel_image);

// Warns (W: lines) about every device symbol the config lacks; returns them.
std::vector<KconfigMismatch> warn_missing_kconfig(const DeviceProfile& profile,
                                                  const std::filesystem::path& config);

}  // namespace krun
