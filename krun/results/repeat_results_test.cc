#include "krun/results/repeat_results.h"

#include <gtest/gtest.h>

namespace krun {
namespace {

nlohmann::json boot_run(std::vector<std::string> crash_titles, nlohmann::json suites) {
  nlohmann::json crashes = nlohmann::json::array();
  for (const auto& t : crash_titles) crashes.push_back({{"title", t}, {"first_line", 10}});
  suites["boot"] = {{"boot", {{"result", "pass"}}},
                    {"kernel-messages", {{"result", crash_titles.empty() ? "pass" : "fail"}, {"crashes", crashes}}}};
  return suites;
}

TEST(RepeatResults, OneRunIsUnchanged) {
  nlohmann::json r = boot_run({}, {{"kunit", {{"a", {{"result", "pass"}}}}}});
  EXPECT_EQ(merge_repeated_results({r}), r);
}

TEST(RepeatResults, CountsRunsAndFailsAndMarksFlaky) {
  nlohmann::json r1 = boot_run({"WARNING in noisy"}, {{"t", {{"always", {{"result", "fail"}, {"reason", "one"}}},
                                                              {"sometimes", {{"result", "pass"}, {"duration", 1.0}}},
                                                              {"never", {{"result", "pass"}}},
                                                              {"skipped", {{"result", "skip"}}}}}});
  nlohmann::json r2 = boot_run({"WARNING in noisy", "WARNING in noisy", "BUG: odd"},
                               {{"t", {{"always", {{"result", "fail"}, {"reason", "two"}}},
                                       {"sometimes", {{"result", "fail"}, {"reason", "timeout"}}},
                                       {"never", {{"result", "pass"}}},
                                       {"skipped", {{"result", "skip"}}}}}});
  nlohmann::json r3 = boot_run({"WARNING in noisy"}, {{"t", {{"always", {{"result", "fail"}}},
                                                              {"sometimes", {{"result", "pass"}}},
                                                              {"never", {{"result", "pass"}}}}}});
  nlohmann::json m = merge_repeated_results({r1, r2, r3});
  EXPECT_EQ(m["t"]["always"]["result"], "fail");
  EXPECT_EQ(m["t"]["always"]["fails"], 3);
  EXPECT_EQ(m["t"]["always"]["reason"], "one");
  EXPECT_FALSE(m["t"]["always"].contains("flaky"));
  EXPECT_EQ(m["t"]["sometimes"]["result"], "fail");
  EXPECT_EQ(m["t"]["sometimes"]["flaky"], true);
  EXPECT_EQ(m["t"]["sometimes"]["fails"], 1);
  EXPECT_EQ(m["t"]["sometimes"]["runs"], 3);
  EXPECT_EQ(m["t"]["sometimes"]["reason"], "timeout") << "the failing run's fields";
  EXPECT_EQ(m["t"]["never"]["result"], "pass");
  EXPECT_EQ(m["t"]["never"]["fails"], 0);
  EXPECT_EQ(m["t"]["skipped"]["result"], "skip");
  EXPECT_EQ(m["t"]["skipped"]["runs"], 0);
  const auto& crashes = m["boot"]["kernel-messages"]["crashes"];
  ASSERT_EQ(crashes.size(), 2u) << crashes.dump();
  EXPECT_EQ(crashes[0]["title"], "WARNING in noisy");
  EXPECT_EQ(crashes[0]["seen_in_runs"], 3);
  EXPECT_EQ(crashes[1]["title"], "BUG: odd");
  EXPECT_EQ(crashes[1]["seen_in_runs"], 1);
  EXPECT_EQ(m["boot"]["kernel-messages"]["result"], "fail");
  EXPECT_EQ(m["boot"]["kernel-messages"]["runs"], 3);
  EXPECT_EQ(m["boot"]["boot"]["fails"], 0);
}

TEST(RepeatResults, ExitCodeFailureWinsThenIncomplete) {
  EXPECT_EQ(merge_exit_codes({0, 0, 0}), 0);
  EXPECT_EQ(merge_exit_codes({0, 2, 0}), 2);
  EXPECT_EQ(merge_exit_codes({2, 1, 0}), 1);
}

}  // namespace
}  // namespace krun
