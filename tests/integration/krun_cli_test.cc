// The real krun binary on inputs that need no kernel: device listing, and
// user errors that must give one E: line and exit 2 (125 with --bisect).
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/support/test_env.h"

namespace {

kc::ProcessResult krun(const std::vector<std::string>& args) {
  return testenv::run(testenv::krun_bin(), args, {}, {}, std::chrono::seconds(60));
}

TEST(KrunCli, ListDevicesShowsEveryProfile) {
  auto r = krun({"--list-devices"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* d : {"qemu-x86_64", "qemu-i386", "qemu-arm64", "qemu-armv7", "qemu-riscv64", "qemu-armv5",
                        "qemu-ppc64le", "qemu-ppc64", "qemu-s390", "qemu-mips32el", "qemu-mips64el",
                        "qemu-sh4", "qemu-m68k", "qemu-mips32", "qemu-mips64", "qemu-ppc32", "qemu-sparc64",
                        "qemu-arm64be", "qemu-armv7be", "qemu-riscv32"})
    EXPECT_NE(r.out.find(d), std::string::npos) << d;
  EXPECT_NE(r.out.find("qemu-system-aarch64"), std::string::npos);
}

TEST(KrunCli, UnknownDeviceIsOneErrorLine) {
  testenv::TempDir dir("krun-cli");
  testenv::write_file(dir / "bzImage", "not a kernel");
  auto r = krun({"--device", "qemu-vax", "--kernel", (dir / "bzImage").string(), "--cache-dir", (dir / "c").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("E: unknown device 'qemu-vax'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("qemu-arm64"), std::string::npos) << "the error lists the known devices";
}

TEST(KrunCli, MissingKernelAndBadOptions) {
  auto none = krun({"--device", "qemu-x86_64"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no kernel"), std::string::npos) << none.err;
  auto bad = krun({"--timeouts", "boot"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("KEY=VALUE"), std::string::npos) << bad.err;
  auto bisect = krun({"--bisect", "--device", "qemu-x86_64"});
  EXPECT_EQ(bisect.exit_code, 125);
  testenv::TempDir dir("krun-cli");
  auto missing = krun({"--device", "qemu-x86_64", "--kernel", (dir / "nope").string(), "--cache-dir",
                       (dir / "c").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope"), std::string::npos) << missing.err;
}

TEST(KrunCli, KbuildFolderPicksTheDeviceFromItsArch) {
  testenv::TempDir dir("krun-cli");
  // A folder whose metadata names an arch with no device: the error proves
  // the arch was read from metadata.json.
  testenv::write_file(dir / "out" / "vmlinux", "k");
  testenv::write_file(dir / "out" / "metadata.json",
                      R"({"build": {"target_arch": "vax"}, "results": {"artifacts": {"kernel": ["vmlinux"]}}})");
  auto r = krun({"--kbuild", (dir / "out").string(), "--cache-dir", (dir / "c").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no default device for architecture 'vax'"), std::string::npos) << r.err;
  auto no_meta = krun({"--tuxmake", dir.path().string()});
  EXPECT_EQ(no_meta.exit_code, 2);
  EXPECT_NE(no_meta.err.find("metadata.json"), std::string::npos) << no_meta.err;
}

// A big-endian arm64 build (kbuild's arm64 arch, the qemu-arm64be fragment's
// config) boots on qemu-arm64be, not on arm64's default board: krun says so
// and then asks for the rootfs only the user can give for that device.
TEST(KrunCli, KbuildFolderPicksTheDeviceItsConfigIsFor) {
  testenv::TempDir dir("krun-cli");
  testenv::write_file(dir / "out" / "Image.gz", "k");
  std::filesystem::copy_file(testenv::source_dir() / "devices/fragments/qemu-arm64be.config", dir / "out" / "config");
  testenv::write_file(dir / "out" / "metadata.json", R"({"build": {"target_arch": "arm64"},
      "results": {"artifacts": {"kernel": ["Image.gz"], "config": ["config"]}}})");
  auto r = krun({"--kbuild", (dir / "out").string(), "--cache-dir", (dir / "c").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("device qemu-arm64be: the kernel's config is for it, not for qemu-arm64"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("no default rootfs for arm64be"), std::string::npos) << r.err;
}

// qemu-riscv32's "-bios default" is firmware Debian's qemu does not ship
// (its OpenSBI is riscv64 only): the real qemu-system-riscv32 refuses at
// once, and krun says what qemu said and that --bios brings the firmware.
TEST(KrunCli, FirmwareQemuLacksIsAskedForWithBios) {
  if (std::filesystem::exists("/usr/share/qemu/opensbi-riscv32-generic-fw_dynamic.bin"))
    GTEST_SKIP() << "this qemu has rv32 firmware";
  testenv::TempDir dir("krun-cli");
  testenv::write_file(dir / "Image", "not a kernel: qemu stops before loading it");
  testenv::write_file(dir / "rootfs.cpio", testenv::empty_newc_cpio());
  auto r = krun({"--device", "qemu-riscv32", "--kernel", (dir / "Image").string(), "--rootfs",
                 (dir / "rootfs.cpio").string(), "--cache-dir", (dir / "c").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("opensbi-riscv32"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("give qemu-riscv32 its firmware with --bios"), std::string::npos) << r.err;
}

// A verdict that could not be written (a full disk) is not a clean log.
TEST(KrunCli, LogParseIntoAFullDiskIsAnError) {
  testenv::TempDir dir("krun-log-full");
  testenv::write_file(dir / "clean.log", "[    0.000000] Linux version 6.1.0\n");
  // sh only redirects; krun and the log path stay arguments.
  auto r = testenv::run("/bin/sh", {"-c", "exec \"$0\" log parse \"$1\" > /dev/full", testenv::krun_bin().string(),
                                    (dir / "clean.log").string()},
                        {}, {}, std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("E: cannot write the result to standard output"), std::string::npos) << r.err;
  testenv::write_file(dir / "r.json", "{\"boot\": {\"boot\": {\"result\": \"pass\"}}}");
  auto c = testenv::run("/bin/sh", {"-c", "exec \"$0\" compare \"$1\" \"$1\" > /dev/full", testenv::krun_bin().string(),
                                    (dir / "r.json").string()},
                        {}, {}, std::chrono::seconds(30));
  EXPECT_EQ(c.exit_code, 2) << c.err;
}

// --cache-dir goes before or after the subcommand, as users type it.
TEST(KrunCli, RootfsCacheDirOnEitherSideOfTheSubcommand) {
  testenv::TempDir dir("krun-rootfs-cli");
  auto after = testenv::run(testenv::krun_bin(), {"rootfs", "clear", "--cache-dir", (dir / "c1").string()}, {}, {},
                            std::chrono::seconds(30));
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_NE(after.err.find((dir / "c1").string()), std::string::npos) << after.err;
  auto before = testenv::run(testenv::krun_bin(), {"rootfs", "--cache-dir", (dir / "c2").string(), "clear"}, {}, {},
                             std::chrono::seconds(30));
  EXPECT_EQ(before.exit_code, 0) << before.err;
  EXPECT_NE(before.err.find((dir / "c2").string()), std::string::npos) << before.err;
}

}  // namespace
