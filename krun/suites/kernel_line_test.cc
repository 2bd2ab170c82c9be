#include "krun/suites/kernel_line.h"

#include <gtest/gtest.h>

namespace krun::suites {
namespace {

TEST(KernelLine, StripsTimestampKeepingIndentation) {
  KernelLine l = strip_kernel_prefix("[    1.234567]     ok 1 - foo\r");
  EXPECT_EQ(l.text, "    ok 1 - foo");
  ASSERT_TRUE(l.timestamp);
  EXPECT_DOUBLE_EQ(*l.timestamp, 1.234567);
}

TEST(KernelLine, StripsLevelAndCallerPrefixes) {
  KernelLine l = strip_kernel_prefix("<6>[   12.500000][    T1] KTAP version 1");
  EXPECT_EQ(l.text, "KTAP version 1");
  EXPECT_DOUBLE_EQ(*l.timestamp, 12.5);
}

TEST(KernelLine, LeavesOtherLinesAlone) {
  KernelLine l = strip_kernel_prefix("# [OK] not a timestamp");
  EXPECT_EQ(l.text, "# [OK] not a timestamp");
  EXPECT_FALSE(l.timestamp);
  EXPECT_EQ(strip_kernel_prefix("[abc] x").text, "[abc] x");
  EXPECT_EQ(strip_kernel_prefix("<<KRUN>> BOOT").text, "<<KRUN>> BOOT");
}

}  // namespace
}  // namespace krun::suites
