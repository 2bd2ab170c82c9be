// Real boots through the real krun binary: x86_64 and arm64 boot a
// tinyconfig + device-fragment kernel to krun's rootfs init and back; a
// kernel told to panic, a sysrq crash and a silent hung kernel are caught
// with the right exit codes and results.
#include <algorithm>

#include "tests/system/boot_profiles.h"

namespace {

using namespace boot_profiles;
namespace fs = std::filesystem;

INSTANTIATE_TEST_SUITE_P(
    Required, KrunBoot,
    // The native and the main cross profile, on the kernels every other
    // system test shares; the other profiles (each a kernel and a Debian
    // rootfs of its own arch, about ten minutes each on a cold machine) are
    // booted by `make test-extended` (tests/system_extended).
    ::testing::Values(BootCase{"qemu-x86_64", "x86_64", "x86_64"},
                      BootCase{"qemu-arm64", "arm64", "aarch64"}),
    device_test_name<BootCase>);

Kernel x86_kernel() { return kernel_for("x86_64"); }

TEST(KrunCrash, MissingInitPanicsWithTitle) {
  Kernel k = x86_kernel();
  REQUIRE_OR_SKIP(!k.image.empty(), k.error);
  testenv::TempDir dir("krun-panic");
  KrunRun r = krun(dir, {"--cache-dir", shared_cache(), "--device", "qemu-x86_64", "--kernel", k.image.string(),
                     "--boot-args", "rdinit=/nonexistent init=/nonexistent"});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
  auto crashes = r.results["boot"]["kernel-messages"]["crashes"];
  ASSERT_EQ(crashes.size(), 1u) << r.results.dump(2);
  EXPECT_EQ(crashes[0]["kind"], "panic");
  // The kernel's own words: with a block layer (the shared kernel has one, for
  // LTP) it next looks for a root device and panics on that; without one, on
  // the init it was given.
  const std::string title = crashes[0]["title"];
  EXPECT_TRUE(title == "kernel panic: VFS: Unable to mount root fs on unknown-block(0,0)" ||
              title.find("kernel panic: Requested init /nonexistent failed") == 0)
      << title;
  EXPECT_EQ(r.metadata["end_reason"], "panic");
  EXPECT_LT(r.seconds, 120);
}

TEST(KrunCrash, SysrqCrashFromACommandIsCaught) {
  Kernel k = x86_kernel();
  REQUIRE_OR_SKIP(!k.image.empty(), k.error);
  testenv::TempDir dir("krun-sysrq");
  KrunRun r = krun(dir, {"--cache-dir", shared_cache(), "--device", "qemu-x86_64", "--kernel", k.image.string(),
                     "--", "echo c > /proc/sysrq-trigger"});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
  EXPECT_EQ(r.results["boot"]["boot"]["result"], "pass");
  auto crashes = r.results["boot"]["kernel-messages"]["crashes"];
  ASSERT_GE(crashes.size(), 1u) << r.results.dump(2);
  EXPECT_EQ(crashes[0]["kind"], "panic");
  EXPECT_NE(crashes[0]["title"].get<std::string>().find("sysrq triggered crash"), std::string::npos);
  // The command never returned: the kernel went down under it.
  EXPECT_EQ(r.results["commands"]["echo c > /proc/sysrq-trigger"]["result"], "fail");
  EXPECT_EQ(r.results["commands"]["echo c > /proc/sysrq-trigger"]["reason"], "crashed");
}

TEST(KrunTimeout, SilentHungKernelTimesOutFast) {
  Kernel k = x86_kernel();
  REQUIRE_OR_SKIP(!k.image.empty(), k.error);
  testenv::TempDir dir("krun-hang");
  // Console on a port qemu does not connect, and a panic that waits forever:
  // not one byte reaches krun and qemu never exits by itself.
  KrunRun r = krun(dir, {"--cache-dir", shared_cache(), "--device", "qemu-x86_64", "--kernel", k.image.string(),
                     "--timeouts", "boot=10s", "--boot-args",
                     "console=ttyS1 rdinit=/nonexistent init=/nonexistent panic=0"});
  EXPECT_EQ(r.process.exit_code, 2) << r.process.err;
  EXPECT_EQ(r.results["boot"]["boot"]["result"], "fail");
  EXPECT_EQ(r.results["boot"]["boot"]["reason"], "timeout");
  EXPECT_EQ(r.metadata["end_reason"], "boot-timeout");
  EXPECT_LT(r.seconds, 40);
  EXPECT_NE(r.process.err.find("timeout"), std::string::npos);
}

TEST(KrunTimeout, WrongConsoleIsIncomplete) {
  Kernel k = x86_kernel();
  REQUIRE_OR_SKIP(!k.image.empty(), k.error);
  testenv::TempDir dir("krun-console");
  KrunRun r = krun(dir, {"--cache-dir", shared_cache(), "--device", "qemu-x86_64", "--kernel", k.image.string(),
                     "--timeouts", "boot=20s", "--boot-args", "console=ttyS1"});
  EXPECT_EQ(r.process.exit_code, 2) << r.process.err;
  EXPECT_NE(r.results["boot"]["boot"]["result"], "pass");
  EXPECT_EQ(r.metadata["console_lines"], 0);
  EXPECT_LT(r.seconds, 60);
}

TEST(KrunBisect, MapsOutcomesForGitBisectRun) {
  Kernel k = x86_kernel();
  REQUIRE_OR_SKIP(!k.image.empty(), k.error);
  testenv::TempDir good("krun-bisect-good"), bad("krun-bisect-bad"), skip("krun-bisect-skip");
  std::vector<std::string> base = {"--bisect", "--cache-dir", shared_cache(), "--device", "qemu-x86_64",
                                   "--kernel", k.image.string()};
  auto with = [&](std::vector<std::string> extra) {
    auto all = base;
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  };
  EXPECT_EQ(krun(good, with({"--", "true"})).process.exit_code, 0);
  EXPECT_EQ(krun(bad, with({"--", "false"})).process.exit_code, 1);
  EXPECT_EQ(krun(skip, with({"--timeouts", "boot=5s", "--boot-args",
                             "console=ttyS1 rdinit=/nonexistent init=/nonexistent panic=0"})).process.exit_code, 125);
}

}  // namespace
