#include "kbuild/status.h"

#include <gtest/gtest.h>

namespace kbuild {
namespace {

// metadata.json and KBUILD_HOOK_STATUS carry TuxMake's words.
TEST(Status, EveryStatusHasTuxMakesWord) {
  EXPECT_EQ(to_string(Status::Pass), "PASS");
  EXPECT_EQ(to_string(Status::Fail), "FAIL");
  EXPECT_EQ(to_string(Status::Skip), "SKIP");
  EXPECT_EQ(to_string(Status::Running), "RUNNING");
  EXPECT_EQ(to_string(Status::Interrupted), "INTERRUPTED");
}

}  // namespace
}  // namespace kbuild
