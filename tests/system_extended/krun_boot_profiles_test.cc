// The device profiles `make test-extended` boots on top of `make test`'s:
// the optional ones with a Debian rootfs, and the debian-ports ones on an
// initramfs of one program. Each needs a kernel of its own arch (about five
// minutes on two cores from a cold compiler cache), which is why they are
// not in the default run; see README "Tests".
#include "tests/system/boot_profiles.h"
#include "krun/rootfs/debian_mirror.h"
#include "krun/rootfs/tree_builder.h"
#include "tests/support/tiny_initramfs.h"

namespace {

using namespace boot_profiles;

// The profiles beyond x86_64 and arm64 whose arch Debian's main archive has a rootfs for;
// the debian-ports ones boot their own initramfs (Ports, below).
INSTANTIATE_TEST_SUITE_P(
    Optional, KrunBoot,
    ::testing::Values(BootCase{"qemu-i386", "i386", "i686"},
                      BootCase{"qemu-armv7", "armv7", "armv7l"},
                      BootCase{"qemu-riscv64", "riscv64", "riscv64"},
                      BootCase{"qemu-s390", "s390", "s390x"},
                      BootCase{"qemu-armv5", "armv5", "armv5tejl", true},
                      BootCase{"qemu-ppc64le", "ppc64le", "ppc64le"},
                      BootCase{"qemu-mips32el", "mips32el", "mips"},
                      BootCase{"qemu-mips64el", "mips64el", "mips64"}),
    device_test_name<BootCase>);

// Profiles whose arch has no userland in Debian's main archive (debian-ports, or none at all),
// so krun has no default rootfs for them: they boot a one-program initramfs
// given with --rootfs, as their users do with their own rootfs. krun then
// counts "the kernel ran /init" as booted and the program's restart as the end.
struct OwnRootfsCase { const char* device; const char* kernel; const char* uname_m; };

class KrunBootOwnRootfs : public ::testing::TestWithParam<OwnRootfsCase> {};

// A system kernel's kbuild folder and its one-program initramfs, or why
// they could not be made (for REQUIRE_OR_SKIP).
struct OwnRootfsInputs {
  std::filesystem::path kbuild_folder, initramfs;
  std::string error;
};

OwnRootfsInputs own_rootfs_inputs(const std::string& kernel) {
  OwnRootfsInputs in;
  try {
    in.kbuild_folder = testenv::system_kernel(kernel).dir;
    in.initramfs = testenv::tiny_initramfs(kernel);
  } catch (const std::exception& e) {
    in.error = e.what();
  }
  return in;
}

TEST_P(KrunBootOwnRootfs, BootsToTheGivenInitramfsAndEnds) {
  const OwnRootfsCase& c = GetParam();
  auto [kbuild_folder, initramfs, error] = own_rootfs_inputs(c.kernel);
  REQUIRE_OR_SKIP(error.empty(), error);
  testenv::TempDir dir("krun-own-rootfs");
  // The kbuild folder: its config lets krun check the device's kconfig needs.
  KrunRun r = boot_profiles::krun(dir, {"--cache-dir", shared_cache(), "--device", c.device, "--kbuild", kbuild_folder.string(),
                         "--rootfs", initramfs.string(), "--timeouts", "boot=300s"});
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
                                           OwnRootfsCase{"qemu-ppc64", "ppc64", "ppc64"},
                                           // Big-endian MIPS: no Debian userland anywhere (rootfs/ports.yaml).
                                           // On mips64 the program is o32 (the cross glibc's ABI).
                                           OwnRootfsCase{"qemu-mips32", "mips32", "mips"},
                                           OwnRootfsCase{"qemu-mips64", "mips64", "mips64"},
                                           OwnRootfsCase{"qemu-ppc32", "ppc32", "ppc"},
                                           OwnRootfsCase{"qemu-sparc64", "sparc64", "sparc64"},
                                           // Big-endian Arm: no C library anywhere, a nolibc program
                                           // (tests/support/tiny_initramfs.cc).
                                           OwnRootfsCase{"qemu-arm64be", "arm64be", "aarch64_be"},
                                           OwnRootfsCase{"qemu-armv7be", "armv7be", "armv7b"}),
                         device_test_name<OwnRootfsCase>);

