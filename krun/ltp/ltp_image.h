#pragma once
// The image and compiler LTP is built with for one Debian architecture's
// userland (recipe containers/ltp.yaml, arch facts rootfs/arches/<arch>.yaml).
#include <filesystem>
#include <string>

#include "krun/images/package_image.h"
#include "krun/rootfs/recipe.h"

namespace krun::ltp {

struct LtpToolchain {
  std::string debian_arch;
  bool cross = false;       // the userland is not the build machine's
  std::string triplet;      // configure --host= (cross only)
  std::string compiler;     // "aarch64-linux-gnu-gcc-12", "gcc"
  std::string strip;        // "aarch64-linux-gnu-strip", "strip"
  PackageImage image;       // krun/ltp-build_<debian arch>
};

// containers/ltp.yaml in krun's data folder, or $KRUN_LTP_IMAGE_RECIPE.
std::filesystem::path ltp_image_recipe_path();

// `host_machine` is `uname -m` of the build machine: the userland is native
// when it is the arch's Debian name or one of its aliases. Throws
// kc::Error(Infrastructure) naming the recipe for a malformed one.
LtpToolchain ltp_toolchain(const std::filesystem::path& recipe_file, const rootfs::ArchRecipe& arch,
                           const std::string& host_machine);

}  // namespace krun::ltp
