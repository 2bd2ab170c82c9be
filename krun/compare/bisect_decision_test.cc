#include "krun/compare/bisect_decision.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace krun::compare {
namespace {

using Kind = BisectTarget::Kind;

nlohmann::json run_with(nlohmann::json cases, std::vector<std::string> crash_titles = {}) {
  nlohmann::json crashes = nlohmann::json::array();
  for (const auto& t : crash_titles) crashes.push_back({{"title", t}});
  cases["boot"]["kernel-messages"] = {{"result", crash_titles.empty() ? "pass" : "fail"}, {"crashes", crashes}};
  if (!cases["boot"].contains("boot")) cases["boot"]["boot"] = {{"result", "pass"}};
  return cases;
}

BisectInput input(const nlohmann::json& results, bool complete = true) {
  BisectInput in;
  in.run = read_run(results);
  in.run_complete = complete;
  return in;
}

int decide(const std::string& on, const BisectInput& in) { return decide_bisect({parse_bisect_target(on)}, in).exit_code; }

TEST(BisectTarget, ReadsEachKind) {
  EXPECT_EQ(parse_bisect_target("boot").kind, Kind::Boot);
  EXPECT_EQ(parse_bisect_target("regressions").kind, Kind::Regressions);
  EXPECT_EQ(parse_bisect_target("ltp-syscalls/fork01").kind, Kind::Case);
  EXPECT_EQ(parse_bisect_target("kunit/example.example_simple_test").kind, Kind::Case);
  EXPECT_EQ(parse_bisect_target("ltp-syscalls/fork*").kind, Kind::Case);
  EXPECT_EQ(parse_bisect_target("KASAN: use-after-free in *").kind, Kind::Crash);
  EXPECT_EQ(parse_bisect_target("KASAN*").kind, Kind::Crash);
  // A title with a '/' and no space, forced.
  BisectTarget t = parse_bisect_target("crash:BUG/x");
  EXPECT_EQ(t.kind, Kind::Crash);
  EXPECT_EQ(t.pattern, "BUG/x");
  t = parse_bisect_target("case:commands/uname -a");
  EXPECT_EQ(t.kind, Kind::Case);
  EXPECT_EQ(t.pattern, "commands/uname -a");
  EXPECT_THROW(parse_bisect_target(""), kc::Error);
  EXPECT_THROW(parse_bisect_target("case:"), kc::Error);
}

TEST(BisectDecision, ACaseDecidesAndOtherFailuresDoNot) {
  auto bad = run_with({{"ltp-syscalls", {{"fork01", {{"result", "fail"}}}, {"fork02", {{"result", "pass"}}}}}},
                      {"WARNING in always_noisy"});
  auto good = run_with({{"ltp-syscalls", {{"fork01", {{"result", "pass"}}}, {"fork02", {{"result", "fail"}}}}}},
                       {"WARNING in always_noisy"});
  EXPECT_EQ(decide("ltp-syscalls/fork01", input(bad)), 1);
  EXPECT_EQ(decide("ltp-syscalls/fork01", input(good)), 0);
  EXPECT_EQ(decide("ltp-syscalls/fork*", input(good)), 1) << "fork02 matches the glob too";
  BisectVerdict v = decide_bisect({parse_bisect_target("ltp-syscalls/fork01")}, input(bad));
  EXPECT_EQ(v.reason, "ltp-syscalls/fork01 failed");
}

TEST(BisectDecision, ACaseThatDidNotRunCannotBeTested) {
  auto no_suite = run_with({{"boot", {{"boot", {{"result", "fail"}, {"reason", "panic"}}}}}}, {"Kernel panic - not syncing: x"});
  EXPECT_EQ(decide("ltp-syscalls/fork01", input(no_suite, false)), 125);
  auto skipped = run_with({{"ltp-syscalls", {{"fork01", {{"result", "skip"}}}}}});
  EXPECT_EQ(decide("ltp-syscalls/fork01", input(skipped)), 125);
  auto unknown = run_with({{"ltp-syscalls", {{"fork01", {{"result", "unknown"}}}}}});
  EXPECT_EQ(decide("ltp-syscalls/fork01", input(unknown)), 125);
  // A case that passed before the run later timed out still passed.
  auto passed_then_hung = run_with({{"ltp-syscalls", {{"fork01", {{"result", "pass"}}}}}});
  EXPECT_EQ(decide("ltp-syscalls/fork01", input(passed_then_hung, false)), 0);
}

TEST(BisectDecision, ACrashTitlePattern) {
  auto kasan = run_with({}, {"WARNING in always_noisy", "KASAN: use-after-free in fork_release"});
  auto noisy = run_with({}, {"WARNING in always_noisy"});
  EXPECT_EQ(decide("KASAN: use-after-free in *", input(kasan)), 1);
  EXPECT_EQ(decide("KASAN: use-after-free in *", input(noisy)), 0);
  // Not seen, but the run stopped early: it might have come later.
  EXPECT_EQ(decide("KASAN: use-after-free in *", input(noisy, false)), 125);
  EXPECT_EQ(decide("KASAN: use-after-free in *", input(kasan, false)), 1);
  EXPECT_EQ(decide("WARNING in always_noisy", input(noisy)), 1);
}

TEST(BisectDecision, Boot) {
  auto booted = run_with({}, {"WARNING in always_noisy"});
  auto panicked = run_with({{"boot", {{"boot", {{"result", "fail"}, {"reason", "panic"}}}}}}, {"Kernel panic - not syncing: x"});
  auto infra = run_with({{"boot", {{"boot", {{"result", "unknown"}, {"reason", "qemu-failed"}}}}}});
  EXPECT_EQ(decide("boot", input(booted)), 0);
  EXPECT_EQ(decide("boot", input(panicked, false)), 1);
  EXPECT_EQ(decide("boot", input(infra, false)), 125);
  // TuxRun's results: LAVA's login action.
  nlohmann::json tuxrun = {{"lava", {{"login-action", {{"result", "fail"}}}, {"job", {{"result", "fail"}}}}}};
  EXPECT_EQ(decide("boot", input(tuxrun, false)), 1);
}

TEST(BisectDecision, RegressionsAgainstABaseline) {
  auto base = run_with({{"kunit", {{"a", {{"result", "pass"}}}, {"b", {{"result", "fail"}}}}}}, {"WARNING in always_noisy"});
  auto same_failures = run_with({{"kunit", {{"a", {{"result", "pass"}}}, {"b", {{"result", "fail"}}}}}},
                                {"WARNING in always_noisy"});
  auto regressed = run_with({{"kunit", {{"a", {{"result", "fail"}}}, {"b", {{"result", "fail"}}}}}}, {"WARNING in always_noisy"});
  auto new_crash = run_with({{"kunit", {{"a", {{"result", "pass"}}}, {"b", {{"result", "pass"}}}}}},
                            {"WARNING in always_noisy", "BUG: sleeping function called from invalid context in foo"});
  RunRecord baseline = read_run(base);
  auto with_baseline = [&](const nlohmann::json& r, bool complete = true) {
    BisectInput in = input(r, complete);
    in.baseline = &baseline;
    return in;
  };
  EXPECT_EQ(decide("regressions", with_baseline(same_failures)), 0);
  EXPECT_EQ(decide("regressions", with_baseline(regressed)), 1);
  BisectVerdict v = decide_bisect({parse_bisect_target("regressions")}, with_baseline(new_crash));
  EXPECT_EQ(v.exit_code, 1);
  EXPECT_NE(v.reason.find("sleeping function"), std::string::npos) << v.reason;
  EXPECT_EQ(decide("regressions", with_baseline(same_failures, false)), 125);
  EXPECT_THROW(decide("regressions", input(same_failures)), kc::Error) << "no baseline";
}

TEST(BisectDecision, FlakyIsCannotTestUnlessAsked) {
  nlohmann::json repeated = {
      {"boot", {{"boot", {{"result", "pass"}, {"runs", 3}, {"fails", 0}}},
                {"kernel-messages", {{"result", "fail"}, {"runs", 3}, {"fails", 1},
                                     {"crashes", {{{"title", "WARNING in sometimes"}, {"seen_in_runs", 1}}}}}}}},
      {"ltp-syscalls", {{"fork01", {{"result", "fail"}, {"runs", 3}, {"fails", 2}, {"flaky", true}}},
                        {"fork02", {{"result", "fail"}, {"runs", 3}, {"fails", 3}}}}}};
  BisectInput in = input(repeated);
  EXPECT_EQ(in.run.runs, 3);
  EXPECT_EQ(decide("ltp-syscalls/fork01", in), 125);
  EXPECT_EQ(decide("ltp-syscalls/fork02", in), 1);
  EXPECT_EQ(decide("WARNING in sometimes", in), 125);
  in.flaky_is_bad = true;
  EXPECT_EQ(decide("ltp-syscalls/fork01", in), 1);
  EXPECT_EQ(decide("WARNING in sometimes", in), 1);
}

TEST(BisectDecision, SeveralTargetsBadWinsThenCannotTest) {
  auto r = run_with({{"kunit", {{"a", {{"result", "pass"}}}, {"b", {{"result", "fail"}}}}}});
  std::vector<BisectTarget> targets{parse_bisect_target("kunit/a"), parse_bisect_target("kunit/c")};
  EXPECT_EQ(decide_bisect(targets, input(r)).exit_code, 125);
  targets.push_back(parse_bisect_target("kunit/b"));
  EXPECT_EQ(decide_bisect(targets, input(r)).exit_code, 1);
  EXPECT_EQ(decide_bisect({parse_bisect_target("kunit/a"), parse_bisect_target("boot")}, input(r)).exit_code, 0);
}

TEST(PlainBisect, TheRunsExitCodeDecides) {
  auto pass = run_with({});
  EXPECT_EQ(decide_plain_bisect(0, input(pass)).exit_code, 0);
  EXPECT_EQ(decide_plain_bisect(1, input(run_with({}, {"WARNING in foo"}))).exit_code, 1);
  EXPECT_EQ(decide_plain_bisect(2, input(pass, false)).exit_code, 125);
}

TEST(PlainBisect, OnlyFlakyFailuresOverRepeatsCannotBeTested) {
  nlohmann::json flaky = {{"boot", {{"boot", {{"result", "pass"}, {"runs", 2}, {"fails", 0}}},
                                    {"kernel-messages", {{"result", "pass"}, {"runs", 2}, {"fails", 0}}}}},
                          {"t", {{"a", {{"result", "fail"}, {"runs", 2}, {"fails", 1}, {"flaky", true}}}}}};
  EXPECT_EQ(decide_plain_bisect(1, input(flaky)).exit_code, 125);
  BisectInput bad = input(flaky);
  bad.flaky_is_bad = true;
  EXPECT_EQ(decide_plain_bisect(1, bad).exit_code, 1);
  flaky["t"]["b"] = {{"result", "fail"}, {"runs", 2}, {"fails", 2}};
  EXPECT_EQ(decide_plain_bisect(1, input(flaky)).exit_code, 1);
}

}  // namespace
}  // namespace krun::compare
