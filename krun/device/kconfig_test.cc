#include "krun/device/kconfig.h"

#include <gtest/gtest.h>

namespace krun {
namespace {

TEST(Kconfig, ParsesSetUnsetAndValues) {
  auto v = parse_kconfig("# comment\nCONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\nCONFIG_D=\"x y\"\r\n");
  EXPECT_EQ(v.at("CONFIG_A"), "y");
  EXPECT_EQ(v.at("CONFIG_B"), "m");
  EXPECT_EQ(v.at("CONFIG_C"), "n");
  EXPECT_EQ(v.at("CONFIG_D"), "x y");
  EXPECT_EQ(v.size(), 4u);
}

TEST(Kconfig, CheckListsOnlyUnmetRequirements) {
  auto wanted = parse_kconfig("CONFIG_A=y\nCONFIG_B=y\n# CONFIG_64BIT is not set\nCONFIG_C=y\n");
  auto config = parse_kconfig("CONFIG_A=y\nCONFIG_B=m\n");
  auto missing = check_kconfig(wanted, config);
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].symbol, "CONFIG_B");
  EXPECT_EQ(missing[0].actual, "m");
  EXPECT_EQ(missing[1].symbol, "CONFIG_C");
  EXPECT_EQ(missing[1].actual, "n");
  auto set64 = check_kconfig(wanted, parse_kconfig("CONFIG_A=y\nCONFIG_B=y\nCONFIG_C=y\nCONFIG_64BIT=y\n"));
  ASSERT_EQ(set64.size(), 1u);
  EXPECT_EQ(set64[0].symbol, "CONFIG_64BIT");
}

}  // namespace
}  // namespace krun
