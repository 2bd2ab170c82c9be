#include "common/image_build_log.h"

#include <gtest/gtest.h>

namespace kc::image_log {
namespace {

TEST(BuildLog, ProgressSteps) {
  EXPECT_EQ(progress_step("STEP 2/6: RUN apt-get update\n"), "STEP 2/6: RUN apt-get update");
  EXPECT_EQ(progress_step("I: downloading packages with apt..."), "base: downloading packages with apt...");
  EXPECT_EQ(progress_step("Get:1 http://deb.debian.org bookworm InRelease"), std::nullopt);
}

TEST(BuildLog, MissingPackagesFromApt) {
  std::string log =
      "Reading package lists...\n"
      "E: Unable to locate package gcc-99-aarch64-linux-gnu\n"
      "E: Package 'libfoo-dev' has no installation candidate\n"
      "E: Unable to locate package gcc-99-aarch64-linux-gnu\n";
  EXPECT_EQ(missing_packages(log), (std::vector<std::string>{"gcc-99-aarch64-linux-gnu", "libfoo-dev"}));
  EXPECT_TRUE(missing_packages("Setting up make (4.3-4.1) ...\n").empty());
}

TEST(BuildLog, NetworkFailure) {
  EXPECT_TRUE(network_failure("W: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  "
                              "Temporary failure resolving 'deb.debian.org'"));
  EXPECT_TRUE(network_failure("E: Could not connect to 127.0.0.1:9 (127.0.0.1). - connect (111: Connection refused)"));
  EXPECT_FALSE(network_failure("E: Unable to locate package nope"));
}

}  // namespace
}  // namespace kc::image_log
