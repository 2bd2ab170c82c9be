// Real boots through the real krun binary: required device profiles boot a
// tinyconfig + device-fragment kernel to krun's rootfs init and back; a
// kernel told to panic, a sysrq crash and a silent hung kernel are caught
// with the right exit codes and results.
#include <algorithm>

#include "tests/system/boot_profiles.h"

#include "common/archive.h"
#include "common/process.h"

namespace {

using namespace boot_profiles;
namespace fs = std::filesystem;

INSTANTIATE_TEST_SUITE_P(
    Required, KrunBoot,
    // The required profiles, each on its own kbuild-built kernel.
    ::testing::Values(BootCase{"qemu-x86_64", "x86_64", "x86_64"},
                      BootCase{"qemu-i386", "i386", "i686"},
                      BootCase{"qemu-arm64", "arm64", "aarch64"},
                      BootCase{"qemu-armv7", "armv7", "armv7l"},
                      BootCase{"qemu-riscv64", "riscv64", "riscv64"}),
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

// The line of `file` in Debian's kernel tree that holds `text` (1-based), 0 if none.
unsigned source_line_of(const std::string& file, const std::string& text) {
  std::string source = testenv::read_file(testenv::linux_source_tree() / file);
  size_t at = source.find(text);
  if (at == std::string::npos) return 0;
  return static_cast<unsigned>(std::count(source.begin(), source.begin() + static_cast<long>(at), '\n')) + 1;
}

// The x86_64 system kernel carries the debug-info fragment; kbuild's
// debugkernel target ships its vmlinux.xz, and krun --kbuild resolves the
// crash's frames with it to the kernel's own source lines.
TEST(KrunCrash, SysrqCrashFramesResolveToTheKernelsSourceLines) {
  Kernel k = x86_kernel();
  REQUIRE_OR_SKIP(!k.image.empty(), k.error);
  fs::path debug = testenv::system_kernel_rerun("x86_64", "debugkernel", {"config", "kernel", "debugkernel"});
  ASSERT_TRUE(fs::exists(debug / "vmlinux.xz")) << debug;
  testenv::TempDir dir("krun-symbolized-crash");
  KrunRun r = krun(dir, {"--cache-dir", shared_cache(), "--kbuild", debug.string(), "--",
                         "echo c > /proc/sysrq-trigger"});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
  auto crashes = r.results["boot"]["kernel-messages"]["crashes"];
  ASSERT_GE(crashes.size(), 1u) << r.results.dump(2);
  unsigned want = source_line_of("drivers/tty/sysrq.c", "panic(\"sysrq triggered crash");
  ASSERT_GT(want, 0u);
  nlohmann::json frame;
  for (const auto& f : crashes[0]["frames"])
    if (f["function"] == "sysrq_handle_crash") frame = f;
  ASSERT_FALSE(frame.is_null()) << crashes[0].dump(2);
  EXPECT_EQ(frame["file"], "drivers/tty/sysrq.c") << frame.dump();
  EXPECT_EQ(frame["line"], want) << frame.dump();  // the panic() call
  EXPECT_NE(r.process.err.find("; at drivers/tty/sysrq.c:" + std::to_string(want) + ")"), std::string::npos)
      << r.process.err;
}

// --vmcore on the same debug kernel: the panicked guest is held (panic=0),
// its memory dumped through QMP into the kept output folder, and gdb reads
// the dump with the kernel's vmlinux: the backtrace of the stopped CPU runs
// through panic() to the sysrq handler that called it.
TEST(KrunCrash, VmcoreOfAPanicOpensInGdbWithThePanickingFunction) {
  Kernel k = x86_kernel();
  REQUIRE_OR_SKIP(!k.image.empty(), k.error);
  REQUIRE_OR_SKIP(!kc::find_program("gdb").empty(), "gdb is not installed (apt-get install gdb)");
  fs::path debug = testenv::system_kernel_rerun("x86_64", "debugkernel", {"config", "kernel", "debugkernel"});
  testenv::TempDir dir("krun-vmcore");
  KrunRun r = krun(dir, {"--cache-dir", shared_cache(), "--kbuild", debug.string(), "--vmcore", "--",
                         "echo c > /proc/sysrq-trigger"});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
  EXPECT_EQ(r.metadata["end_reason"], "panic");
  EXPECT_NE(r.metadata["kernel_command_line"].get<std::string>().find("panic=0 nokaslr"), std::string::npos);
  ASSERT_EQ(r.metadata["vmcore"].size(), 1u) << r.metadata.dump(2);
  const nlohmann::json dump = r.metadata["vmcore"][0];
  ASSERT_TRUE(dump.contains("file")) << dump.dump();
  const fs::path vmcore = dump["file"].get<std::string>();
  // The output folder is kept for the dump; it is a guest's RAM, so it goes.
  struct RemoveOutputs {
    fs::path folder;
    ~RemoveOutputs() { fs::remove_all(folder); }
  } remove{vmcore.parent_path()};
  ASSERT_TRUE(fs::exists(vmcore)) << dump.dump();
  EXPECT_EQ(fs::file_size(vmcore), dump["bytes"].get<uintmax_t>());
  EXPECT_EQ(dump["paging"], true);

  fs::path vmlinux = dir.path() / "vmlinux";
  kc::decompress_to_file(debug / "vmlinux.xz", vmlinux);
  kc::ProcessOptions gdb;
  gdb.argv = {"gdb", "-batch", "-nx", "-ex", "bt 8", vmlinux.string(), vmcore.string()};
  gdb.timeout = std::chrono::minutes(2);
  kc::ProcessResult bt = kc::run_process(gdb);
  ASSERT_TRUE(bt.ok()) << bt.describe() << bt.err;
  EXPECT_NE(bt.out.find(" in panic ("), std::string::npos) << bt.out;
  EXPECT_NE(bt.out.find(" in sysrq_handle_crash ("), std::string::npos) << bt.out;
  EXPECT_NE(bt.out.find("drivers/tty/sysrq.c"), std::string::npos) << bt.out;
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
