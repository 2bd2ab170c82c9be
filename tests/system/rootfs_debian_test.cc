// The default rootfs from the real Debian archive: built for several
// architectures (each /bin/busybox must be an ELF for that machine), and
// booted with the shared x86_64 system kernel through plain QEMU to check the
// guest protocol markers. Needs network (first run) and qemu-system-x86_64.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "common/archive.h"
#include "common/process.h"
#include "krun/rootfs/rootfs.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace fs = std::filesystem;

namespace {

void use_source_data() {
  static testenv::TempDir* data = new testenv::TempDir("krun-data");
  if (!fs::exists(data->path() / "rootfs")) fs::create_directory_symlink(testenv::source_dir() / "rootfs", data->path() / "rootfs");
  setenv("KRUN_DATA_DIR", data->path().c_str(), 1);
}

fs::path shared_cache() { return testenv::binary_dir() / "rootfs-system-cache"; }

int elf_machine(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  unsigned char h[20] = {0};
  in.read(reinterpret_cast<char*>(h), 20);
  if (h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') return -1;
  bool little = h[5] == 1;
  return little ? h[18] | (h[19] << 8) : (h[18] << 8) | h[19];
}

}  // namespace

class RootfsDebian : public ::testing::TestWithParam<std::pair<std::string, int>> {};

TEST_P(RootfsDebian, MinimalBusyboxIsAnElfForTheArch) {
  use_source_data();
  auto [arch, machine] = GetParam();
  testenv::TempDir work("rootfs");
  krun::rootfs::Request req;
  req.debian_arch = arch;
  req.cache_dir = shared_cache();
  req.work_dir = work.path();
  fs::path initramfs;
  try {
    initramfs = krun::rootfs::default_initramfs(req);
  } catch (const std::exception& e) {
    REQUIRE_OR_SKIP(false, std::string("Debian archive not reachable: ") + e.what());
  }
  kc::ExtractOptions o;
  o.guest_root = true;
  kc::extract_archive(initramfs, work / "tree", o);
  EXPECT_EQ(elf_machine(work / "tree/bin/busybox"), machine) << arch;
  EXPECT_TRUE(fs::exists(work / "tree/init"));
}

INSTANTIATE_TEST_SUITE_P(Arches, RootfsDebian,
                         ::testing::Values(std::pair{"amd64", 62}, std::pair{"arm64", 183}, std::pair{"armhf", 40},
                                           std::pair{"riscv64", 243}),
                         [](const auto& info) { return info.param.first; });

TEST(RootfsBoot, X86InitPrintsProtocolMarkers) {
  use_source_data();
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman or linux-source-6.1 missing (make deps)");
  const fs::path kernel = testenv::system_kernel("x86_64").kernel;
  REQUIRE_OR_SKIP(!kc::find_program("qemu-system-x86_64").empty(), "qemu-system-x86_64 missing");
  testenv::TempDir work("boot");
  krun::rootfs::Request req;
  req.debian_arch = "amd64";
  req.cache_dir = shared_cache();
  req.work_dir = work.path();
  req.extra_files["/krun/tests/001-hello.sh"] = "echo hello-from-guest\nexit 3\n";
  req.extra_files["/krun/tests/002-slow.sh"] = "sleep 60\n";
  req.extra_files["/krun/tests/002-slow.timeout"] = "2\n";
  req.extra_files["/krun/modules-load"] = "no_such_module\n";
  krun::rootfs::Prepared p;
  try {
    p = krun::rootfs::prepare(req);
  } catch (const std::exception& e) {
    REQUIRE_OR_SKIP(false, std::string("Debian archive not reachable: ") + e.what());
  }
  kc::ProcessOptions o;
  o.argv = {"qemu-system-x86_64", "-M", "q35", "-m", "512", "-nographic", "-no-reboot", "-kernel", kernel.string(),
            "-initrd", p.path.string(), "-append", "console=ttyS0 panic=-1"};
  o.merge_stderr = true;
  o.timeout = std::chrono::seconds(120);
  auto r = kc::run_process(o);
  EXPECT_FALSE(r.timed_out) << r.out;
  for (const char* m : {"<<KRUN>> BOOT", "<<KRUN>> MODULE no_such_module 1", "<<KRUN>> START hello",
                        "hello-from-guest", "<<KRUN>> END hello 3", "<<KRUN>> START slow", "<<KRUN>> END slow 124",
                        "<<KRUN>> DONE"})
    EXPECT_NE(r.out.find(m), std::string::npos) << m << "\n" << r.out;
}
