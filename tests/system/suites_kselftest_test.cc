// kselftest end to end: kbuild's kselftest target builds two collections for
// the shared x86_64 kernel, krun overlays the install into the `full` rootfs
// (Debian's libc, bash, perl) together with the kernel's modules, runs
// run_kselftest.sh per collection and reports one case per test program.
#include <gtest/gtest.h>

#include "common/json_file.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

std::string shared_cache() { return testenv::krun_system_cache().string(); }

TEST(SuitesKselftest, CollectionsBuiltByKbuildRunInTheGuestWithPerCaseResults) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  auto kernel = testenv::system_kernel("x86_64");
  auto kselftest = testenv::system_kselftest("x86_64", "size exec");
  ASSERT_TRUE(std::filesystem::exists(kselftest));
  testenv::TempDir dir;
  auto r = testenv::run(testenv::krun_bin(),
                        {"--cache-dir", shared_cache(), "--kbuild", kernel.dir.string(), "--tests",
                         "kselftest-size,kselftest-exec", "--parameters", "KSELFTEST=" + kselftest.string(),
                         "--timeouts", "boot=300s", "--results", (dir / "results.json").string(), "--log-file",
                         (dir / "console.log").string()});
  // A tinyconfig kernel lacks what some exec tests need: those fail, so exit 1.
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto j = kc::read_json_file(dir / "results.json");
  EXPECT_EQ(j["boot"]["boot"]["result"], "pass") << j.dump(2);
  EXPECT_EQ(j["kselftest-size"]["get_size"]["result"], "pass") << j.dump(2);
  // Dynamically linked test programs run: Debian's C library is reachable
  // through the rootfs's merged-/usr links even with modules injected.
  EXPECT_EQ(j["kselftest-exec"]["load_address.0x1000"]["result"], "pass") << j.dump(2);
  EXPECT_EQ(j["kselftest-exec"]["load_address.static.0x1000"]["result"], "pass");
  EXPECT_GE(j["kselftest-exec"].size(), 8u);
  // The failures are real per-case results, not a crashed runner.
  EXPECT_EQ(j["kselftest-exec"]["execveat"]["result"], "fail");
  std::string log = testenv::read_file(dir / "console.log");
  EXPECT_NE(log.find("# selftests: exec: execveat"), std::string::npos);
}

}  // namespace
