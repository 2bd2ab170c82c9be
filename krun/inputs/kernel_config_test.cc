#include "krun/inputs/kernel_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace krun {
namespace {

TEST(KernelConfig, FindsTheBuildTreeConfigAndReportsMissingSymbols) {
  auto root = std::filesystem::temp_directory_path() / ("krun-kc-" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  std::filesystem::create_directories(root / "out/arch/x86/boot");
  std::ofstream(root / "out/arch/x86/boot/bzImage") << "k";
  std::ofstream(root / "out/.config") << "CONFIG_SERIAL_8250=y\nCONFIG_SERIAL_8250_CONSOLE=m\n";
  auto found = find_build_config(root / "out/arch/x86/boot/bzImage");
  ASSERT_TRUE(found);
  EXPECT_EQ(*found, root / "out/.config");

  DeviceProfile p;
  p.name = "qemu-test";
  p.kconfig = parse_kconfig("CONFIG_SERIAL_8250=y\nCONFIG_SERIAL_8250_CONSOLE=y\nCONFIG_TTY=y\n");
  auto missing = warn_missing_kconfig(p, *found);
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].symbol, "CONFIG_SERIAL_8250_CONSOLE");
  EXPECT_EQ(missing[1].symbol, "CONFIG_TTY");

  std::filesystem::create_directories(root / "lone");
  std::ofstream(root / "lone/Image") << "k";
  std::filesystem::remove(root / "out/.config");
  EXPECT_FALSE(find_build_config(root / "out/arch/x86/boot/bzImage"));
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace krun
