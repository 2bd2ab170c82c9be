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

const std::vector<PlannedCase> kPlanned = {{"commands", "command-1", "true"},
                                           {"commands", "command-2", "sleep 99"},
                                           {"commands", "command-3", "echo never"}};

TEST(RunResults, TuxRunShapeWithCommands) {
  auto r = shape_results(booted_and_done(), kPlanned);
  EXPECT_EQ(r["boot"]["boot"]["result"], "pass");
  EXPECT_EQ(r["boot"]["kernel-messages"]["result"], "pass");
  EXPECT_TRUE(r["boot"]["kernel-messages"]["crashes"].empty());
  EXPECT_EQ(r["commands"]["command-1"]["result"], "pass");
  EXPECT_EQ(r["commands"]["command-2"]["result"], "fail");
  EXPECT_EQ(r["commands"]["command-2"]["reason"], "timeout");
  EXPECT_EQ(r["commands"]["command-3"]["result"], "unknown");
  EXPECT_EQ(exit_code_for(booted_and_done(), r), 1);
}

TEST(RunResults, AllPassIsZero) {
  auto o = booted_and_done();
  auto r = shape_results(o, {kPlanned[0]});
  EXPECT_EQ(exit_code_for(o, r), 0);
  EXPECT_EQ(bisect_exit_code(0), 0);
}

TEST(RunResults, CrashFailsKernelMessagesAndExitsOne) {
  auto o = booted_and_done();
  Crash c;
  c.kind = "warning";
  c.title = "WARNING in foo";
  c.first_line = 5;
  c.last_line = 9;
  o.crashes.push_back(c);
  auto r = shape_results(o, {kPlanned[0]});
  EXPECT_EQ(r["boot"]["kernel-messages"]["result"], "fail");
  EXPECT_EQ(r["boot"]["kernel-messages"]["crashes"][0]["title"], "WARNING in foo");
  EXPECT_EQ(exit_code_for(o, r), 1);
  EXPECT_EQ(bisect_exit_code(1), 1);
}

TEST(RunResults, BootTimeoutIsIncomplete) {
  BootOutcome o;
  o.end_reason = EndReason::BootTimeout;
  auto r = shape_results(o, {});
  EXPECT_EQ(r["boot"]["boot"]["result"], "fail");
  EXPECT_EQ(r["boot"]["boot"]["reason"], "timeout");
  EXPECT_EQ(exit_code_for(o, r), 2);
  EXPECT_EQ(bisect_exit_code(2), 125);
}

TEST(RunResults, PanicBeforeBootFails) {
  BootOutcome o;
  o.end_reason = EndReason::Panic;
  o.panicked = true;
  Crash c;
  c.kind = "panic";
  c.title = "kernel panic: VFS: Unable to mount root fs";
  o.crashes.push_back(c);
  auto r = shape_results(o, {});
  EXPECT_EQ(r["boot"]["boot"]["result"], "fail");
  EXPECT_EQ(r["boot"]["boot"]["reason"], "panic");
  EXPECT_EQ(exit_code_for(o, r), 1);
}

TEST(RunResults, ForeignRootfsCleanRebootCountsAsBoot) {
  BootOutcome o;
  o.end_reason = EndReason::Reboot;
  auto r = shape_results(o, {});
  EXPECT_EQ(r["boot"]["boot"]["result"], "pass");
  EXPECT_EQ(exit_code_for(o, r), 0);
}

}  // namespace
}  // namespace krun
