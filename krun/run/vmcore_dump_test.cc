#include "krun/run/vmcore_dump.h"

#include <elf.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>

#include "common/errors.h"
#include "common/scratch_folder.h"

namespace krun {
namespace {

// Writes a small ELF core: a note and one PT_LOAD per (vaddr, paddr) pair,
// in the host's byte order, or big-endian ELF32 when `big32`.
void write_core(const std::filesystem::path& file, std::vector<std::pair<uint64_t, uint64_t>> loads,
                bool big32 = false) {
  std::string bytes;
  auto put = [&](uint64_t v, size_t n) {
    char b[8];
    std::memcpy(b, &v, 8);  // little-endian host
    std::string s(b, n);
    if (big32) std::reverse(s.begin(), s.end());
    bytes += s;
  };
  const size_t ehsize = big32 ? sizeof(Elf32_Ehdr) : sizeof(Elf64_Ehdr);
  const size_t phsize = big32 ? sizeof(Elf32_Phdr) : sizeof(Elf64_Phdr);
  const size_t word = big32 ? 4 : 8;
  bytes += std::string(ELFMAG, SELFMAG);
  bytes += char(big32 ? ELFCLASS32 : ELFCLASS64);
  bytes += char(big32 ? ELFDATA2MSB : ELFDATA2LSB);
  bytes += char(EV_CURRENT);
  bytes.resize(EI_NIDENT, '\0');
  put(ET_CORE, 2), put(EM_X86_64, 2), put(EV_CURRENT, 4), put(0, word), put(ehsize, word), put(0, word);
  put(0, 4), put(ehsize, 2), put(phsize, 2), put(loads.size() + 1, 2), put(0, 2), put(0, 2), put(0, 2);
  loads.insert(loads.begin(), {0, 0});
  for (size_t i = 0; i < loads.size(); ++i) {
    uint32_t type = i == 0 ? PT_NOTE : PT_LOAD;
    if (big32) {
      put(type, 4), put(0, 4), put(loads[i].first, 4), put(loads[i].second, 4), put(0, 4), put(0, 4), put(0, 4),
          put(0, 4);
    } else {
      put(type, 4), put(0, 4), put(0, 8), put(loads[i].first, 8), put(loads[i].second, 8), put(0, 8), put(0, 8),
          put(0, 8);
    }
  }
  std::ofstream(file, std::ios::binary) << bytes;
}

TEST(VmcoreDump, PagingIsToldFromTheCoresOwnSegments) {
  kc::ScratchFolder dir(std::filesystem::temp_directory_path(), "vmcore-test");
  const auto core = dir.path() / "vmcore";
  // qemu on x86 with paging: the kernel's direct map and text mapping.
  write_core(core, {{0xffff888000000000, 0}, {0xffffffff81000000, 0x1000000}});
  EXPECT_TRUE(core_has_virtual_addresses(core));
  // qemu where it cannot walk the page tables: virtual = physical.
  write_core(core, {{0x40000000, 0x40000000}});
  EXPECT_FALSE(core_has_virtual_addresses(core));
  write_core(core, {{0xc0000000, 0x0}}, true);
  EXPECT_TRUE(core_has_virtual_addresses(core)) << "a big-endian 32-bit core is read in its own byte order";
  write_core(core, {{0x1000, 0x1000}}, true);
  EXPECT_FALSE(core_has_virtual_addresses(core));
  std::ofstream(core) << "not an ELF file at all, but long enough to hold a header......";
  EXPECT_THROW(core_has_virtual_addresses(core), kc::Error);
}

TEST(VmcoreDump, AKasanKernelIsDumpedWithoutWalkingItsPageTables) {
  std::string why;
  EXPECT_TRUE(paging_for({}, &why)) << "no config known: try the walk";
  EXPECT_TRUE(paging_for({{"CONFIG_KASAN", "n"}, {"CONFIG_DEBUG_INFO", "y"}}, &why));
  EXPECT_TRUE(why.empty());
  EXPECT_FALSE(paging_for({{"CONFIG_KASAN", "y"}, {"CONFIG_KASAN_GENERIC", "y"}}, &why));
  EXPECT_NE(why.find("KASAN"), std::string::npos) << why;
}

TEST(VmcoreDump, AKeptDumpMovesIntoTheOutputFolderAndAFailedOneSaysWhy) {
  kc::ScratchFolder dir(std::filesystem::temp_directory_path(), "vmcore-test");
  std::filesystem::create_directories(dir.path() / "work");
  const auto dumped = dir.path() / "work" / "vmcore";
  std::ofstream(dumped) << "core";
  VmcoreResult ok{true, true, 4, ""};
  nlohmann::json first = keep_vmcore(ok, dumped, dir.path(), 1, "");
  EXPECT_EQ(first["file"], (dir.path() / "vmcore").string());
  EXPECT_EQ(first["bytes"], 4);
  EXPECT_EQ(first["paging"], true);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "vmcore"));
  EXPECT_FALSE(std::filesystem::exists(dumped));
  std::ofstream(dumped) << "core";
  EXPECT_EQ(keep_vmcore(ok, dumped, dir.path(), 2, "")["file"], (dir.path() / "vmcore.2").string())
      << "a later boot of --repeat keeps its own";
  VmcoreResult failed{false, false, 0, "qemu refused dump-guest-memory: no space"};
  nlohmann::json none = keep_vmcore(failed, dumped, dir.path(), 3, "");
  EXPECT_EQ(none["error"], "qemu refused dump-guest-memory: no space");
  EXPECT_FALSE(none.contains("file"));
}

TEST(VmcoreDump, ASocketPathTooLongForUnixIsAUsageErrorNamingTheWayOut) {
  EXPECT_EQ(vmcore_qmp_socket("/tmp/out/work"), "/tmp/out/work/qmp.sock");
  try {
    vmcore_qmp_socket("/" + std::string(120, 'x') + "/work");
    FAIL() << "a path longer than sun_path must be refused";
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("--cache-dir"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace krun
