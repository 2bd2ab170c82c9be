#include "kbuild/build_info.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/process.h"
#include "common/scratch_folder.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

TEST(BuildInfo, TextOffsetIsTheAddressOfTextInSystemMap) {
  EXPECT_EQ(text_offset("0000000000000000 D __per_cpu_start\nffffffff81000000 T _text\nffffffff81000000 T _stext\n"),
            "0xffffffff81000000");
  EXPECT_EQ(text_offset("c1000000 T _text\n"), "0xc1000000");  // TuxMake's own example
  EXPECT_FALSE(text_offset("ffffffff81000000 T _stext\n").has_value());
  EXPECT_FALSE(text_offset("").has_value());
}

TEST(BuildInfo, SizeOutputGivesTuxMakesKeys) {
  auto j = parse_size_output("   text\t   data\t    bss\t    dec\t    hex\tfilename\n"
                             "1234567\t 234567\t  34567\t1503701\t 16f1d5\tvmlinux\n");
  EXPECT_EQ(j["text_size"], 1234567);
  EXPECT_EQ(j["data_size"], 234567);
  EXPECT_EQ(j["bss_size"], 34567);
  EXPECT_TRUE(parse_size_output("garbage").empty());
}

TEST(BuildInfo, FilesUnderListsFilesAndLinksNotFolders) {
  kc::ScratchFolder dir(fs::temp_directory_path(), "kbuild-info");
  fs::create_directories(dir.path() / "lib/modules/6.1.0/kernel");
  std::ofstream(dir.path() / "lib/modules/6.1.0/kernel/a.ko") << "x";
  std::ofstream(dir.path() / "lib/modules/6.1.0/modules.dep") << "x";
  fs::create_symlink("kernel/a.ko", dir.path() / "lib/modules/6.1.0/link.ko");
  EXPECT_EQ(files_under(dir.path()), (std::vector<std::string>{"lib/modules/6.1.0/kernel/a.ko",
                                                               "lib/modules/6.1.0/link.ko",
                                                               "lib/modules/6.1.0/modules.dep"}));
}

TEST(BuildInfo, DiskUsageCountsAllocatedMegabytesAndHardLinksOnce) {
  kc::ScratchFolder dir(fs::temp_directory_path(), "kbuild-du");
  {
    std::ofstream f(dir.path() / "three-mb");
    std::string mb(1 << 20, 'x');
    for (int i = 0; i < 3; ++i) f << mb;
  }
  fs::create_hard_link(dir.path() / "three-mb", dir.path() / "same-file");
  long long mb = disk_usage_mb(dir.path());
  EXPECT_GE(mb, 3);
  EXPECT_LE(mb, 4);
  EXPECT_EQ(disk_usage_mb(dir.path() / "missing"), 0);
}

// TuxMake's git section from a real repository: a tag, a branch, an origin.
TEST(BuildInfo, GitSectionHasTuxMakesKeys) {
  ASSERT_FALSE(kc::find_program("git").empty()) << "git is needed (make deps)";
  kc::ScratchFolder dir(fs::temp_directory_path(), "kbuild-git");
  auto git = [&](std::vector<std::string> args) {
    kc::ProcessOptions o;
    o.argv = {"git", "-C", dir.path().string(), "-c", "user.name=T", "-c", "user.email=t@example.org"};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    ASSERT_TRUE(kc::run_process(o).ok()) << args[0];
  };
  git({"init", "-q", "-b", "mybranch"});
  std::ofstream(dir.path() / "Makefile") << "VERSION = 6\n";
  git({"add", "Makefile"});
  git({"commit", "-q", "-m", "Start"});
  git({"tag", "v5.4.3"});
  git({"remote", "add", "origin", "https://foo.com/linux.git"});
  auto j = git_info(dir.path());
  EXPECT_EQ(j["git_describe"], "v5.4.3");
  EXPECT_EQ(j["git_branch"], "mybranch");
  EXPECT_EQ(j["git_url"], "https://foo.com/linux.git");
  EXPECT_EQ(j["git_commit"].get<std::string>().size(), 40u);
  EXPECT_EQ(j["git_subject"], "Start");
  git({"checkout", "-q", "--detach"});
  EXPECT_FALSE(git_info(dir.path()).contains("git_branch"));  // detached: no branch
}

TEST(BuildInfo, HostSectionsHaveTuxMakesKeys) {
  auto u = uname_info();
  for (const char* k : {"kernel", "kernel_release", "kernel_version", "machine", "operating_system"})
    EXPECT_TRUE(u.contains(k)) << k;
  auto h = hardware_info(fs::temp_directory_path());
  EXPECT_GT(h["cores"].get<long long>(), 0);
  EXPECT_GT(h["ram"].get<long long>(), 0);
  EXPECT_TRUE(h.contains("free_disk_space"));
}

}  // namespace
}  // namespace kbuild
