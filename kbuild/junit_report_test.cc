#include "kbuild/junit_report.h"

#include <gtest/gtest.h>

namespace kbuild {
namespace {

TEST(JunitReport, OneCasePerTargetWithItsOutcome) {
  BuildRecord r;
  r.build = {{"target_arch", "arm64"}, {"toolchain", "gcc-12"}};
  r.targets = {{"config", Status::Pass, 3.5, ""},
               {"kernel", Status::Fail, 10, "make exited with 2"},
               {"modules", Status::Skip, 0, "CONFIG_MODULES is not set"},
               {"dtbs", Status::Interrupted, 1, ""}};
  auto suites = junit_suites(r);
  ASSERT_EQ(suites.size(), 1u);
  EXPECT_EQ(suites[0].name, "kbuild arm64 gcc-12");
  std::string xml = kc::junit::to_xml(suites);
  EXPECT_NE(xml.find("tests=\"4\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("failures=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("skipped=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("errors=\"1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("make exited with 2"), std::string::npos);
  EXPECT_NE(xml.find("CONFIG_MODULES is not set"), std::string::npos);
  EXPECT_NE(xml.find("INTERRUPTED"), std::string::npos);
}

}  // namespace
}  // namespace kbuild
