// Real test-suite results through krun: a tinyconfig kernel with kunit
// suites built in, booted on qemu-x86_64, must report real case names and
// results in results.json; trailing commands give one case each, named
// after the command.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/archive.h"
#include "common/json_file.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

// Shares the built rootfs with the other krun system tests (keyed by arch).
std::string shared_cache() { return testenv::krun_system_cache().string(); }

// The kbuild output folder as krun's input: kernel, modules.tar.xz and the
// arch (hence the device) come from its metadata.json. kunit-test.ko, a real
// module kbuild built, is modprobed in the guest and its KTAP parsed too.
class SuitesKunit : public ::testing::TestWithParam<const char*> {};

TEST_P(SuitesKunit, BuiltInSuitesAndATestModuleReportRealCases) {
  auto kernel = testenv::system_kernel(GetParam());
  testenv::TempDir dir;
  auto r = testenv::run(testenv::krun_bin(),
                        {"--cache-dir", shared_cache(), "--kbuild", kernel.dir.string(), "--tests", "kunit",
                         "--timeouts", "boot=300s", "--results", (dir / "results.json").string(), "--",
                         "grep -w kunit_test /proc/modules"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = kc::read_json_file(dir / "results.json");
  EXPECT_EQ(j["boot"]["boot"]["result"], "pass") << j.dump(2);
  EXPECT_EQ(j["kunit/example"]["example_simple_test"]["result"], "pass") << j.dump(2);
  EXPECT_EQ(j["kunit/example"]["example_skip_test"]["result"], "skip");
  EXPECT_EQ(j["kunit/example"]["example_mark_skipped_test"]["result"], "skip");
  EXPECT_EQ(j["kunit/list-kunit-test"]["list_test_list_init"]["result"], "pass");
  EXPECT_EQ(j["kunit/bitfields"]["test_bitfields_constants"]["result"], "pass");
  // From the module: loaded by modprobe, listed in /proc/modules, its suite parsed.
  EXPECT_EQ(j["kunit/kunit-try-catch-test"]["kunit_test_try_catch_successful_try_no_catch"]["result"], "pass");
  EXPECT_EQ(j["commands"]["grep -w kunit_test /proc/modules"]["result"], "pass");
  EXPECT_NE(r.err.find("kunit/example"), std::string::npos) << "summary table missing: " << r.err;
}

INSTANTIATE_TEST_SUITE_P(Arches, SuitesKunit, ::testing::Values("x86_64", "arm64"),
                         [](const ::testing::TestParamInfo<const char*>& info) { return std::string(info.param); });

// Our own kunit module (tests/system/data/failing-kunit-module), built out of
// tree by kbuild --external-module against the shared x86_64 kernel: its
// deliberately failing case is a fail, the run exits 1.
TEST(SuitesKunitModule, OutOfTreeModuleWithAFailingCaseIsReportedAsFail) {
  auto kernel = testenv::system_kernel("x86_64");
  auto out = testenv::system_kernel_rerun(
      "x86_64", "external-kunit",
      {"--external-module", (testenv::source_dir() / "tests/system/data/failing-kunit-module").string(), "config",
       "modules"});
  auto entries = kc::list_archive(out / "modules.tar.xz");
  ASSERT_TRUE(std::any_of(entries.begin(), entries.end(), [](const std::string& e) {
    return e.find("/extra/krun_selftest_kunit.ko") != std::string::npos;
  }));
  testenv::TempDir dir;
  auto r = testenv::run(testenv::krun_bin(),
                        {"--cache-dir", shared_cache(), "--device", "qemu-x86_64", "--kernel",
                         kernel.kernel.string(), "--modules", (out / "modules.tar.xz").string(), "--tests", "kunit",
                         "--timeouts", "boot=300s", "--results", (dir / "results.json").string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto j = kc::read_json_file(dir / "results.json");
  EXPECT_EQ(j["boot"]["boot"]["result"], "pass") << j.dump(2);
  EXPECT_EQ(j["kunit/krun-selftest"]["krun_selftest_passes"]["result"], "pass") << j.dump(2);
  EXPECT_EQ(j["kunit/krun-selftest"]["krun_selftest_fails_on_purpose"]["result"], "fail");
  // The built-in suites still report next to it.
  EXPECT_EQ(j["kunit/example"]["example_simple_test"]["result"], "pass");
  EXPECT_NE(r.err.find("krun_selftest_fails_on_purpose"), std::string::npos) << r.err;
}

const char* kLongLineNoNewline = "printf '%5000s' x";

TEST(SuitesCommands, EachTrailingCommandIsACase) {
  auto kernel = testenv::system_kernel("x86_64");
  testenv::TempDir dir;
  auto r = testenv::run(testenv::krun_bin(),
                        {"--cache-dir", shared_cache(), "--device", "qemu-x86_64", "--kernel",
                         kernel.kernel.string(), "--results", (dir / "results.json").string(), "--", "uname -a",
                         "false", kLongLineNoNewline});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto j = kc::read_json_file(dir / "results.json");
  EXPECT_EQ(j["boot"]["boot"]["result"], "pass") << j.dump(2);
  ASSERT_EQ(j["commands"].size(), 3u) << j.dump(2);
  // Its 5000 bytes without a newline do not swallow the END marker.
  EXPECT_EQ(j["commands"][kLongLineNoNewline]["result"], "pass") << j.dump(2);
  EXPECT_EQ(j["commands"]["uname -a"]["result"], "pass");
  EXPECT_EQ(j["commands"]["false"]["result"], "fail");
  EXPECT_NE(r.err.find("commands"), std::string::npos) << "summary table missing: " << r.err;
}

}  // namespace
