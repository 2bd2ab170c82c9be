#include "krun/run/guest_files.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace krun {
namespace {

TEST(GuestFiles, CommandsBecomeNumberedScripts) {
  auto plan = plan_guest_commands({{"uname", "-a"}, {"echo c > /proc/sysrq-trigger"}},
                                  {{"command-2", "30"}}, {{"ITER", "it's 3"}});
  ASSERT_EQ(plan.cases.size(), 2u);
  EXPECT_EQ(plan.cases[0].suite, "commands");
  EXPECT_EQ(plan.cases[0].name, "command-1");
  EXPECT_EQ(plan.cases[1].command, "echo c > /proc/sysrq-trigger");
  EXPECT_EQ(plan.files.at("/krun/tests/001-command-1.sh"), "export ITER='it'\\''s 3'\nuname -a\n");
  EXPECT_EQ(plan.files.at("/krun/tests/002-command-2.timeout"), "30\n");
  EXPECT_FALSE(plan.files.count("/krun/tests/001-command-1.timeout"));
}

TEST(GuestFiles, BadParameterNameIsRejected) {
  EXPECT_THROW(plan_guest_commands({{"true"}}, {}, {{"A B", "1"}}), kc::Error);
}

}  // namespace
}  // namespace krun