// --bios for real: the riscv64 kernel boots on the OpenSBI Debian ships
// (opensbi's fw_jump.elf), given instead of the one qemu bundles, as a
// qemu-riscv32 user gives a 32-bit one Debian does not ship.
TEST(KrunBios, Riscv64BootsOnTheGivenOpenSbi) {
  const std::filesystem::path firmware = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf";
  REQUIRE_OR_SKIP(std::filesystem::exists(firmware), "Debian's opensbi is needed: apt-get install opensbi");
  auto [kbuild_folder, initramfs, error] = own_rootfs_inputs("riscv64");
  REQUIRE_OR_SKIP(error.empty(), error);
  testenv::TempDir dir("krun-bios");
  KrunRun r = boot_profiles::krun(dir, {"--cache-dir", shared_cache(), "--kbuild", kbuild_folder.string(), "--rootfs",
                         initramfs.string(), "--bios", firmware.string(), "--timeouts", "boot=300s"});
  ASSERT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_EQ(r.results["boot"]["boot"]["result"], "pass");
  auto argv = r.metadata["qemu"]["argv"].get<std::vector<std::string>>();
  auto bios = std::find(argv.begin(), argv.end(), "-bios");
  ASSERT_NE(bios, argv.end());
  EXPECT_EQ(std::filesystem::path(*(bios + 1)).filename(), "fw_jump.elf");
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-bios"), 1);
  std::string log = testenv::read_file(dir / "console.log");
  EXPECT_NE(log.find("OpenSBI"), std::string::npos) << log.substr(0, 2000);
  EXPECT_NE(log.find("tiny-init: machine=riscv64 "), std::string::npos) << log;
}

// The rv32 OpenSBI Debian trixie's opensbi package ships (bookworm's has
// riscv64 only), fetched from Debian's archive through krun's own verified
// mirror reader (InRelease by gpgv, Packages and the .deb by SHA256) and
// kept once per build tree: qemu-riscv32's firmware, given with --bios. The
// raw .bin, as qemu's own default is: the position-independent ELF is linked
// at 0, where qemu's reset ROM is.
std::filesystem::path trixie_rv32_opensbi() {
  namespace fs = std::filesystem;
  fs::path out = testenv::binary_dir() / "system-kernels" / "opensbi-riscv32-fw_dynamic.bin";
  if (fs::exists(out)) return out;
  krun::rootfs::DebianMirror mirror({"http://deb.debian.org/debian", "trixie", "amd64",
                                      "/usr/share/keyrings/debian-archive-keyring.gpg",
                                      testenv::krun_system_cache() / "downloads"});
  auto packages = mirror.packages(mirror.verify_release(mirror.fetch_release()));
  testenv::TempDir unpacked("opensbi");
  krun::rootfs::unpack_deb(mirror.deb(packages.at("opensbi")), unpacked / "root", unpacked / "scratch");
  fs::create_directories(out.parent_path());
  fs::copy_file(unpacked / "root/usr/lib/riscv32-linux-gnu/opensbi/generic/fw_dynamic.bin", out.string() + ".tmp",
                fs::copy_options::overwrite_existing);
  fs::rename(out.string() + ".tmp", out);
  return out;
}

// qemu-riscv32, the last of TuxRun's devices: an rv32 tinyconfig kernel
// (riscv64's cross compiler, the fragment's CONFIG_ARCH_RV32I) boots on the
// firmware above to a one-program initramfs.
TEST(KrunBios, Riscv32BootsOnTheOpenSbiDebianTrixieShips) {
  auto [kbuild_folder, initramfs, error] = own_rootfs_inputs("riscv32");
  std::filesystem::path firmware;
  if (error.empty()) {
    try {
      firmware = trixie_rv32_opensbi();
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  REQUIRE_OR_SKIP(error.empty(), error);
  testenv::TempDir dir("krun-riscv32");
  // No --device: the kbuild folder's rv32 config picks qemu-riscv32 over riscv's default.
  KrunRun r = boot_profiles::krun(dir, {"--cache-dir", shared_cache(), "--kbuild", kbuild_folder.string(), "--rootfs",
                         initramfs.string(), "--bios", firmware.string(), "--timeouts", "boot=300s"});
  ASSERT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_EQ(r.metadata["device"], "qemu-riscv32");
  EXPECT_EQ(r.results["boot"]["boot"]["result"], "pass");
  EXPECT_EQ(r.results["boot"]["kernel-messages"]["result"], "pass");
  std::string log = testenv::read_file(dir / "console.log");
  EXPECT_NE(log.find("tiny-init: machine=riscv32 "), std::string::npos) << log;
}

}  // namespace
