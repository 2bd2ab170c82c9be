// Real test-suite results through krun: a tinyconfig kernel with kunit
// suites built in, booted on qemu-x86_64, must report real case names and
// results in results.json; trailing commands give one case each, named
// after the command.
#include <gtest/gtest.h>

#include "common/json_file.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

// Shares the built rootfs with the other krun system tests (keyed by arch).
std::string shared_cache() { return (testenv::binary_dir() / "krun-system-cache").string(); }

TEST(SuitesKunit, BuiltInSuitesReportRealCasesOnX86_64) {
  auto kernel = testenv::system_kernel("x86_64-kunit");
  testenv::TempDir dir;
  auto r = testenv::run(testenv::krun_bin(),
                        {"--cache-dir", shared_cache(), "--device", "qemu-x86_64", "--kernel",
                         kernel.kernel.string(), "--tests", "kunit", "--results", (dir / "results.json").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = kc::read_json_file(dir / "results.json");
  EXPECT_EQ(j["boot"]["boot"]["result"], "pass") << j.dump(2);
  EXPECT_EQ(j["kunit/example"]["example_simple_test"]["result"], "pass") << j.dump(2);
  EXPECT_EQ(j["kunit/example"]["example_skip_test"]["result"], "skip");
  EXPECT_EQ(j["kunit/example"]["example_mark_skipped_test"]["result"], "skip");
  EXPECT_EQ(j["kunit/list-kunit-test"]["list_test_list_init"]["result"], "pass");
  EXPECT_EQ(j["kunit/bitfields"]["test_bitfields_constants"]["result"], "pass");
  EXPECT_NE(r.err.find("kunit/example"), std::string::npos) << "summary table missing: " << r.err;
}

TEST(SuitesCommands, EachTrailingCommandIsACase) {
  auto kernel = testenv::system_kernel("x86_64");
  testenv::TempDir dir;
  auto r = testenv::run(testenv::krun_bin(),
                        {"--cache-dir", shared_cache(), "--device", "qemu-x86_64", "--kernel",
                         kernel.kernel.string(), "--results", (dir / "results.json").string(), "--", "uname -a",
                         "false"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto j = kc::read_json_file(dir / "results.json");
  EXPECT_EQ(j["boot"]["boot"]["result"], "pass") << j.dump(2);
  ASSERT_EQ(j["commands"].size(), 2u) << j.dump(2);
  EXPECT_EQ(j["commands"]["uname -a"]["result"], "pass");
  EXPECT_EQ(j["commands"]["false"]["result"], "fail");
  EXPECT_NE(r.err.find("commands"), std::string::npos) << "summary table missing: " << r.err;
}

}  // namespace
