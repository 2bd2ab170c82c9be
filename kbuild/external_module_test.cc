#include "kbuild/external_module.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "common/errors.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

struct Scratch {
  fs::path path = fs::temp_directory_path() / ("kbuild-extmod-test-" + std::to_string(getpid()) + "-" +
                                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  Scratch() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Scratch() { fs::remove_all(path); }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel) << text;
  }
};

std::string usage_message(const std::vector<fs::path>& dirs, const fs::path& cwd) {
  try {
    resolve_external_modules(dirs, cwd);
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    return e.what();
  }
  return "";
}

TEST(ExternalModule, NameIsTheFolderNameSafeForMakesM) {
  EXPECT_EQ(external_module_name("/src/hello"), "hello");
  EXPECT_EQ(external_module_name("/src/hello/"), "hello");
  EXPECT_EQ(external_module_name("my driver:v2%"), "my_driver_v2_");
  EXPECT_EQ(external_module_name("/"), "module");
}

TEST(ExternalModule, ResolvesRelativeFoldersWithAKbuildOrMakefile) {
  Scratch s;
  s.write("a/Kbuild", "obj-m := a.o\n");
  s.write("b/Makefile", "obj-m := b.o\n");
  auto mods = resolve_external_modules({"a", s.path / "b/"}, s.path);
  ASSERT_EQ(mods.size(), 2u);
  EXPECT_EQ(mods[0].source, s.path / "a");
  EXPECT_EQ(mods[0].name, "a");
  EXPECT_EQ(mods[1].source, s.path / "b");
  EXPECT_EQ(mods[1].name, "b");
}

TEST(ExternalModule, MissingFolderOrBuildFileIsAUsageErrorNamingIt) {
  Scratch s;
  s.write("nokbuild/hello.c", "int x;\n");
  std::string missing = usage_message({"does-not-exist"}, s.path);
  EXPECT_NE(missing.find("does-not-exist"), std::string::npos) << missing;
  EXPECT_NE(missing.find("no such folder"), std::string::npos) << missing;
  std::string bare = usage_message({"nokbuild"}, s.path);
  EXPECT_NE(bare.find("nokbuild"), std::string::npos) << bare;
  EXPECT_NE(bare.find("no Kbuild or Makefile"), std::string::npos) << bare;
  EXPECT_EQ(bare.find('\n'), std::string::npos);
}

TEST(ExternalModule, TwoFoldersWithOneNameAreRefused) {
  Scratch s;
  s.write("x/hello/Kbuild", "obj-m := a.o\n");
  s.write("y/hello/Kbuild", "obj-m := b.o\n");
  EXPECT_NE(usage_message({"x/hello", "y/hello"}, s.path).find("also named 'hello'"), std::string::npos);
}

TEST(ExternalModule, TreeDigestFollowsContentNotLocationOrTime) {
  Scratch s;
  s.write("a/Kbuild", "obj-m := hello.o\n");
  s.write("a/hello.c", "int x;\n");
  s.write("b/Kbuild", "obj-m := hello.o\n");
  s.write("b/hello.c", "int x;\n");
  EXPECT_EQ(tree_sha256(s.path / "a"), tree_sha256(s.path / "b"));
  EXPECT_EQ(tree_sha256(s.path / "a").size(), 64u);
  s.write("b/hello.c", "int y;\n");
  EXPECT_NE(tree_sha256(s.path / "a"), tree_sha256(s.path / "b"));
  s.write("b/hello.c", "int x;\n");
  fs::rename(s.path / "b/hello.c", s.path / "b/other.c");  // same bytes, another name
  EXPECT_NE(tree_sha256(s.path / "a"), tree_sha256(s.path / "b"));
}

TEST(ExternalModule, StagingReplacesTheCopyAndRecordsItsDigest) {
  Scratch s;
  s.write("src/hello/Kbuild", "obj-m := hello.o\n");
  s.write("src/hello/hello.c", "int x;\n");
  s.write("build/external/hello/stale.ko", "from an earlier build\n");
  ExternalModule m = resolve_external_modules({"src/hello"}, s.path).at(0);
  stage_external_module(m, s.path / "build/external/hello");
  EXPECT_FALSE(fs::exists(s.path / "build/external/hello/stale.ko"));
  EXPECT_TRUE(fs::is_regular_file(s.path / "build/external/hello/hello.c"));
  EXPECT_EQ(m.sha256, tree_sha256(s.path / "src/hello"));
}

TEST(ExternalModule, KernelObjectsAreListedSortedAndRelative) {
  Scratch s;
  s.write("m/hello.ko", "");
  s.write("m/sub/b.ko.xz", "");
  s.write("m/a.ko", "");
  s.write("m/hello.o", "");
  s.write("m/hello.mod.c", "");
  s.write("m/notako", "");
  EXPECT_EQ(kernel_objects_under(s.path / "m"), (std::vector<std::string>{"a.ko", "hello.ko", "sub/b.ko.xz"}));
  EXPECT_TRUE(kernel_objects_under(s.path / "absent").empty());
}

TEST(ExternalModule, JsonNamesPathDigestAndFiles) {
  ExternalModule m{"/src/hello", "hello", "abc", {"hello.ko"}, {"lib/modules/6.1.0/extra/hello.ko"}};
  auto j = external_modules_json({m});
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["path"], "/src/hello");
  EXPECT_EQ(j[0]["name"], "hello");
  EXPECT_EQ(j[0]["sha256"], "abc");
  EXPECT_EQ(j[0]["built"][0], "hello.ko");
  EXPECT_EQ(j[0]["installed"][0], "lib/modules/6.1.0/extra/hello.ko");
}

}  // namespace
}  // namespace kbuild
