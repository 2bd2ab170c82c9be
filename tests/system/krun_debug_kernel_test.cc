// The x86_64 debug kernel (tests/support/system_kernels: KASAN, the kernel's
// KASAN kunit tests as a module, debug info; kbuild's debugkernel target
// ships its vmlinux) under krun: the kernel's own KASAN reports are found
// with their kinds and titles, a crash's frames resolve to the kernel's
// source lines, and the memory of a panic is dumped and read by gdb. One
// kernel serves the three, so CI builds it once.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <nlohmann/json.hpp>

#include "common/archive.h"
#include "common/process.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

struct KrunRun {
  kc::ProcessResult process;
  nlohmann::json results, metadata;
};

// krun -q with results.json and metadata.json written into `dir`, sharing
// the system tests' krun cache (the rootfs is built once per arch).
KrunRun krun(const testenv::TempDir& dir, std::vector<std::string> args) {
  std::vector<std::string> all = {"-q", "--cache-dir", testenv::krun_system_cache().string(), "--results",
                                  (dir / "results.json").string(), "--metadata", (dir / "metadata.json").string()};
  all.insert(all.end(), args.begin(), args.end());
  KrunRun r;
  r.process = testenv::run(testenv::krun_bin(), all, {}, {}, std::chrono::seconds(900));
  if (fs::exists(dir / "results.json")) r.results = nlohmann::json::parse(testenv::read_file(dir / "results.json"));
  if (fs::exists(dir / "metadata.json")) r.metadata = nlohmann::json::parse(testenv::read_file(dir / "metadata.json"));
  return r;
}

// The debug kernel's output folder with the debugkernel target's vmlinux.xz.
fs::path debug_kernel_with_vmlinux() {
  return testenv::system_kernel_rerun("x86_64-debug", "debugkernel", {"config", "kernel", "debugkernel"});
}

// The kernel's own KASAN kunit tests (mm/kasan/kasan_test.c, kasan_test.ko
// from the folder's modules.tar.xz, loaded by krun's kunit step): each case
// provokes one bad access and passes when KASAN reports it. krun finds
// those reports in the console as crashes of kind kasan, titled the way the
// kernel names the bug, the access and the function, once per title.
TEST(KrunDebugKernel, TheKernelsKasanTestsReportsAreKasanCrashesWithTheirTitles) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman or linux-source-6.1 is missing");
  testenv::SystemKernel k = testenv::system_kernel("x86_64-debug");
  auto modules = kc::list_archive(k.modules);
  ASSERT_TRUE(std::any_of(modules.begin(), modules.end(),
                          [](const std::string& e) { return e.ends_with("/kasan_test.ko"); }));
  testenv::TempDir dir("krun-kasan");
  KrunRun r = krun(dir, {"--kbuild", k.dir.string(), "--tests", "kunit", "--log-file",
                         (dir / "console.log").string()});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;  // crashes found: a fail, though every case expects one
  const auto& kasan = r.results["kunit/kasan"];
  for (const char* c : {"kmalloc_oob_right", "kmalloc_uaf", "kmem_cache_double_free", "kasan_stack_oob",
                        "kasan_strings", "vmalloc_oob"})
    EXPECT_EQ(kasan[c]["result"], "pass") << c << ": " << kasan.dump(2).substr(0, 4000);

  // Every report the kernel printed is one crash of kind kasan ...
  std::string console = testenv::read_file(dir / "console.log");
  size_t reports = 0;
  for (size_t at = console.find("BUG: KASAN: "); at != std::string::npos; at = console.find("BUG: KASAN: ", at + 1))
    ++reports;
  const auto& crashes = r.results["boot"]["kernel-messages"]["crashes"];
  ASSERT_GT(reports, 40u) << "kasan_test printed too few reports";
  EXPECT_EQ(crashes.size(), reports);
  // ... named after the bug and the function of kasan_test.c that made the
  // bad access (not the string routine it passed the pointer to, not the
  // kunit runner, not KASAN's own kasan_* functions).
  const std::string test_source = testenv::read_file(testenv::linux_source_tree() / "mm/kasan/kasan_test.c");
  std::set<std::string> titles;
  for (const auto& c : crashes) {
    EXPECT_EQ(c["kind"], "kasan") << c["title"];
    std::string function = c["function"];
    EXPECT_NE(test_source.find(" " + function + "("), std::string::npos) << c["title"] << " names no function of kasan_test.c";
    titles.insert(c["title"].get<std::string>());
  }
  for (const char* t : {"KASAN: slab-out-of-bounds Write in kmalloc_oob_right", "KASAN: use-after-free Read in kmalloc_uaf",
                        "KASAN: double-free in kmem_cache_double_free", "KASAN: invalid-free in kmem_cache_invalid_free",
                        "KASAN: stack-out-of-bounds Read in kasan_stack_oob",
                        "KASAN: alloca-out-of-bounds Read in kasan_alloca_oob_left",
                        "KASAN: vmalloc-out-of-bounds Read in vmalloc_oob",
                        "KASAN: use-after-free Read in kasan_strings", "KASAN: slab-out-of-bounds Read in kasan_memchr"})
    EXPECT_EQ(titles.count(t), 1u) << t;
}

