// Real kunit results through krun: a tinyconfig kernel with kunit suites
// built in, booted on qemu-x86_64, must report real case names and results
// in results.json; trailing commands give one case each.
#include <gtest/gtest.h>

#include "common/json_file.h"
#include "tests/support/test_env.h"

#if __has_include("tests/support/system_kernels.h")
#include "tests/support/system_kernels.h"
#define KRUN_SUITES_HAVE_SYSTEM_KERNELS 1
#endif

namespace {

#ifdef KRUN_SUITES_HAVE_SYSTEM_KERNELS

// "x86_64-kunit": x86_64 system kernel + CONFIG_KUNIT=y, CONFIG_RUNTIME_TESTING_MENU=y
// (tinyconfig turns that menu off and olddefconfig then drops the lib/ suites),
// CONFIG_KUNIT_EXAMPLE_TEST=y, CONFIG_LIST_KUNIT_TEST=y,
// CONFIG_BITFIELD_KUNIT=y, CONFIG_CMDLINE_KUNIT_TEST=y, CONFIG_PRINTK_TIME=y.
TEST(SuitesKunit, BuiltInSuitesReportRealCasesOnX86_64) {
  auto kernel = testenv::system_kernel("x86_64-kunit");
  testenv::TempDir dir;
  auto r = testenv::run(testenv::krun_bin(),
                        {"--device", "qemu-x86_64", "--kernel", kernel.kernel.string(), "--tests", "kunit",
                         "--results", (dir / "results.json").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = kc::read_json_file(dir / "results.json");
  EXPECT_EQ(j["kunit/example"]["example_simple_test"]["result"], "pass");
  EXPECT_EQ(j["kunit/example"]["example_skip_test"]["result"], "skip");
  EXPECT_EQ(j["kunit/example"]["example_mark_skipped_test"]["result"], "skip");
  EXPECT_EQ(j["kunit/list-kernel-test"]["list_test_list_init"]["result"], "pass");
  EXPECT_EQ(j["kunit/bitfields"]["test_bitfields_constants"]["result"], "pass");
  EXPECT_NE(r.err.find("kunit/example"), std::string::npos) << "summary table missing: " << r.err;
}

TEST(SuitesCommands, EachTrailingCommandIsACase) {
  auto kernel = testenv::system_kernel("x86_64");
  testenv::TempDir dir;
  auto r = testenv::run(testenv::krun_bin(),
                        {"--device", "qemu-x86_64", "--kernel", kernel.kernel.string(), "--results",
                         (dir / "results.json").string(), "--", "uname -a", "false"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto j = kc::read_json_file(dir / "results.json");
  ASSERT_TRUE(j.contains("commands")) << j.dump(2);
  int pass = 0, fail = 0;
  for (const auto& [name, c] : j["commands"].items()) {
    pass += c["result"] == "pass";
    fail += c["result"] == "fail";
  }
  EXPECT_EQ(pass, 1);
  EXPECT_EQ(fail, 1);
}

#else

TEST(SuitesKunit, BuiltInSuitesReportRealCasesOnX86_64) {
  REQUIRE_OR_SKIP(false, "tests/support/system_kernels.h (system-test kernels) has not landed");
}

#endif

}  // namespace
