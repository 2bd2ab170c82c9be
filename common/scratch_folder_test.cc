#include "common/scratch_folder.h"

#include <gtest/gtest.h>

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
