#include "krun/results/lava_suite.h"

#include <gtest/gtest.h>

#include "krun/compare/run_record.h"

namespace krun {
namespace {

nlohmann::json krun_results(const char* boot_result, bool ltp_failed) {
  return {{"boot", {{"boot", {{"result", boot_result}}}, {"kernel-messages", {{"result", "pass"}}}}},
          {"ltp-smoke", {{"fork01", {{"result", ltp_failed ? "fail" : "pass"}}}, {"chdir01", {{"result", "pass"}}}}},
          {"kunit/example", {{"example_simple_test", {{"result", "pass"}}}}}};
}

TEST(LavaSuite, APassingRunSaysSoInLavasWords) {
  BootOutcome o;
  o.end_reason = EndReason::Done;
  o.boot_seconds = 3.14159;
  o.total_seconds = 20;
  auto lava = lava_suite(o, krun_results("pass", false), {"x86_64", "x86_64", "QEMU emulator version 7.2.22", 20});
  EXPECT_EQ(lava["job"], nlohmann::json({{"result", "pass"}}));
  EXPECT_EQ(lava["login-action"]["result"], "pass");
  EXPECT_EQ(lava["login-action"]["duration"], "3.14");
  EXPECT_EQ(lava["execute-qemu"]["extra"]["job_arch"], "x86_64");
  EXPECT_EQ(lava["execute-qemu"]["extra"]["qemu_version"], "QEMU emulator version 7.2.22");
  EXPECT_EQ(lava["ltp-smoke"]["result"], "pass");
  EXPECT_EQ(lava["kunit"]["result"], "pass");
}

TEST(LavaSuite, ABootTimeoutFailsLoginAndTheJobAsLavaDoes) {
  BootOutcome o;
  o.end_reason = EndReason::BootTimeout;
  o.end_detail = "boot did not finish within 300 s";
  auto lava = lava_suite(o, krun_results("fail", false), {});
  EXPECT_EQ(lava["login-action"]["result"], "fail");
  EXPECT_EQ(lava["login-action"]["extra"]["fail"], "boot did not finish within 300 s");
  EXPECT_EQ(lava["job"]["result"], "fail");
  EXPECT_EQ(lava["job"]["error_type"], "Job");
  EXPECT_EQ(lava["job"]["error_msg"], "boot did not finish within 300 s");
}

TEST(LavaSuite, AFailedTestFailsItsDefinitionNotTheJob) {
  BootOutcome o;
  o.end_reason = EndReason::Done;
  auto lava = lava_suite(o, krun_results("pass", true), {});
  EXPECT_EQ(lava["ltp-smoke"]["result"], "fail");
  EXPECT_EQ(lava["job"]["result"], "pass");
}

// A reader of TuxRun's results finds the boot where TuxRun puts it; krun's
// own reader does not count the mirrored entries twice.
TEST(LavaSuite, ReadersOfTuxRunsResultsSeeTheBootAndTheJob) {
  BootOutcome o;
  o.end_reason = EndReason::Done;
  nlohmann::json results = krun_results("pass", true);
  results["lava"] = lava_suite(o, results, {});
  nlohmann::json tuxrun_view = results;
  tuxrun_view.erase("boot");
  compare::RunRecord as_tuxrun = compare::read_run(tuxrun_view);
  EXPECT_EQ(as_tuxrun.boot_case, "lava/login-action");
  EXPECT_EQ(as_tuxrun.cases.at("lava/login-action").status(), "pass");
  compare::RunRecord as_krun = compare::read_run(results);
  EXPECT_EQ(as_krun.boot_case, "boot/boot");
  EXPECT_EQ(as_krun.cases.count("lava/job"), 0u);
  EXPECT_EQ(as_krun.cases.at("ltp-smoke/fork01").status(), "fail");
}

}  // namespace
}  // namespace krun
