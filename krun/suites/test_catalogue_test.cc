#include "krun/suites/test_catalogue.h"

#include <gtest/gtest.h>

#include <map>
#include <tuple>

#include <sstream>

#include "common/errors.h"

namespace krun::suites {
namespace {

TEST(TestCatalogue, ListNamesEveryFamily) {
  std::ostringstream out;
  print_test_list(out);
  for (const char* name : {"boot", "kunit", "kselftest ", "kselftest-<dir>", "ltp-<name>", "-- <command>"})
    EXPECT_NE(out.str().find(name), std::string::npos) << name;
}

TEST(TestCatalogue, KunitModulesByName) {
  EXPECT_TRUE(is_kunit_module("lib/modules/6.1.0/kernel/lib/list-test.ko"));
  EXPECT_TRUE(is_kunit_module("lib/modules/6.1.0/kernel/lib/bitfield_kunit.ko.xz"));
  EXPECT_TRUE(is_kunit_module("krun_failing_kunit.ko"));
  EXPECT_FALSE(is_kunit_module("lib/modules/6.1.0/kernel/drivers/net/e1000.ko"));
  EXPECT_FALSE(is_kunit_module("lib/modules/6.1.0/modules.dep"));
  EXPECT_FALSE(is_kunit_module("test.ko"));
}

TEST(TestCatalogue, PlanWritesOneNumberedScriptPerTestInOrder) {
  PlanRequest req;
  req.tests = {"boot,kunit", "kselftest-timers", "ltp-smoke"};
  req.commands = {"uname -a", "false"};
  req.parameters = {{"KSELFTEST", "/tmp/kselftest.tar.xz"}, {"LTP", "https://example.org/ltp.tar.xz"}};
  req.ltp_runner = "#!/bin/sh\n# fake runner\n";
  req.ltp_runtest_names = {{"ltp-smoke", "smoketest"}};
  req.timeouts = RunTimeouts::parse({{"kselftest-timers", "3"}, {"commands", "1"}});
  req.module_files = {"lib/modules/6.1.0/kernel/lib/list-test.ko", "lib/modules/6.1.0/kernel/fs/ext4.ko",
                      "lib/modules/6.1.0/extra/krun_failing_kunit.ko"};
  TestPlan plan = plan_tests(req);
  ASSERT_EQ(plan.steps.size(), 5u);
  EXPECT_TRUE(plan.kunit);
  EXPECT_EQ(plan.rootfs_flavor, "full");

  EXPECT_EQ(plan.steps[0].name, "kunit");
  EXPECT_EQ(plan.steps[0].parser, ParserKind::Kunit);
  EXPECT_EQ(plan.steps[0].script_path, "/krun/tests/001-kunit.sh");
  const std::string& kunit = plan.extra_files.at("/krun/tests/001-kunit.sh");
  EXPECT_NE(kunit.find("modprobe 'list-test'"), std::string::npos);
  EXPECT_NE(kunit.find("modprobe 'krun_failing_kunit'"), std::string::npos);
  EXPECT_EQ(kunit.find("ext4"), std::string::npos);
  EXPECT_EQ(plan.extra_files.at("/krun/tests/001-kunit.timeout"), "600\n");

  EXPECT_EQ(plan.steps[1].name, "kselftest-timers");
  EXPECT_EQ(plan.steps[1].parser, ParserKind::Kselftest);
  EXPECT_EQ(plan.extra_files.at("/krun/tests/002-kselftest-timers.timeout"), "180\n");
  const std::string& ksft = plan.extra_files.at("/krun/tests/002-kselftest-timers.sh");
  EXPECT_NE(ksft.find("c='timers'"), std::string::npos) << ksft;
  EXPECT_NE(ksft.find("./run_kselftest.sh -c \"$c\""), std::string::npos) << ksft;

  EXPECT_EQ(plan.steps[2].name, "ltp-smoke");
  EXPECT_EQ(plan.steps[2].parser, ParserKind::Ltp);
  // TuxRun's name for runtest/smoketest, through krun's runner.
  EXPECT_NE(plan.extra_files.at("/krun/tests/003-ltp-smoke.sh").find("exec sh \"$krun/ltp-runner\" 'smoketest'\n"),
            std::string::npos);
  EXPECT_EQ(plan.extra_files.at("/krun/ltp-runner"), req.ltp_runner);
  EXPECT_EQ(plan.ltp_runtests, std::vector<std::string>{"smoketest"});
  EXPECT_FALSE(plan.ltp_build);  // LTP= gave the install

  EXPECT_EQ(plan.steps[3].name, "command-1");
  EXPECT_EQ(plan.steps[3].suite, "commands");
  EXPECT_EQ(plan.steps[3].test_case, "uname -a");
  EXPECT_EQ(plan.extra_files.at("/krun/tests/004-command-1.sh"), "#!/bin/sh\nuname -a\n");
  EXPECT_EQ(plan.extra_files.at("/krun/tests/005-command-2.timeout"), "60\n");

  EXPECT_EQ(plan.overlays, (std::vector<std::string>{"/tmp/kselftest.tar.xz:/opt/kselftest",
                                                     "https://example.org/ltp.tar.xz:/opt/ltp"}));
}

TEST(TestCatalogue, KunitWithoutTestModulesNeedsNoScript) {
  PlanRequest req;
  req.tests = {"kunit"};
  TestPlan plan = plan_tests(req);
  EXPECT_TRUE(plan.kunit);
  EXPECT_TRUE(plan.steps.empty());
  EXPECT_TRUE(plan.extra_files.empty());
  EXPECT_EQ(plan.rootfs_flavor, "minimal");
}

TEST(TestCatalogue, KselftestFromKbuildOutputAndLtpSkipfile) {
  PlanRequest req;
  req.tests = {"kselftest", "ltp-syscalls"};
  req.found_kselftest = "/out/kselftest.tar.xz";
  req.skip_entries = {"fork13", "timers:rtcpie", "ltp-syscalls/clone*", "ltp-fs/*", "kselftest-timers/x"};
  req.ltp_runner = "#!/bin/sh\n";
  TestPlan plan = plan_tests(req);
  EXPECT_EQ(plan.overlays, (std::vector<std::string>{"/out/kselftest.tar.xz:/opt/kselftest"}));
  EXPECT_NE(plan.extra_files.at("/krun/tests/001-kselftest.sh").find("./run_kselftest.sh\n"), std::string::npos);
  // Only what can name a test of ltp-syscalls reaches the guest's runner, as tag patterns.
  EXPECT_EQ(plan.extra_files.at("/krun/ltp-skipfile"), "fork13\nclone*\n");
  EXPECT_NE(plan.extra_files.at("/krun/tests/002-ltp-syscalls.sh").find("/ltp-runner\" 'syscalls' \"$krun/ltp-skipfile\""),
            std::string::npos);
  // No LTP= install: krun builds LTP for runtest/syscalls.
  EXPECT_TRUE(plan.ltp_build);
  EXPECT_EQ(plan.ltp_runtests, std::vector<std::string>{"syscalls"});
  EXPECT_EQ(plan.ltp_dir, "/opt/ltp");
}

TEST(TestCatalogue, BadRequestsAreUsageErrorsNamingTheProblem) {
  auto usage_message = [](PlanRequest req) -> std::string {
    try {
      plan_tests(req);
    } catch (const kc::Error& e) {
      EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
      return e.what();
    }
    return "no error";
  };
  PlanRequest unknown;
  unknown.tests = {"kunti"};
  EXPECT_NE(usage_message(unknown).find("--tests kunti: unknown test"), std::string::npos);
  PlanRequest no_install;
  no_install.tests = {"kselftest-size"};
  EXPECT_NE(usage_message(no_install).find("KSELFTEST="), std::string::npos);
  try {
    RunTimeouts::parse({{"ltp", "ten"}});
    ADD_FAILURE() << "--timeouts ltp=ten accepted";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("--timeouts ltp=ten"), std::string::npos) << e.what();
  }
  PlanRequest injection;
  injection.tests = {"ltp-smoke';reboot"};
  injection.ltp_runner = "#!/bin/sh\n";
  EXPECT_NE(usage_message(injection).find("not an LTP runtest name"), std::string::npos);
}

// TuxRun's SHARD_NUMBER/SHARD_INDEX: checked, and the guest gets the cut.
TEST(TestCatalogue, ShardParametersAreCheckedAndTheCutIsInstalled) {
  auto usage_message = [](PlanRequest req) -> std::string {
    try {
      plan_tests(req);
    } catch (const kc::Error& e) {
      return e.what();
    }
    return "no error";
  };
  PlanRequest req;
  req.tests = {"ltp-smoke"};
  req.ltp_runner = "#!/bin/sh\n";
  req.parameters = {{"LTP", "/tmp/ltp.tar.xz"}, {"SHARD_NUMBER", "3"}, {"SHARD_INDEX", "2"}};
  req.shard_script = "# shard.awk\n";
  TestPlan plan = plan_tests(req);
  EXPECT_EQ(plan.extra_files.at("/krun/shard.awk"), "# shard.awk\n");
  for (auto [number, index, said] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"3", "4", "SHARD_INDEX=4 is past SHARD_NUMBER=3"},
           {"0", "1", "SHARD_NUMBER=0: expected a whole number"},
           {"two", "1", "SHARD_NUMBER=two"},
           {"2", "-1", "SHARD_INDEX=-1"}}) {
    PlanRequest bad = req;
    bad.parameters["SHARD_NUMBER"] = number;
    bad.parameters["SHARD_INDEX"] = index;
    EXPECT_NE(usage_message(bad).find(said), std::string::npos) << usage_message(bad);
  }
  req.parameters.erase("SHARD_NUMBER");
  req.parameters.erase("SHARD_INDEX");
  EXPECT_EQ(plan_tests(req).extra_files.count("/krun/shard.awk"), 0u);
}

