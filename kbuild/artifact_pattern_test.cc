#include "kbuild/artifact_pattern.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/scratch_folder.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

void touch(const fs::path& p) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << "x";
}

TEST(ArtifactPattern, AWildcardAnywhereMakesAPattern) {
  EXPECT_TRUE(is_file_pattern("linux-*.tar.gz"));
  EXPECT_TRUE(is_file_pattern("arch/x86/boot/linux-?.deb"));
  EXPECT_TRUE(is_file_pattern("rpmbuild/RPMS/*/kernel-6.1.rpm"));
  EXPECT_FALSE(is_file_pattern("arch/x86/boot/bzImage"));
  EXPECT_FALSE(is_file_pattern("vmlinux"));
}

TEST(ArtifactPattern, MatchesRegularFilesInItsFolderSorted) {
  kc::ScratchFolder dir(fs::temp_directory_path(), "kbuild-pattern");
  touch(dir.path() / "linux-6.1.0-x86.tar.gz");
  touch(dir.path() / "linux-6.1.0-arm64.tar.gz");
  touch(dir.path() / "linux-6.1.0-x86.tar.xz");
  touch(dir.path() / "sub/linux-6.1.0-x86.tar.gz");   // another folder: not matched
  fs::create_directories(dir.path() / "linux-dir.tar.gz");  // a folder: not a file
  EXPECT_EQ(files_matching(dir.path(), "linux-*.tar.gz"),
            (std::vector<std::string>{"linux-6.1.0-arm64.tar.gz", "linux-6.1.0-x86.tar.gz"}));
  EXPECT_EQ(files_matching(dir.path(), "sub/linux-*.tar.gz"), std::vector<std::string>{"sub/linux-6.1.0-x86.tar.gz"});
  EXPECT_TRUE(files_matching(dir.path(), "kernel-*.rpm").empty());
  EXPECT_TRUE(files_matching(dir.path(), "missing/linux-*.tar.gz").empty());
  EXPECT_TRUE(files_matching(dir.path(), "../*").empty());
}

TEST(ArtifactPattern, AFolderComponentMatchesOneLevel) {
  kc::ScratchFolder dir(fs::temp_directory_path(), "kbuild-pattern");
  touch(dir.path() / "rpmbuild/RPMS/x86_64/kernel-6.1.0-1.x86_64.rpm");
  touch(dir.path() / "rpmbuild/RPMS/x86_64/kernel-headers-6.1.0-1.x86_64.rpm");
  touch(dir.path() / "rpmbuild/RPMS/noarch/deep/kernel-x.rpm");  // two levels: not matched
  touch(dir.path() / "rpmbuild/SRPMS/kernel-6.1.0-1.src.rpm");
  EXPECT_EQ(files_matching(dir.path(), "rpmbuild/RPMS/*/kernel-*.rpm"),
            (std::vector<std::string>{"rpmbuild/RPMS/x86_64/kernel-6.1.0-1.x86_64.rpm",
                                      "rpmbuild/RPMS/x86_64/kernel-headers-6.1.0-1.x86_64.rpm"}));
}

}  // namespace
}  // namespace kbuild
