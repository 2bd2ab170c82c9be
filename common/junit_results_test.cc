#include "common/junit_results.h"

#include <gtest/gtest.h>

namespace kc::junit {
namespace {

TEST(JunitResults, TuxRunShapedResultsBecomeSuitesAndCases) {
  auto results = nlohmann::json::parse(R"({
    "boot": {
      "boot": {"result": "pass", "duration": 3.5, "end_reason": "done"},
      "kernel-messages": {"result": "fail", "crashes": [
        {"kind": "panic", "title": "kernel panic: boom", "excerpt": "Kernel panic - not syncing: boom"}]}
    },
    "commands": {
      "command-1": {"result": "fail", "command": "false", "exit_code": 1},
      "command-2": {"result": "unknown"},
      "command-3": "skip"
    }
  })");
  auto suites = suites_from_results(results);
  ASSERT_EQ(suites.size(), 2u);
  EXPECT_EQ(suites[0].name, "boot");
  ASSERT_EQ(suites[0].cases.size(), 2u);
  EXPECT_EQ(suites[0].cases[0].outcome, Outcome::Pass);
  EXPECT_DOUBLE_EQ(suites[0].cases[0].seconds, 3.5);
  EXPECT_EQ(suites[0].cases[1].outcome, Outcome::Fail);
  EXPECT_EQ(suites[0].cases[1].message, "kernel panic: boom");
  EXPECT_NE(suites[0].cases[1].details.find("Kernel panic - not syncing: boom"), std::string::npos);
  EXPECT_EQ(suites[1].cases[0].message, "exit code 1");
  EXPECT_EQ(suites[1].cases[1].outcome, Outcome::Error);
  EXPECT_EQ(suites[1].cases[2].outcome, Outcome::Skip);

  std::string xml = to_xml(suites);
  EXPECT_NE(xml.find("tests=\"5\" failures=\"2\" errors=\"1\" skipped=\"1\""), std::string::npos) << xml;
}

TEST(JunitResults, NotAnObjectGivesNoSuites) {
  EXPECT_TRUE(suites_from_results(nlohmann::json::array()).empty());
}

}  // namespace
}  // namespace kc::junit
