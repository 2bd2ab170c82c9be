#include "kbuild/metadata.h"

#include <gtest/gtest.h>

namespace kbuild {
namespace {

TEST(Metadata, HasTheFieldsTuxRunReads) {
  BuildRecord r;
  r.build = {{"target_arch", "arm64"}, {"toolchain", "gcc-12"}};
  r.status = Status::Pass;
  r.targets = {{"config", Status::Pass, 1.5, ""}, {"modules", Status::Skip, 0, "CONFIG_MODULES is not set"}};
  r.artifacts["kernel"] = {"Image.gz"};
  r.artifacts["modules"] = {"modules.tar.xz"};
  r.info["compiler"] = {{"name", "gcc"}};
  r.warnings = 3;
  auto j = metadata_json(r);
  EXPECT_EQ(j["build"]["target_arch"], "arm64");
  EXPECT_EQ(j["results"]["status"], "PASS");
  EXPECT_EQ(j["results"]["artifacts"]["kernel"][0], "Image.gz");
  EXPECT_EQ(j["results"]["artifacts"]["modules"][0], "modules.tar.xz");
  EXPECT_EQ(j["results"]["targets"]["config"]["status"], "PASS");
  EXPECT_DOUBLE_EQ(j["results"]["targets"]["config"]["duration"].get<double>(), 1.5);
  EXPECT_EQ(j["results"]["targets"]["modules"]["reason"], "CONFIG_MODULES is not set");
  EXPECT_EQ(j["results"]["warnings"], 3);
  EXPECT_EQ(j["compiler"]["name"], "gcc");
  EXPECT_FALSE(j.contains("kconfig_check"));
  EXPECT_FALSE(j["results"].contains("interrupted"));
}

TEST(Metadata, InterruptedAndKconfigCheckSections) {
  BuildRecord r;
  r.status = Status::Interrupted;
  r.interrupted = {{"signal", "SIGTERM"}, {"target", "kernel"}};
  r.kconfig_check = {{"requested", 1}, {"missing", nlohmann::json::array()}};
  auto j = metadata_json(r);
  EXPECT_EQ(j["results"]["interrupted"]["target"], "kernel");
  EXPECT_EQ(j["kconfig_check"]["requested"], 1);
}

}  // namespace
}  // namespace kbuild
