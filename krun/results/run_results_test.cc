#include "krun/results/run_results.h"

#include <gtest/gtest.h>

namespace krun {
namespace {

BootOutcome booted_and_done() {
  BootOutcome o;
  o.markers.on_line(10, "<<KRUN>> BOOT");
  o.markers.on_line(11, "<<KRUN>> START command-1");
  o.markers.on_line(12, "<<KRUN>> END command-1 0");
  o.markers.on_line(13, "<<KRUN>> START command-2");
  o.markers.on_line(14, "<<KRUN>> END command-2 124");
  o.markers.on_line(15, "<<KRUN>> DONE");
  o.end_reason = EndReason::Done;
  o.boot_seconds = 1.5;
  return o;
}

TEST(RunResults, BootSuiteInTuxRunShape) {
  auto r = shape_results(booted_and_done());
  EXPECT_EQ(r["boot"]["boot"]["result"], "pass");
  EXPECT_EQ(r["boot"]["boot"]["duration"], 1.5);
  EXPECT_EQ(r["boot"]["kernel-messages"]["result"], "pass");
  EXPECT_TRUE(r["boot"]["kernel-messages"]["crashes"].empty());
  EXPECT_EQ(r.size(), 1u) << r.dump(2);
}

TEST(RunResults, AllPassIsZero) {
  auto o = booted_and_done();
  auto r = shape_results(o);
  EXPECT_EQ(exit_code_for(o, r), 0);
}

TEST(RunResults, MergedSuitesKeepBootAndAFailedCaseExitsOne) {
  auto o = booted_and_done();
  auto r = shape_results(o);
  merge_suites(r, {{"boot", {{"boot", {{"result", "fail"}}}}},
                   {"commands", {{"uname -a", {{"result", "pass"}}}, {"false", {{"result", "fail"}}}}}});
  EXPECT_EQ(r["boot"]["boot"]["result"], "pass");
  EXPECT_EQ(r["commands"]["uname -a"]["result"], "pass");
  EXPECT_EQ(r["commands"]["false"]["result"], "fail");
  EXPECT_EQ(exit_code_for(o, r), 1);
}

TEST(RunResults, HowTheRunEndedForOpenTests) {
  BootOutcome o;
  o.end_reason = EndReason::Done;
  EXPECT_EQ(run_end_for(o), suites::RunEnd::Completed);
  o.end_reason = EndReason::RunTimeout;
  EXPECT_EQ(run_end_for(o), suites::RunEnd::TimedOut);
  o.end_reason = EndReason::SilenceTimeout;
  EXPECT_EQ(run_end_for(o), suites::RunEnd::TimedOut);
  o.end_reason = EndReason::Panic;
  EXPECT_EQ(run_end_for(o), suites::RunEnd::Crashed);
  o.end_reason = EndReason::Interrupted;  // the user, not a timeout
  EXPECT_EQ(run_end_for(o), suites::RunEnd::Interrupted);
  EXPECT_STREQ(suites::open_test_reason(suites::RunEnd::Interrupted), "interrupted");
  EXPECT_STREQ(suites::open_test_reason(suites::RunEnd::TimedOut), "timed out");
  o.end_reason = EndReason::QemuExited;
  EXPECT_EQ(run_end_for(o), suites::RunEnd::Crashed);
}

TEST(RunResults, CrashFailsKernelMessagesAndExitsOne) {
  auto o = booted_and_done();
  Crash c;
  c.kind = "warning";
  c.title = "WARNING in foo";
  c.first_line = 5;
  c.last_line = 9;
  o.crashes.push_back(c);
  auto r = shape_results(o);
  EXPECT_EQ(r["boot"]["kernel-messages"]["result"], "fail");
  EXPECT_EQ(r["boot"]["kernel-messages"]["crashes"][0]["title"], "WARNING in foo");
  EXPECT_EQ(exit_code_for(o, r), 1);
}

TEST(RunResults, BootTimeoutIsIncomplete) {
  BootOutcome o;
  o.end_reason = EndReason::BootTimeout;
  auto r = shape_results(o);
  EXPECT_EQ(r["boot"]["boot"]["result"], "fail");
  EXPECT_EQ(r["boot"]["boot"]["reason"], "timeout");
  EXPECT_EQ(exit_code_for(o, r), 2);
}

TEST(RunResults, PanicBeforeBootFails) {
  BootOutcome o;
  o.end_reason = EndReason::Panic;
  o.panicked = true;
  Crash c;
  c.kind = "panic";
  c.title = "kernel panic: VFS: Unable to mount root fs";
  o.crashes.push_back(c);
  auto r = shape_results(o);
  EXPECT_EQ(r["boot"]["boot"]["result"], "fail");
  EXPECT_EQ(r["boot"]["boot"]["reason"], "panic");
  EXPECT_EQ(exit_code_for(o, r), 1);
}

TEST(RunResults, ForeignRootfsCleanRebootCountsAsBoot) {
  BootOutcome o;
  o.end_reason = EndReason::Reboot;
  auto r = shape_results(o);
  EXPECT_EQ(r["boot"]["boot"]["result"], "pass");
  EXPECT_EQ(exit_code_for(o, r), 0);
}

// README's exit-code table for krun, after delivery: a failed KCIDB
// submission or hook never hides a failure, turns a good run into 2, and
// under --bisect a good verdict into cannot-test.
TEST(RunResults, DeliveredExitCodeFollowsReadmesTable) {
  EXPECT_EQ(delivered_exit_code(0, false, std::nullopt), 0);
  EXPECT_EQ(delivered_exit_code(1, false, std::nullopt), 1);
  EXPECT_EQ(delivered_exit_code(2, false, std::nullopt), 2);
  EXPECT_EQ(delivered_exit_code(0, true, std::nullopt), 2);
  EXPECT_EQ(delivered_exit_code(1, true, std::nullopt), 1);
  EXPECT_EQ(delivered_exit_code(1, false, 0), 0);  // --bisect-on: the run's other failure does not decide
  EXPECT_EQ(delivered_exit_code(0, false, 1), 1);
  EXPECT_EQ(delivered_exit_code(2, false, 125), 125);
  EXPECT_EQ(delivered_exit_code(0, true, 0), 125);
  EXPECT_EQ(delivered_exit_code(1, true, 1), 1);
}

}  // namespace
}  // namespace krun
