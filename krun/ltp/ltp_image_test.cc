#include "krun/ltp/ltp_image.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/image_builder.h"

namespace krun::ltp {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(KPROJECT_SOURCE_DIR);

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// Every architecture krun has a Debian rootfs for gets a cross toolchain for
// its own userland from the recipe: the triplet's gcc 12 and C library.
TEST(LtpImage, EveryRootfsArchHasItsCrossToolchain) {
  auto arches = rootfs::all_arches(kData / "rootfs");
  ASSERT_GE(arches.size(), 10u);
  for (const auto& arch : arches) {
    LtpToolchain t = ltp_toolchain(kData / "containers/ltp.yaml", arch, "no-such-machine");
    EXPECT_TRUE(t.cross) << arch.debian_arch;
    EXPECT_EQ(t.image.name, "krun/ltp-build_" + arch.debian_arch);
    EXPECT_EQ(t.compiler, arch.triplet + "-gcc-12");
    EXPECT_EQ(t.strip, arch.triplet + "-strip");
    const auto& p = t.image.recipe.packages;
    EXPECT_TRUE(has(p, "gcc-12-" + arch.package_triplet)) << arch.debian_arch;
    EXPECT_TRUE(has(p, "libc6-dev-" + arch.debian_arch + "-cross")) << arch.debian_arch;
    for (const char* tool : {"autoconf", "automake", "m4", "pkg-config"}) EXPECT_TRUE(has(p, tool)) << tool;
    for (const auto& name : p) EXPECT_TRUE(kc::is_debian_package_name(name, false)) << name;
  }
}

TEST(LtpImage, TheBuildMachinesOwnArchIsNative) {
  auto amd64 = rootfs::load_arch(kData / "rootfs", "amd64");
  LtpToolchain t = ltp_toolchain(kData / "containers/ltp.yaml", amd64, "x86_64");
  EXPECT_FALSE(t.cross);
  EXPECT_EQ(t.compiler, "gcc");
  EXPECT_FALSE(has(t.image.recipe.packages, "gcc-12-x86-64-linux-gnu"));
  // mips64el userland on an amd64 machine: the triplet Debian uses for its ABI.
  auto mips = rootfs::load_arch(kData / "rootfs", "mips64el");
  EXPECT_EQ(ltp_toolchain(kData / "containers/ltp.yaml", mips, "x86_64").compiler, "mips64el-linux-gnuabi64-gcc-12");
  // Another recipe content, another image hash (the cache key has it).
  EXPECT_NE(package_image_hash(ltp_toolchain(kData / "containers/ltp.yaml", mips, "x86_64").image),
            package_image_hash(t.image));
}

}  // namespace
}  // namespace krun::ltp
