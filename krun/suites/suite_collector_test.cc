#include "krun/suites/suite_collector.h"

#include <gtest/gtest.h>

#include <fstream>

#include "krun/suites/console_replay.h"
#include "krun/suites/testdata_reader.h"

namespace krun::suites {
namespace {

// Stands in for the core's marker parser: turns <<KRUN>> lines of a recorded
// log into the collector's start/end calls.
void feed_with_markers(SuiteCollector& c, const std::string& file) {
  testing::feed_file(testing::testdata(file), [&](size_t n, const std::string& line) {
    c.on_line(n, line);
    size_t m = line.find("<<KRUN>> ");
    if (m == std::string::npos) return;
    std::string rest = line.substr(m + 9);
    if (rest.rfind("START ", 0) == 0) c.on_test_start(rest.substr(6), n, n);
    if (rest.rfind("END ", 0) == 0) {
      std::string args = rest.substr(4);
      size_t sp = args.rfind(' ');
      c.on_test_end(args.substr(0, sp), std::stoi(args.substr(sp + 1)), n, n);
    }
  });
}

TEST(SuiteCollector, KunitAtBootAndFromModules) {
  PlanRequest req;
  req.tests = {"kunit"};
  req.module_files = {"lib/modules/6.1.0/extra/krun_failing_kunit.ko"};
  SuiteCollector c(plan_tests(req));
  feed_with_markers(c, "kunit_two_documents.log");
  SuiteResults r;
  c.finish(RunEnd::Completed, r);
  auto j = r.to_json();
  EXPECT_EQ(j["kunit/hash"]["test_string_or"]["result"], "pass");
  EXPECT_EQ(j["kunit/krun-failing"]["krun_passing_case"]["result"], "pass");
  EXPECT_EQ(j["kunit/krun-failing"]["krun_failing_case"]["result"], "fail");
  EXPECT_EQ(j["kunit/krun-failing"]["krun_failing_case"]["lines"], nlohmann::json::array({16, 17}));
  EXPECT_EQ(j.size(), 2u) << j.dump(2);
}

TEST(SuiteCollector, KunitCrashLeavesTheSuiteFailed) {
  PlanRequest req;
  req.tests = {"kunit"};
  SuiteCollector c(plan_tests(req));
  feed_with_markers(c, "kunit_crash.log");
  SuiteResults r;
  c.finish(RunEnd::Crashed, r);
  auto j = r.to_json();
  EXPECT_EQ(j["kunit/string"]["string_test_memset32"]["result"], "pass");
  EXPECT_EQ(j["kunit/string"]["string"]["result"], "fail");
  EXPECT_EQ(j["kunit/string"]["string"]["reason"], "crashed");
}

TEST(SuiteCollector, KselftestCasesGoToTheirCollectionSuite) {
  PlanRequest req;
  req.tests = {"kselftest-timers"};
  req.parameters = {{"KSELFTEST", "k.tar.xz"}};
  SuiteCollector c(plan_tests(req));
  feed_with_markers(c, "kselftest_timers.log");
  SuiteResults r;
  c.finish(RunEnd::Completed, r);
  auto j = r.to_json();
  const auto& t = j["kselftest-timers"];
  EXPECT_EQ(t["posix_timers"]["result"], "fail");
  EXPECT_EQ(t["posix_timers"]["reason"], "exit=1");
  EXPECT_EQ(t["posix_timers.Passed ITIMER_VIRTUAL"]["result"], "pass");
  EXPECT_EQ(t["posix_timers.Check timer_create() per thread signal distribution"]["result"], "fail");
  EXPECT_EQ(t["nanosleep"]["result"], "pass");
  EXPECT_EQ(t["rtcpie"]["result"], "skip");
  EXPECT_EQ(t["set-timer-lat"]["result"], "fail");
  EXPECT_EQ(t["set-timer-lat"]["reason"], "TIMEOUT: 45 seconds");
  EXPECT_EQ(t.size(), 7u) << t.dump(2);
}

TEST(SuiteCollector, CommandsPassOnExitZeroAndTimeoutsAreNamed) {
  PlanRequest req;
  req.commands = {"uname -a", "false", "sleep 1000", "never"};
  SuiteCollector c(plan_tests(req));
  size_t n = 0;
  c.on_line(++n, "<<KRUN>> BOOT");
  c.on_test_start("command-1", ++n, 1.0);
  c.on_line(++n, "Linux krun 6.1.0 #1 SMP x86_64 GNU/Linux");
  c.on_test_end("command-1", 0, ++n, 1.25);
  c.on_test_start("command-2", ++n, 2.0);
  c.on_test_end("command-2", 1, ++n, 2.5);
  c.on_test_start("command-3", ++n, 3.0);
  c.on_test_end("command-3", 124, ++n, 603.0);
  SuiteResults r;
  c.finish(RunEnd::Crashed, r);
  auto j = r.to_json()["commands"];
  EXPECT_EQ(j["uname -a"]["result"], "pass");
  EXPECT_DOUBLE_EQ(j["uname -a"]["duration"].get<double>(), 0.25);
  EXPECT_EQ(j["uname -a"]["lines"], nlohmann::json::array({2, 4}));
  EXPECT_EQ(j["false"]["result"], "fail");
  EXPECT_EQ(j["false"]["reason"], "exit code 1");
  EXPECT_EQ(j["sleep 1000"]["result"], "fail");
  EXPECT_EQ(j["sleep 1000"]["reason"], "timed out after 600 s");
  EXPECT_EQ(j["never"]["result"], "fail");
  EXPECT_EQ(j["never"]["reason"], "not run: the guest stopped before this test");
}

TEST(SuiteCollector, LtpStepThatNeverEndedAndRunnerMissing) {
  PlanRequest req;
  req.tests = {"ltp-syscalls", "ltp-smoke"};
  req.ltp_runner = "#!/bin/sh\n";  // not run here
  SuiteCollector c(plan_tests(req));
  feed_with_markers(c, "ltp_runltp.log");
  SuiteResults r;
  c.finish(RunEnd::TimedOut, r);
  auto j = r.to_json();
  EXPECT_EQ(j["ltp-syscalls"]["abort01"]["result"], "pass");
  EXPECT_EQ(j["ltp-syscalls"]["fanotify01"]["result"], "skip");
  EXPECT_EQ(j["ltp-syscalls"]["setrlimit05"]["result"], "fail");
  EXPECT_EQ(j["ltp-syscalls"]["fork13"]["reason"], "timed out");
  EXPECT_EQ(j["ltp-smoke"]["ltp-smoke"]["result"], "fail");

  SuiteCollector missing(plan_tests(req));
  missing.on_test_start("ltp-syscalls", 1, 0);
  missing.on_line(2, "krun: no LTP install at /opt/ltp");
  missing.on_test_end("ltp-syscalls", 2, 3, 0.1);
  SuiteResults r2;
  missing.finish(RunEnd::Completed, r2);
  EXPECT_EQ(r2.to_json()["ltp-syscalls"]["ltp-syscalls"]["reason"], "exit code 2, no results parsed");
}

// Recorded from a real boot: linux 6.1 tinyconfig + qemu-x86_64 fragment +
// CONFIG_KUNIT=y CONFIG_KUNIT_EXAMPLE_TEST=y, qemu-system-x86_64 -M q35
// -nographic -no-reboot -append "console=ttyS0 panic=-1" (no init: it panics
// after kunit ran). A keyboard message lands inside the example suite.
TEST(SuiteCollector, RealKunitBootLogFromLinux61) {
  PlanRequest req;
  req.tests = {"kunit"};
  SuiteCollector c(plan_tests(req));
  feed_with_markers(c, "kunit_real_x86_64_6.1.log");
  SuiteResults r;
  c.finish(RunEnd::Crashed, r);
  auto j = r.to_json();
  ASSERT_EQ(j.size(), 1u) << j.dump(2);
  const auto& ex = j["kunit/example"];
  EXPECT_EQ(ex.size(), 4u) << ex.dump(2);
  EXPECT_EQ(ex["example_simple_test"]["result"], "pass");
  EXPECT_EQ(ex["example_skip_test"]["result"], "skip");
  EXPECT_EQ(ex["example_skip_test"]["reason"], "this test should be skipped");
  EXPECT_EQ(ex["example_mark_skipped_test"]["result"], "skip");
  EXPECT_EQ(ex["example_all_expect_macros_test"]["result"], "pass");
  EXPECT_EQ(ex["example_simple_test"]["lines"], nlohmann::json::array({84, 89}));
  EXPECT_NEAR(ex["example_simple_test"]["duration"].get<double>(), 0.02, 1e-9);
  EXPECT_FALSE(r.any_failed());
}

TEST(SuiteCollector, KtapOutsideTestsIsIgnoredWithoutKunit) {
  PlanRequest req;
  req.commands = {"true"};
  SuiteCollector c(plan_tests(req));
  feed_with_markers(c, "kunit_basic.log");
  SuiteResults r;
  c.finish(RunEnd::Completed, r);
  EXPECT_EQ(r.to_json().count("kunit/example"), 0u);
}

}  // namespace
}  // namespace krun::suites