// krun's own suites: a script each, their tools from the build folder or a
// parameter, what they need of the kernel named, and a clear error when an
// input is missing.
TEST(TestCatalogue, ModulesRcutorturePerfAndCpupower) {
  PlanRequest req;
  req.tests = {"modules,rcutorture", "perf", "cpupower"};
  req.module_files = {"lib/modules/6.1.0/kernel/lib/test_foo.ko"};
  req.found_perf = "/out/perf.tar.xz";
  req.parameters = {{"CPUPOWER", "https://example.org/cpupower.tar.xz"}};
  req.suite_scripts = {{"modules.sh", "# modules"}, {"cases.sh", "# cases"}};
  TestPlan plan = plan_tests(req);
  ASSERT_EQ(plan.steps.size(), 4u);
  EXPECT_EQ(plan.steps[0].parser, ParserKind::Cases);
  EXPECT_EQ(plan.steps[0].timeout_seconds, 20 * 60);
  EXPECT_EQ(plan.steps[1].timeout_seconds, 15 * 60);
  EXPECT_EQ(plan.steps[2].parser, ParserKind::Perf);
  EXPECT_EQ(plan.steps[2].suite, "perf");
  EXPECT_EQ(plan.extra_files.at("/krun/suites/modules.sh"), "# modules");
  EXPECT_NE(plan.extra_files.at(plan.steps[1].script_path).find("suites/rcutorture.sh"), std::string::npos);
  EXPECT_EQ(plan.overlays, (std::vector<std::string>{"/out/perf.tar.xz:/", "https://example.org/cpupower.tar.xz:/"}));
  EXPECT_EQ(plan.kconfig_fragments, (std::map<std::string, std::string>{{"perf", "perf"}, {"rcutorture", "rcutorture"}}));
  EXPECT_EQ(plan.rootfs_flavor, "full");

  auto message = [](PlanRequest r) -> std::string {
    try {
      plan_tests(r);
    } catch (const kc::Error& e) {
      return e.what();
    }
    return "no error";
  };
  PlanRequest no_modules;
  no_modules.tests = {"modules"};
  no_modules.suite_scripts = req.suite_scripts;
  EXPECT_NE(message(no_modules).find("--tests modules needs the modules"), std::string::npos);
  PlanRequest no_perf;
  no_perf.tests = {"perf"};
  no_perf.suite_scripts = req.suite_scripts;
  EXPECT_NE(message(no_perf).find("--parameters PERF=ARCHIVE"), std::string::npos) << message(no_perf);
}

}  // namespace
}  // namespace krun::suites
