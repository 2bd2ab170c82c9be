#include "common/scratch_folder.h"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "common/errors.h"

namespace fs = std::filesystem;

TEST(ScratchFolder, PrivateFolderRemovedWithItsContent) {
  fs::path parent = fs::temp_directory_path() / ("kc-scratch-test-" + std::to_string(::getpid()));
  fs::path kept;
  {
    kc::ScratchFolder a(parent, "build"), b(parent, "build");
    EXPECT_NE(a.path(), b.path());
    EXPECT_EQ(a.path().parent_path(), parent);
    EXPECT_EQ(a.path().filename().string().rfind("build-", 0), 0u);
    fs::create_directories(a.path() / "sub");
    std::ofstream(a.path() / "sub" / "file") << "x";
    kept = a.path();
  }
  EXPECT_FALSE(fs::exists(kept));
  EXPECT_TRUE(fs::is_empty(parent));
  fs::remove_all(parent);
}

TEST(ScratchFolder, ParentWhereNoFolderCanBeMadeIsAnError) {
  // Not even root can make folders in /proc.
  EXPECT_THROW(kc::ScratchFolder("/proc/kc-scratch"), kc::Error);
}

// A killed run never ran its destructor: the next one removes what it left,
// and only that.
TEST(ScratchFolder, FoldersOfDeadOwnersAreRemovedOnTheNextOne) {
  fs::path parent = fs::temp_directory_path() / ("kc-scratch-abandoned-" + std::to_string(::getpid()));
  fs::remove_all(parent);
  pid_t dead = fork();
  if (dead == 0) _exit(0);
  waitpid(dead, nullptr, 0);  // reaped: the pid is gone
  fs::path abandoned = parent / ("run-" + std::to_string(dead) + "-abc123");
  fs::path live = parent / ("run-" + std::to_string(::getppid()) + "-def456");
  fs::path other = parent / "run-notapid-x";
  fs::path other_prefix = parent / ("build-" + std::to_string(dead) + "-x");
  for (const auto& d : {abandoned, live, other, other_prefix}) fs::create_directories(d / "sub");
  {
    kc::ScratchFolder s(parent, "run");
    EXPECT_EQ(s.path().filename().string().rfind("run-" + std::to_string(::getpid()) + "-", 0), 0u) << s.path();
  }
  EXPECT_FALSE(fs::exists(abandoned));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(other));
  EXPECT_TRUE(fs::exists(other_prefix)) << "another prefix is another user's";
  fs::remove_all(parent);
}