namespace krun::suites {
namespace {

TestPlan script_suite_plan(const std::string& test) {
  PlanRequest req;
  req.tests = {test};
  req.module_files = {"lib/modules/6.1.192/kernel/lib/kunit/kunit-test.ko"};
  req.suite_scripts = {{"cases.sh", "# cases"}};
  return plan_tests(req);
}

Replay replay(const std::string& file, const TestPlan& plan) {
  std::ifstream in(testing::testdata(file), std::ios::binary);
  return replay_console(in, plan);
}

// A real modules run: our module that oopses on load fails, with the crash's
// title as the reason; the others pass.
TEST(SuiteCollector, RecordedModulesRunWithAModuleThatOopses) {
  Replay r = replay("modules_x86_64.log", script_suite_plan("modules"));
  auto j = r.results.to_json();
  ASSERT_TRUE(j.contains("modules")) << j.dump(2);
  EXPECT_EQ(j["modules"]["kunit-test"]["result"], "pass");
  EXPECT_EQ(j["modules"]["rcutorture"]["result"], "pass");
  EXPECT_EQ(j["modules"]["krun_selftest_kunit"]["result"], "pass");
  EXPECT_EQ(j["modules"]["krun_oops_on_load"]["result"], "fail");
  EXPECT_EQ(j["modules"]["krun_oops_on_load"]["reason"].get<std::string>().rfind(
                "crash: BUG: kernel NULL pointer dereference in krun_oops_on_load_init", 0),
            0u)
      << j.dump(2);
  ASSERT_EQ(r.crashes.size(), 1u);
}

TEST(SuiteCollector, RecordedRcutortureRunEndsInSuccess) {
  Replay r = replay("rcutorture_x86_64.log", script_suite_plan("rcutorture"));
  auto j = r.results.to_json();
  for (const char* c : {"modprobe-rcutorture", "rcutorture-start", "rmmod-rcutorture", "rcutorture-end"})
    EXPECT_EQ(j["rcutorture"][c]["result"], "pass") << c << "\n" << j.dump(2);
  EXPECT_TRUE(r.crashes.empty());
}

}  // namespace
}  // namespace krun::suites
