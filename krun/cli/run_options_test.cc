#include "krun/cli/run_options.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace krun {
namespace {

TEST(RunOptions, TuxRunNamesAndCommands) {
  auto o = parse_run_options({"--device", "qemu-arm64", "--kernel", "https://x/Image.gz", "--overlay", "a.tar:/opt",
                              "--overlay", "b.tar", "--timeouts", "boot=30", "--timeouts", "silence=9",
                              "--parameters", "K=V=W", "--tuxmake", "out", "--bisect", "--", "uname -a",
                              "--", "cat /proc/version"});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->device, "qemu-arm64");
  EXPECT_EQ(o->kernel, "https://x/Image.gz");
  EXPECT_EQ(o->overlays, (std::vector<std::string>{"a.tar:/opt", "b.tar"}));
  EXPECT_EQ(o->timeouts.at("boot"), "30");
  EXPECT_EQ(o->timeouts.at("silence"), "9");
  EXPECT_EQ(o->parameters.at("K"), "V=W");
  EXPECT_EQ(o->kbuild_dir, "out");
  EXPECT_TRUE(o->bisect);
  EXPECT_EQ(o->runtime, "null");
  ASSERT_EQ(o->commands.size(), 2u);
  EXPECT_EQ(o->commands[0], "uname -a");
  EXPECT_EQ(o->commands[1], "cat /proc/version");
}

TEST(RunOptions, BadSyntaxIsUsageError) {
  EXPECT_THROW(parse_run_options({"--timeouts", "boot"}), kc::Error);
  EXPECT_THROW(parse_run_options({"--runtime", "docker"}), kc::Error);
  EXPECT_THROW(parse_run_options({"--no-such-option"}), kc::Error);
}

TEST(RunOptions, KbuildAliasAndTests) {
  auto o = parse_run_options({"--kbuild", "dir", "--tests", "a,b", "--tests", "c"});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->kbuild_dir, "dir");
  EXPECT_EQ(o->tests, (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace krun
