#include "krun/ltp/runtest_index.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/scratch_folder.h"

namespace krun::ltp {
namespace {

namespace fs = std::filesystem;

TEST(RuntestIndex, ParsesTagsAndCommandsSkippingComments) {
  auto e = parse_runtest("# comment\n\naccess01 access01\r\nsplice02 splice02 -s 20\n  shell_test01 echo \"SUCCESS\" | shell_pipe01.sh\nlonely\n");
  ASSERT_EQ(e.size(), 4u);
  EXPECT_EQ(e[0].tag, "access01");
  EXPECT_EQ(e[0].command, "access01");
  EXPECT_EQ(e[1].command, "splice02 -s 20");
  EXPECT_EQ(e[2].tag, "shell_test01");
  EXPECT_EQ(e[2].command, "echo \"SUCCESS\" | shell_pipe01.sh");
  EXPECT_EQ(e[3].tag, "lonely");
  EXPECT_EQ(e[3].command, "lonely");
}

TEST(RuntestIndex, SourcedShellLibrariesByPlainName) {
  EXPECT_EQ(sourced_files("#!/bin/sh\n. tst_net.sh\n  source \"virt_lib.sh\"\n. $LIB/x.sh\n. ./local_lib.sh # c\n"
                          "echo . not.sh\n. not_a_script\n"),
            (std::set<std::string>{"tst_net.sh", "virt_lib.sh", "local_lib.sh"}));
  // A test's folders include those of its libraries, transitively (and a cycle ends).
  TestcaseIndex index({{"macsec02.sh", {"net/virt"}}, {"macsec_lib.sh", {"net/virt"}}, {"ipsec_lib.sh", {"net/ipsec"}},
                       {"tst_net.sh", {"lib"}}},
                      {{"macsec02.sh", {"macsec_lib.sh"}}, {"macsec_lib.sh", {"ipsec_lib.sh", "macsec02.sh"}},
                       {"ipsec_lib.sh", {"tst_net.sh"}}});
  auto needed = index.folders_for(parse_runtest("macsec02 macsec02.sh\n"));
  EXPECT_EQ(needed.folders, (std::vector<std::string>{"lib", "net/ipsec", "net/virt"}));
}

TEST(RuntestIndex, EveryWordIsLookedUpAlsoWithoutItsNumberSuffix) {
  TestcaseIndex index({{"fork01", {"testcases/kernel/syscalls/fork"}},
                       {"fcntl34", {"testcases/kernel/syscalls/fcntl"}},
                       {"shell_pipe01.sh", {"testcases/commands/shell"}},
                       {"dup", {"a", "b"}}});
  auto needed = index.folders_for(parse_runtest("fork01 fork01\n"
                                                "fcntl34_64 fcntl34_64\n"
                                                "pipe echo \"SUCCESS\" | shell_pipe01.sh\n"
                                                "abs /opt/ltp/testcases/bin/fork01 -i 2\n"
                                                "twice dup\n"
                                                "missing no_such_program arg\n"));
  EXPECT_EQ(needed.folders, (std::vector<std::string>{"a", "b", "testcases/commands/shell",
                                                      "testcases/kernel/syscalls/fcntl",
                                                      "testcases/kernel/syscalls/fork"}));
  EXPECT_EQ(needed.unresolved, std::vector<std::string>{"missing"});
}

// The real LTP release: runtest/smoketest needs its eight syscall folders
// and the folders of its shell tests, nothing left unresolved.
TEST(RuntestIndex, TheReleasesSmoketestMapsToItsFolders) {
  fs::path tarball = fs::path(KPROJECT_SOURCE_DIR) / "../shared/ltp/ltp-20260529.tar.xz";
  ASSERT_TRUE(fs::exists(tarball)) << tarball;
  kc::ScratchFolder dir(fs::temp_directory_path(), "runtest-index-test");
  kc::extract_archive(tarball, dir.path());
  fs::path root = dir.path() / "ltp-20260529";
  auto names = runtest_names(root);
  EXPECT_NE(std::find(names.begin(), names.end(), "smoketest"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "syscalls"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "Makefile"), names.end());

  TestcaseIndex index = TestcaseIndex::scan(root);
  auto needed = index.folders_for(parse_runtest(kc::read_file(root / "runtest/smoketest")));
  EXPECT_TRUE(needed.unresolved.empty()) << needed.unresolved.front();
  for (const char* f : {"access", "chdir", "fork", "time", "wait", "write", "stat", "splice"})
    EXPECT_NE(std::find(needed.folders.begin(), needed.folders.end(), std::string("testcases/kernel/syscalls/") + f),
              needed.folders.end())
        << f;
  for (const char* f : {"testcases/commands/df", "testcases/commands/shell"})
    EXPECT_NE(std::find(needed.folders.begin(), needed.folders.end(), f), needed.folders.end()) << f;
  EXPECT_LT(needed.folders.size(), 16u);  // a subset, not all of LTP

  // syscalls, the largest runtest file: almost everything maps to a folder.
  auto syscalls = index.folders_for(parse_runtest(kc::read_file(root / "runtest/syscalls")));
  auto entries = parse_runtest(kc::read_file(root / "runtest/syscalls")).size();
  EXPECT_GT(entries, 1000u);
  EXPECT_LT(syscalls.unresolved.size() * 100, entries) << "more than 1% of runtest/syscalls unresolved";
}

}  // namespace
}  // namespace krun::ltp
