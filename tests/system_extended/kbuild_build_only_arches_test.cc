// Arches kbuild builds but krun has no device for (no qemu profile in
// TuxRun's set, no Debian userland): each one's tinyconfig kernel from
// Debian's linux-source-6.1, through podman with Debian's cross compiler,
// and the image is the one its boot loader takes (checked by its own magic
// bytes, not only by name). In `make test-extended`: each needs an image and
// a kernel of its own (3 to 5 minutes on two cores, cold).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/file_lock.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

struct ArchCase {
  const char* arch;
  const char* toolchain;
  std::vector<std::string> kconfig;  // -K lines on top of tinyconfig
  std::vector<std::string> make_variables;
  const char* image;                 // the kernel artifact
  std::string magic;                 // its first bytes (none for a flat binary)
  size_t magic_offset;
};

std::string bytes_at(const fs::path& file, size_t offset, size_t n) {
  std::ifstream in(file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset));
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<size_t>(in.gcount()));
  return s;
}

class KbuildBuildOnlyArch : public ::testing::TestWithParam<ArchCase> {};

TEST_P(KbuildBuildOnlyArch, TinyconfigBuildsTheBootLoadersImage) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  const ArchCase& c = GetParam();
  testenv::TempDir dir(std::string("arch-") + c.arch);
  std::vector<std::string> args = {"-C", testenv::linux_source_tree().string(), "-o", (dir / "out").string(),
                                   "-b", (dir / "build").string(), "-r", "podman", "-a", c.arch, "-t", c.toolchain,
                                   "-k", "tinyconfig", "-w", "ccache", "-e",
                                   "CCACHE_DIR=" + testenv::system_kernel_ccache_dir().string()};
  for (const auto& k : c.kconfig) args.insert(args.end(), {"-K", k});
  args.insert(args.end(), {"config", "kernel"});
  args.insert(args.end(), c.make_variables.begin(), c.make_variables.end());
  kc::FileLock slot(testenv::kernel_build_lock_path(), "the machine's kernel build slot");
  auto r = testenv::run(testenv::kbuild_bin(), args, {}, {}, std::chrono::seconds(1800));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto m = nlohmann::json::parse(testenv::read_file(dir / "out/metadata.json"));
  EXPECT_EQ(m["build"]["target_arch"], c.arch);
  EXPECT_EQ(m["build"]["toolchain"], c.toolchain);
  EXPECT_EQ(m["results"]["status"], "PASS");
  EXPECT_EQ(m["results"]["artifacts"]["kernel"][0], c.image);
  EXPECT_EQ(m["kconfig_check"]["missing"].size(), 0u) << m["kconfig_check"].dump();
  const fs::path image = dir / "out" / c.image;
  ASSERT_TRUE(fs::exists(image)) << image;
  EXPECT_GT(fs::file_size(image), 100000u) << image;  // a whole tinyconfig kernel, not a stub
  EXPECT_EQ(bytes_at(image, c.magic_offset, c.magic.size()), c.magic) << image;
}

// Debian's linux-source-6.1 (6.1.192) cannot build loongarch in any config:
// a stable backport made arch/loongarch/kernel/traps.c use FIELD_GET without
// including <linux/bitfield.h>. The test gives that one file the header the
// way a developer would, with the kernel's per-object flags as a make
// variable (KCFLAGS would reach the linker script's preprocessing too).
const char* const kLoongarchBitfieldFix = "CFLAGS_traps.o=-include linux/bitfield.h";

// ELF e_machine (offset 18, little-endian): EM_QDSP6 (Hexagon) is 164. U-Boot's
// legacy image header starts with 0x27051956. A PE/COFF image (the EFI stub)
// starts with "MZ".
INSTANTIATE_TEST_SUITE_P(
    Debian, KbuildBuildOnlyArch,
    ::testing::Values(ArchCase{"arc", "gcc", {}, {}, "uImage.gz", std::string("\x27\x05\x19\x56", 4), 0},
                      ArchCase{"openrisc", "gcc", {}, {}, "vmlinux.bin", "", 0},
                      ArchCase{"hexagon", "llvm", {}, {}, "vmlinux", std::string("\xa4\x00", 2), 18},
                      ArchCase{"loongarch", "gcc-14", {"CONFIG_EFI_STUB=y", "CONFIG_EFI_ZBOOT=y"}, {kLoongarchBitfieldFix},
                               "vmlinuz.efi", "MZ", 0}),
    [](const ::testing::TestParamInfo<ArchCase>& info) { return std::string(info.param.arch); });

}  // namespace
