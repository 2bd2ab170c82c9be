#include "krun/device/device_profile.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "common/errors.h"

namespace krun {
namespace {

std::vector<DeviceProfile> shipped() {
  return load_all_device_profiles(std::filesystem::path(KPROJECT_SOURCE_DIR) / "devices");
}

TEST(DeviceProfile, EveryShippedProfileLoadsWithItsFragment) {
  auto all = shipped();
  std::set<std::string> names;
  for (const auto& p : all) {
    names.insert(p.name);
    EXPECT_FALSE(p.qemu_binary.empty()) << p.name;
    EXPECT_FALSE(p.console.empty()) << p.name;
    EXPECT_FALSE(p.kernel_image.empty()) << p.name;
    EXPECT_TRUE(p.kconfig.count("CONFIG_PRINTK")) << p.name << " fragment lacks CONFIG_PRINTK";
    EXPECT_EQ(p.kconfig_fragment.filename(), p.name + ".config");
  }
  for (const char* required : {"qemu-x86_64", "qemu-i386", "qemu-arm64", "qemu-armv7", "qemu-riscv64",
                               "qemu-armv5", "qemu-ppc64le", "qemu-ppc64", "qemu-s390", "qemu-mips32el",
                               "qemu-mips64el", "qemu-sh4", "qemu-m68k", "qemu-mips32", "qemu-mips64",
                               "qemu-ppc32", "qemu-sparc64", "qemu-arm64be", "qemu-armv7be", "qemu-riscv32"})
    EXPECT_TRUE(names.count(required)) << required;
}

TEST(DeviceProfile, X86_64Fields) {
  auto all = shipped();
  const auto& p = find_device(all, "qemu-x86_64");
  EXPECT_EQ(p.qemu_binary, "qemu-system-x86_64");
  EXPECT_EQ(p.machine, "q35");
  EXPECT_EQ(p.console, "ttyS0");
  EXPECT_EQ(p.kernel_image, "bzImage");
  EXPECT_EQ(p.debian_arch, "amd64");
  EXPECT_EQ(p.rootfs.kind, "initrd");
  EXPECT_EQ(p.kconfig.at("CONFIG_SERIAL_8250_CONSOLE"), "y");
}

TEST(DeviceProfile, ArchToDefaultDevice) {
  auto all = shipped();
  const std::pair<const char*, const char*> expected[] = {
      {"x86_64", "qemu-x86_64"}, {"i386", "qemu-i386"},     {"arm64", "qemu-arm64"},
      {"arm", "qemu-armv7"},     {"armel", "qemu-armv5"},   {"riscv", "qemu-riscv64"},
      {"powerpc", "qemu-ppc64le"}, {"s390", "qemu-s390"},   {"mips", "qemu-mips32el"},
      {"sh", "qemu-sh4"},        {"m68k", "qemu-m68k"},     {"aarch64", "qemu-arm64"},
      {"riscv64", "qemu-riscv64"}, {"mips64", "qemu-mips64el"}, {"ppc64", "qemu-ppc64"}, {"armv5", "qemu-armv5"},
      {"armv8l", "qemu-armv7"},  {"ppc32", "qemu-ppc32"},   {"sparc", "qemu-sparc64"},
      {"arm64be", "qemu-arm64be"}, {"armv7be", "qemu-armv7be"}, {"riscv32", "qemu-riscv32"}};
  for (const auto& [arch, device] : expected) EXPECT_EQ(device_for_arch(all, arch).name, device) << arch;
}

TEST(DeviceProfile, ABuildGoesToTheDeviceItsConfigIsFor) {
  auto all = shipped();
  // kbuild arch (metadata.json build.target_arch) → the device whose fragment configured the kernel.
  const std::tuple<const char*, const char*>  expected[] = {
      {"arm64", "qemu-arm64be"}, {"arm64", "qemu-arm64"},     {"arm", "qemu-armv7be"}, {"arm", "qemu-armv7"},
      {"mips", "qemu-mips64"},   {"mips", "qemu-mips32el"},   {"mips", "qemu-mips32"},
      // TuxMake's powerpc is ppc64le's compiler; its builds of other configs.
      {"powerpc", "qemu-ppc32"}, {"powerpc", "qemu-ppc64"},   {"powerpc", "qemu-ppc64le"},
      {"riscv", "qemu-riscv32"}, {"riscv", "qemu-riscv64"}};
  for (const auto& [arch, device] : expected)
    EXPECT_EQ(device_for_build(all, arch, find_device(all, device).kconfig).name, device) << arch;
}

TEST(DeviceProfile, AConfigThatFitsNoBoardBetterKeepsTheArchDefault) {
  auto all = shipped();
  EXPECT_EQ(device_for_build(all, "arm64", {}).name, "qemu-arm64");
  // Missing the console (a config for other hardware) contradicts every arm64 board alike.
  KconfigValues config = find_device(all, "qemu-arm64").kconfig;
  config.erase("CONFIG_SERIAL_AMBA_PL011_CONSOLE");
  EXPECT_EQ(device_for_build(all, "arm64", config).name, "qemu-arm64");
  EXPECT_THROW(device_for_build(all, "vax", {}), kc::Error);
}

TEST(DeviceProfile, NoArchClaimedTwice) {
  std::set<std::string> seen;
  for (const auto& p : shipped())
    for (const auto& a : p.default_for_arches) EXPECT_TRUE(seen.insert(a).second) << a << " in " << p.name;
}

TEST(DeviceProfile, UnknownNamesAreUsageErrors) {
  auto all = shipped();
  try {
    find_device(all, "qemu-vax");
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("qemu-x86_64"), std::string::npos);
  }
  EXPECT_THROW(device_for_arch(all, "vax"), kc::Error);
}

}  // namespace
}  // namespace krun
