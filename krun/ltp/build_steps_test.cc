#include "krun/ltp/build_steps.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace krun::ltp {
namespace {

std::vector<std::string> phases(const std::vector<BuildStep>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps)
    if (out.empty() || out.back() != s.phase) out.push_back(s.phase);
  return out;
}

TEST(LtpBuildSteps, CrossBuildOfATreeWithoutConfigure) {
  BuildStepsInput in;
  in.has_configure = false;
  in.cross = true;
  in.triplet = "aarch64-linux-gnu";
  in.compiler = "aarch64-linux-gnu-gcc-12";
  in.jobs = 2;
  in.folders = {"testcases/kernel/syscalls/fork", "testcases/commands/df"};
  auto steps = ltp_build_steps(in);
  EXPECT_EQ(phases(steps), (std::vector<std::string>{"autotools", "configure", "library", "helpers", "tests", "install"}));
  EXPECT_EQ(steps[0].argv, (std::vector<std::string>{"make", "autotools"}));
  EXPECT_EQ(steps[1].argv,
            (std::vector<std::string>{"./configure", "--prefix=/opt/ltp", "--host=aarch64-linux-gnu"}));
  EXPECT_EQ(steps[1].env.at("CC"), "ccache aarch64-linux-gnu-gcc-12");
  EXPECT_EQ(steps[2].argv, (std::vector<std::string>{"make", "-j2", "-C", "lib"}));
  auto has = [&](std::vector<std::string> argv) {
    return std::any_of(steps.begin(), steps.end(), [&](const BuildStep& s) { return s.argv == argv; });
  };
  EXPECT_TRUE(has({"make", "-j2", "-C", "testcases/lib"}));
  EXPECT_TRUE(has({"make", "-j2", "-C", "testcases/kernel/syscalls/fork"}));
  EXPECT_TRUE(has({"make", "-C", "runtest", "install", "DESTDIR=/ltp/install"}));
  EXPECT_TRUE(has({"make", "-C", "testcases/commands/df", "install", "DESTDIR=/ltp/install"}));
  EXPECT_EQ(steps.back().phase, "install");
}

TEST(LtpBuildSteps, NativeReleaseTarballSkipsAutotoolsAndHost) {
  BuildStepsInput in;
  in.has_configure = true;
  in.cross = false;
  in.compiler = "gcc";
  in.jobs = 0;  // no cores known: one job
  auto steps = ltp_build_steps(in);
  EXPECT_EQ(phases(steps), (std::vector<std::string>{"configure", "library", "helpers", "install"}));
  EXPECT_EQ(steps[0].argv, (std::vector<std::string>{"./configure", "--prefix=/opt/ltp"}));
  EXPECT_EQ(steps[1].argv, (std::vector<std::string>{"make", "-j1", "-C", "lib"}));
}

}  // namespace
}  // namespace krun::ltp