// The line of `file` in Debian's kernel tree that holds `text` (1-based), 0 if none.
unsigned source_line_of(const std::string& file, const std::string& text) {
  std::string source = testenv::read_file(testenv::linux_source_tree() / file);
  size_t at = source.find(text);
  if (at == std::string::npos) return 0;
  return static_cast<unsigned>(std::count(source.begin(), source.begin() + static_cast<long>(at), '\n')) + 1;
}

// kbuild's debugkernel target ships the debug kernel's vmlinux.xz, and krun
// --kbuild resolves a crash's frames with it to the kernel's own source lines.
TEST(KrunDebugKernel, SysrqCrashFramesResolveToTheKernelsSourceLines) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman or linux-source-6.1 is missing");
  fs::path debug = debug_kernel_with_vmlinux();
  ASSERT_TRUE(fs::exists(debug / "vmlinux.xz")) << debug;
  testenv::TempDir dir("krun-symbolized-crash");
  KrunRun r = krun(dir, {"--kbuild", debug.string(), "--", "echo c > /proc/sysrq-trigger"});
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

// --vmcore: the panicked guest is held (panic=0), its memory dumped through
// QMP into the kept output folder, and crash reads the dump with the
// kernel's vmlinux: the kernel's own log in guest memory ends with the
// panic, and the panicking task's stack (`bt -t`: every text address on it,
// as the return address of sysrq_handle_crash's call to the noreturn panic()
// falls in the next function) starts in panic() under the sysrq handler.
// The kernel has KASAN, so krun asks qemu for physical addresses only
// (walking KASAN's shadow never ends), which is what crash reads.
TEST(KrunDebugKernel, VmcoreOfAPanicOpensInCrashWithThePanickingFunction) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman or linux-source-6.1 is missing");
  REQUIRE_OR_SKIP(!kc::find_program("crash").empty(), "crash is not installed (apt-get install crash)");
  fs::path debug = debug_kernel_with_vmlinux();
  testenv::TempDir dir("krun-vmcore");
  KrunRun r = krun(dir, {"--kbuild", debug.string(), "--vmcore", "--", "echo c > /proc/sysrq-trigger"});
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
  EXPECT_EQ(dump["paging"], false);

  fs::path vmlinux = dir.path() / "vmlinux";
  kc::decompress_to_file(debug / "vmlinux.xz", vmlinux);
  kc::ProcessOptions crash;
  crash.argv = {"crash", "-s", vmlinux.string(), vmcore.string()};
  crash.stdin_data = "log\nbt -t\nquit\n";
  crash.timeout = std::chrono::minutes(3);
  kc::ProcessResult bt = kc::run_process(crash);
  ASSERT_TRUE(bt.ok()) << bt.describe() << bt.err << bt.out;
  EXPECT_NE(bt.out.find("Kernel panic - not syncing: sysrq triggered crash"), std::string::npos) << bt.out;
  EXPECT_NE(bt.out.find("START: panic at "), std::string::npos) << bt.out;
  EXPECT_NE(bt.out.find(" __handle_sysrq at "), std::string::npos) << bt.out;
  EXPECT_NE(bt.out.find(" write_sysrq_trigger at "), std::string::npos) << bt.out;
}

}  // namespace
