#pragma once
// `krun rootfs list|build|clear`: look at, prepare and drop the cached
// default root file systems.
#include <string>
#include <vector>

namespace krun::rootfs {

int rootfs_main(const std::vector<std::string>& args);

}  // namespace krun::rootfs
