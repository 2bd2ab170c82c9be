#include "common/base_image.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "common/errors.h"

namespace kc {
namespace {

BaseRecipe sample() {
  BaseRecipe b;
  b.mirror = "http://deb.debian.org/debian";
  b.packages = {"make", "bc"};
  return b;
}

TEST(BaseImage, TheProjectRecipeLoads) {
  BaseRecipe b = load_base_recipe(std::filesystem::path(KPROJECT_SOURCE_DIR) / "containers/base.yaml");
  EXPECT_EQ(b.mirror, "http://deb.debian.org/debian");
  EXPECT_NE(std::find(b.packages.begin(), b.packages.end(), "bison"), b.packages.end());
  EXPECT_NE(std::find(b.tools.begin(), b.tools.end(), "make"), b.tools.end());
}

TEST(BaseImage, MalformedRecipeNamesTheFile) {
  auto file = std::filesystem::temp_directory_path() / "kc-base-image-test.yaml";
  for (const char* text : {"mirror: ''\npackages: [make]\n", "mirror: http://example.invalid/debian\n"}) {
    std::ofstream(file) << text;
    try {
      load_base_recipe(file);
      ADD_FAILURE() << "expected an error for: " << text;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
  }
  std::filesystem::remove(file);
}

TEST(BaseImage, NameIsSharedByBothTools) { EXPECT_EQ(base_image_name("bookworm"), "kbuild/base_bookworm"); }

TEST(BaseImage, HashFollowsPackagesAndSuiteNotOrder) {
  BaseRecipe more = sample(), reordered = sample();
  more.packages.push_back("flex");
  std::swap(reordered.packages[0], reordered.packages[1]);
  EXPECT_NE(base_hash(sample(), "bookworm"), base_hash(more, "bookworm"));
  EXPECT_NE(base_hash(sample(), "bookworm"), base_hash(sample(), "trixie"));
  EXPECT_EQ(base_hash(sample(), "bookworm"), base_hash(reordered, "bookworm"));
  EXPECT_EQ(base_hash(sample(), "bookworm").size(), 64u);
}

TEST(BaseImage, RenderingIsStable) {
  // Changing this text rebuilds every base already made; bump kFormatVersion
  // on purpose when that is wanted.
  EXPECT_EQ(render_base_recipe(sample(), "bookworm"),
            "kbuild base v1\nsuite: bookworm\nvariant: minbase\npackages: bc make\n");
}

TEST(BaseImage, MirrorDoesNotChangeTheHash) {
  BaseRecipe a = sample(), b = sample();
  b.mirror = "http://mirror.example/debian";
  EXPECT_EQ(base_hash(a, "bookworm"), base_hash(b, "bookworm"));
}

TEST(BaseImage, MmdebstrapArgv) {
  auto argv = mmdebstrap_argv(sample(), "bookworm", "http://deb.debian.org/debian", "/tmp/out.tar");
  EXPECT_EQ(argv, (std::vector<std::string>{"mmdebstrap", "--variant=minbase", "--include=bc,make", "bookworm",
                                            "/tmp/out.tar", "http://deb.debian.org/debian"}));
}

TEST(BaseImage, MmdebstrapRefusesUnsafePackageNames) {
  BaseRecipe b = sample();
  b.packages.push_back("make; reboot");
  EXPECT_THROW(mmdebstrap_argv(b, "bookworm", "http://deb.debian.org/debian", "/tmp/out.tar"), Error);
}

}  // namespace
}  // namespace kc
