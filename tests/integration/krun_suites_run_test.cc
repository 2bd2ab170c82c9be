// The real krun binary running tests end to end with a qemu stand-in (a
// shell script that replays a recorded console with the guest's markers and
// kunit's KTAP): --tests and trailing commands become per-case results in
// results.json, the summary table, the exit code and the skip list.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/json_file.h"
#include "tests/integration/krun_harness.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;
using krun_it::KrunRun;

const char* kConsole =
    "[    0.000000] Linux version 6.1.0 (fake)\n"
    "[    0.100000] KTAP version 1\n"
    "[    0.100001] 1..1\n"
    "[    0.100002]     KTAP version 1\n"
    "[    0.100003]     # Subtest: example\n"
    "[    0.100004]     1..2\n"
    "[    0.100005]     ok 1 example_simple_test\n"
    "[    0.100006]     ok 2 example_skip_test # SKIP this test should be skipped\n"
    "[    0.100007] ok 1 example\n"
    "[    0.500000] Run /init as init process\n"
    "<<KRUN>> BOOT\n"
    "<<KRUN>> START command-1\n"
    "Linux fake 6.1.0 x86_64\n"
    "<<KRUN>> END command-1 0\n"
    "<<KRUN>> START command-2\n"
    "<<KRUN>> END command-2 1\n"
    "<<KRUN>> DONE\n"
    "[    1.000000] reboot: Restarting system\n";


KrunRun krun_with_fake_qemu(const testenv::TempDir& dir, std::vector<std::string> extra) {
  return krun_it::krun_with_fake_qemu(dir, kConsole, std::move(extra));
}

TEST(KrunSuitesRun, KunitAndCommandsBecomeCasesAndAFailedCommandExitsOne) {
  testenv::TempDir dir("krun-suites");
  KrunRun r = krun_with_fake_qemu(dir, {"--tests", "kunit", "--", "uname -a", "false"});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
  EXPECT_EQ(r.results["boot"]["boot"]["result"], "pass") << r.results.dump(2);
  EXPECT_EQ(r.results["kunit/example"]["example_simple_test"]["result"], "pass");
  EXPECT_EQ(r.results["kunit/example"]["example_skip_test"]["result"], "skip");
  EXPECT_EQ(r.results["commands"]["uname -a"]["result"], "pass");
  EXPECT_EQ(r.results["commands"]["uname -a"]["lines"], nlohmann::json::array({12, 14}));
  EXPECT_EQ(r.results["commands"]["false"]["result"], "fail");
  EXPECT_EQ(r.results["commands"].size(), 2u);
  // The summary table on stderr, one row per suite.
  EXPECT_NE(r.process.err.find("kunit/example"), std::string::npos) << r.process.err;
  EXPECT_NE(r.process.err.find("commands/false"), std::string::npos) << r.process.err;
}

TEST(KrunSuitesRun, SkipListTurnsTheFailureIntoSkipAndTheRunPasses) {
  testenv::TempDir dir("krun-suites");
  testenv::write_file(dir / "skips.txt", "# known broken here\ncommands/false\n");
  KrunRun r = krun_with_fake_qemu(dir, {"--parameters", "SKIPFILE=" + (dir / "skips.txt").string(), "--",
                                    "uname -a", "false"});
  EXPECT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_EQ(r.results["commands"]["uname -a"]["result"], "pass") << r.results.dump(2);
  EXPECT_EQ(r.results["commands"]["false"]["result"], "skip");
  EXPECT_FALSE(r.results.contains("kunit/example")) << "kunit was not asked for";
}

TEST(KrunSuitesRun, BisectMapsAFailedCaseToBad) {
  testenv::TempDir dir("krun-suites");
  KrunRun r = krun_with_fake_qemu(dir, {"--bisect", "--", "uname -a", "false"});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
}

TEST(KrunSuitesRun, ListTestsAndUnknownTest) {
  auto list = testenv::run(testenv::krun_bin(), {"--list-tests"}, {}, {}, std::chrono::seconds(30));
  ASSERT_EQ(list.exit_code, 0) << list.err;
  for (const char* t : {"kunit", "kselftest-<dir>", "ltp-<name>"})
    EXPECT_NE(list.out.find(t), std::string::npos) << t << " in " << list.out;
  testenv::TempDir dir("krun-suites");
  KrunRun bad = krun_with_fake_qemu(dir, {"--tests", "kselftest-timers,bogus"});
  EXPECT_EQ(bad.process.exit_code, 2);
  EXPECT_NE(bad.process.err.find("E: --tests bogus: unknown test"), std::string::npos) << bad.process.err;
}

}  // namespace

TEST(KrunSuitesRun, JunitReportHasOneCasePerResult) {
  testenv::TempDir dir("krun-junit");
  KrunRun r = krun_with_fake_qemu(dir, {"--junit", (dir / "junit.xml").string(), "--", "uname -a", "false"});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
  ASSERT_TRUE(fs::exists(dir / "junit.xml")) << r.process.err;
  std::string xml = testenv::read_file(dir / "junit.xml");
  EXPECT_NE(xml.find("<testsuite name=\"commands\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase name=\"uname -a\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase name=\"false\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<failure"), std::string::npos) << xml;
}
