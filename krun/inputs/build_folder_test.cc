#include "krun/inputs/build_folder.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "common/errors.h"

namespace krun {
namespace {

struct Folder {
  std::filesystem::path dir;
  Folder() {
    dir = std::filesystem::temp_directory_path() / ("krun-bf-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~Folder() { std::filesystem::remove_all(dir); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; }
};

TEST(BuildFolder, ReadsTuxMakeShapedMetadata) {
  Folder f;
  f.write("bzImage", "k");
  f.write("modules.tar.xz", "m");
  f.write("config", "CONFIG_A=y\n");
  f.write("metadata.json", R"({"build": {"target_arch": "x86_64"},
    "results": {"status": "PASS", "artifacts": {"kernel": ["bzImage"], "modules": ["modules.tar.xz"],
    "config": ["config"]}}})");
  BuildFolder b = read_build_folder(f.dir);
  EXPECT_EQ(b.target_arch, "x86_64");
  EXPECT_EQ(b.kernel, f.dir / "bzImage");
  EXPECT_EQ(b.modules, f.dir / "modules.tar.xz");
  EXPECT_EQ(b.config, f.dir / "config");
  EXPECT_TRUE(b.dtbs.empty());
}

TEST(BuildFolder, ArtifactsOutsideTheFolderAreRefused) {
  Folder f;
  f.write("bzImage", "k");
  std::filesystem::create_directories(f.dir / "sub");
  f.write("sub/Image", "k");
  std::filesystem::create_symlink("/etc/passwd", f.dir / "passwd-link");
  for (const std::string& name : {std::string("/etc/passwd"), "../" + f.dir.filename().string() + "/../../etc/passwd",
                                  std::string("passwd-link")}) {
    f.write("metadata.json", R"({"build": {"target_arch": "x86_64"}, "results": {"artifacts": {"kernel": [")" +
                                 name + R"("]}}})");
    try {
      read_build_folder(f.dir);
      ADD_FAILURE() << name << " was accepted";
    } catch (const kc::Error& e) {
      EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
      EXPECT_NE(std::string(e.what()).find("outside the folder"), std::string::npos) << e.what();
    }
  }
  // A file in a subfolder, named with a harmless "..", is the folder's own.
  f.write("metadata.json", R"({"build": {"target_arch": "arm64"}, "results": {"artifacts": {"kernel": ["sub/../sub/Image"]}}})");
  EXPECT_EQ(std::filesystem::canonical(read_build_folder(f.dir).kernel), std::filesystem::canonical(f.dir / "sub/Image"));
}

TEST(BuildFolder, ListedButMissingArtifactIsAnError) {
  Folder f;
  f.write("metadata.json", R"({"build": {"target_arch": "arm64"}, "results": {"artifacts": {"kernel": ["Image.gz"]}}})");
  EXPECT_THROW(read_build_folder(f.dir), kc::Error);
}

TEST(BuildFolder, NoMetadataOrNoArchIsAnError) {
  Folder f;
  EXPECT_THROW(read_build_folder(f.dir), kc::Error);
  f.write("metadata.json", R"({"results": {}})");
  EXPECT_THROW(read_build_folder(f.dir), kc::Error);
}

}  // namespace
}  // namespace krun
