// Real boots through the real krun binary: required device profiles boot a
// tinyconfig + device-fragment kernel to krun's rootfs init and back; a
// kernel told to panic, a sysrq crash and a silent hung kernel are caught
// with the right exit codes and results.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "tests/support/test_env.h"
#include "tests/support/system_kernels.h"
#include "tests/support/tiny_initramfs.h"

namespace {

struct Kernel {
  std::filesystem::path image;
  std::filesystem::path folder;  // the kbuild output folder, when built by kbuild
  std::string error;
};

// The kernel for `name` ("x86_64", "arm64", ...): built through kbuild by
// testenv::system_kernel, once per build tree.
Kernel kernel_for(const std::string& name) {
  try {
    auto k = testenv::system_kernel(name);
    return {k.kernel, k.dir, ""};
  } catch (const std::exception& e) {
    return {{}, {}, e.what()};
  }
}

struct KrunRun {
  kc::ProcessResult process;
  nlohmann::json results, metadata;
  double seconds = 0;
};

KrunRun krun(const testenv::TempDir& dir, std::vector<std::string> args) {
  std::vector<std::string> all = {"-q", "--results",
                                  (dir / "results.json").string(), "--metadata",
                                  (dir / "metadata.json").string(), "--log-file",
                                  (dir / "console.log").string()};
  all.insert(all.end(), args.begin(), args.end());
  auto start = std::chrono::steady_clock::now();
  KrunRun r;
  r.process = testenv::run(testenv::krun_bin(), all, {}, {}, std::chrono::seconds(900));
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (std::filesystem::exists(dir / "results.json"))
    r.results = nlohmann::json::parse(testenv::read_file(dir / "results.json"));
  if (std::filesystem::exists(dir / "metadata.json"))
    r.metadata = nlohmann::json::parse(testenv::read_file(dir / "metadata.json"));
  return r;
}

// Shares the downloaded/built rootfs between tests (it is keyed by arch).
std::string shared_cache() { return (testenv::binary_dir() / "krun-system-cache").string(); }

struct BootCase {
  const char* device; const char* kernel; const char* uname_m;
  bool needs_dtb = false;  // boot from the kbuild folder (--kbuild): kernel and dtb from its metadata
};

class KrunBoot : public ::testing::TestWithParam<BootCase> {};

TEST_P(KrunBoot, BootsToInitRunsACommandAndReturns) {
  const BootCase& c = GetParam();
  Kernel k = kernel_for(c.kernel);
  REQUIRE_OR_SKIP(!k.image.empty(), k.error);
  testenv::TempDir dir("krun-boot");
  std::vector<std::string> input = {"--kernel", k.image.string()};
  if (c.needs_dtb) input = {"--kbuild", k.folder.string()};
  std::vector<std::string> args = {"--cache-dir", shared_cache(), "--device", c.device};
  args.insert(args.end(), input.begin(), input.end());
  args.insert(args.end(), {"--timeouts", "boot=300", "--", "uname -m"});
  KrunRun r = krun(dir, args);
  ASSERT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_EQ(r.results["boot"]["boot"]["result"], "pass");
  EXPECT_EQ(r.results["boot"]["kernel-messages"]["result"], "pass");
  EXPECT_EQ(r.results["commands"]["uname -m"]["result"], "pass");
  EXPECT_EQ(r.metadata["device"], c.device);
  EXPECT_EQ(r.metadata["end_reason"], "done");
  EXPECT_EQ(r.metadata["artefacts"][0]["role"], "kernel");
  EXPECT_EQ(r.metadata["artefacts"][0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_FALSE(r.metadata["qemu"]["version"].get<std::string>().empty());
  // The command's output reached the console log krun wrote.
  std::string log = testenv::read_file(dir / "console.log");
  EXPECT_NE(log.find(std::string("\n") + c.uname_m), std::string::npos) << c.uname_m;
}

// "qemu-x86_64" → "qemu_x86_64": gtest names allow no '-'.
template <class Case>
std::string device_test_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n = info.param.device;
  for (auto& ch : n) if (ch == '-') ch = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(
    Required, KrunBoot,
    // The required profiles, each on its own kbuild-built kernel.
    ::testing::Values(BootCase{"qemu-x86_64", "x86_64", "x86_64"},
                      BootCase{"qemu-i386", "i386", "i686"},
                      BootCase{"qemu-arm64", "arm64", "aarch64"},
                      BootCase{"qemu-armv7", "armv7", "armv7l"},
                      BootCase{"qemu-riscv64", "riscv64", "riscv64"}),
    device_test_name<BootCase>);

// The optional profiles whose arch Debian's main archive has a rootfs for;
// the debian-ports ones boot their own initramfs (Ports, below).
INSTANTIATE_TEST_SUITE_P(
    Optional, KrunBoot,
    ::testing::Values(BootCase{"qemu-s390", "s390", "s390x"},
                      BootCase{"qemu-armv5", "armv5", "armv5tejl", true},
                      BootCase{"qemu-ppc64le", "ppc64le", "ppc64le"},
                      BootCase{"qemu-mips32el", "mips32el", "mips"},
                      BootCase{"qemu-mips64el", "mips64el", "mips64"}),
    device_test_name<BootCase>);

// Profiles whose arch has no userland in Debian's main archive (debian-ports),
// so krun has no default rootfs for them: they boot a one-program initramfs
// given with --rootfs, as their users do with their own rootfs. krun then
// counts "the kernel ran /init" as booted and the program's restart as the end.
struct OwnRootfsCase { const char* device; const char* kernel; const char* uname_m; };

class KrunBootOwnRootfs : public ::testing::TestWithParam<OwnRootfsCase> {};

TEST_P(KrunBootOwnRootfs, BootsToTheGivenInitramfsAndEnds) {
  const OwnRootfsCase& c = GetParam();
  std::filesystem::path kbuild_folder, initramfs;
  std::string error;
  try {
    kbuild_folder = testenv::system_kernel(c.kernel).dir;
    initramfs = testenv::tiny_initramfs(c.kernel);
  } catch (const std::exception& e) {
    error = e.what();
  }
  REQUIRE_OR_SKIP(error.empty(), error);
  testenv::TempDir dir("krun-own-rootfs");
  // The kbuild folder: its config lets krun check the device's kconfig needs.
  KrunRun r = krun(dir, {"--cache-dir", shared_cache(), "--device", c.device, "--kbuild", kbuild_folder.string(),
                         "--rootfs", initramfs.string(), "--timeouts", "boot=300"});
  ASSERT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_EQ(r.results["boot"]["boot"]["result"], "pass");
  EXPECT_EQ(r.results["boot"]["kernel-messages"]["result"], "pass");
  EXPECT_EQ(r.metadata["device"], c.device);
  // The program ran in userspace and answered with the guest's machine name.
  std::string log = testenv::read_file(dir / "console.log");
  EXPECT_NE(log.find(std::string("tiny-init: machine=") + c.uname_m + " "), std::string::npos) << log;
}

INSTANTIATE_TEST_SUITE_P(Ports, KrunBootOwnRootfs,
                         ::testing::Values(OwnRootfsCase{"qemu-sh4", "sh4", "sh4"},
                                           OwnRootfsCase{"qemu-m68k", "m68k", "m68k"},
                                           OwnRootfsCase{"qemu-ppc64", "ppc64", "ppc64"}),
                         device_test_name<OwnRootfsCase>);

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
  EXPECT_NE(crashes[0]["title"].get<std::string>().find("Requested init /nonexistent failed"), std::string::npos);
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
                     "--timeouts", "boot=10", "--boot-args",
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
                     "--timeouts", "boot=20", "--boot-args", "console=ttyS1"});
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
  EXPECT_EQ(krun(skip, with({"--timeouts", "boot=5", "--boot-args",
                             "console=ttyS1 rdinit=/nonexistent init=/nonexistent panic=0"})).process.exit_code, 125);
}

}  // namespace
