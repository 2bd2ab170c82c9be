#include "kbuild/image/recipe.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "common/container_images.h"
#include "common/errors.h"
#include "kbuild/catalog.h"

namespace kbuild::image {
namespace {

// The project's own recipes: every file must load and resolve.
RecipeSet project_recipes() {
  return load_recipes(std::filesystem::path(KPROJECT_SOURCE_DIR) / "containers");
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(Recipe, ProjectRecipesLoad) {
  RecipeSet set = project_recipes();
  for (const char* arch : {"x86_64", "arm64", "arm", "riscv", "i386"}) EXPECT_TRUE(set.arches.count(arch)) << arch;
  for (const char* tc : {"gcc", "gcc-11", "gcc-12", "gcc-13", "gcc-14", "clang-13", "clang-16", "clang-17", "clang-18",
                         "clang-19"})
    EXPECT_TRUE(set.toolchains.count(tc)) << tc;
  EXPECT_TRUE(contains(set.base.packages, "bison"));
  EXPECT_TRUE(contains(set.base.tools, "make"));
}

// Two lists say which arches a toolchain serves: kbuild's data (what kbuild
// accepts) and the image recipes (what an image can be made for). An image
// kbuild would refuse to use is dead weight, and one missing for a pair
// kbuild accepts is a clear error at image time, so the recipes may list
// fewer arches, never more.
TEST(Recipe, EveryImagePairIsOneKbuildAccepts) {
  RecipeSet set = project_recipes();
  Catalog catalog = Catalog::load(std::filesystem::path(KPROJECT_SOURCE_DIR) / "kbuild/data", std::filesystem::path(KPROJECT_SOURCE_DIR) / "containers");
  for (const auto& [name, tc] : set.toolchains) {
    ASSERT_NO_THROW(catalog.toolchain(name)) << name << " has a recipe but is no kbuild toolchain";
    for (const auto& arch : tc.arches)
      EXPECT_TRUE(catalog.toolchain(name).supports(arch))
          << "containers/toolchains/" << name << ".yaml lists " << arch << ", which kbuild refuses for " << name;
  }
}

TEST(Recipe, CrossImageGetsTripletPackages) {
  RecipeSet set = project_recipes();
  ImageRecipe r = resolve_recipe(set, "arm64", "gcc-12", "x86_64");
  EXPECT_TRUE(r.cross);
  EXPECT_TRUE(contains(r.packages, "gcc-12-aarch64-linux-gnu"));
  EXPECT_TRUE(contains(r.packages, "binutils-aarch64-linux-gnu"));
  EXPECT_TRUE(contains(r.packages, "libc6-dev-arm64-cross"));
  EXPECT_EQ(r.cc, std::vector<std::string>{"aarch64-linux-gnu-gcc-12"});
  EXPECT_EQ(r.links.at("aarch64-linux-gnu-gcc"), "aarch64-linux-gnu-gcc-12");
  EXPECT_TRUE(contains(r.tools, "aarch64-linux-gnu-ld"));
  EXPECT_TRUE(contains(r.tools, "bison"));  // base tools are always required
}

TEST(Recipe, NativeImageHasNoCrossPackages) {
  RecipeSet set = project_recipes();
  ImageRecipe r = resolve_recipe(set, "x86_64", "gcc-12", "x86_64");
  EXPECT_FALSE(r.cross);
  EXPECT_EQ(r.packages, std::vector<std::string>{"gcc-12"});
  EXPECT_EQ(r.cc, std::vector<std::string>{"gcc-12"});
  EXPECT_TRUE(contains(r.tools, "ld"));
}

TEST(Recipe, X86CrossPackagesUseDebianSpelling) {
  RecipeSet set = project_recipes();
  ImageRecipe r = resolve_recipe(set, "x86_64", "gcc-12", "aarch64");
  EXPECT_TRUE(contains(r.packages, "gcc-12-x86-64-linux-gnu"));
  EXPECT_EQ(r.cc, std::vector<std::string>{"x86_64-linux-gnu-gcc-12"});
}

TEST(Recipe, ClangUsesTargetFlagAndLlvmPath) {
  RecipeSet set = project_recipes();
  ImageRecipe r = resolve_recipe(set, "arm64", "clang-16", "x86_64");
  EXPECT_EQ(r.cc, (std::vector<std::string>{"clang-16", "--target=aarch64-linux-gnu"}));
  EXPECT_EQ(r.path, std::vector<std::string>{"/usr/lib/llvm-16/bin"});
  EXPECT_TRUE(contains(r.packages, "lld-16"));
}

// Debian packages no binutils for hexagon: the llvm image for it is clang
// and LLVM's tools only, with the target clang takes from the triplet.
TEST(Recipe, AnArchDebianPackagesNothingForGetsNoPerArchPackages) {
  RecipeSet set = project_recipes();
  ImageRecipe r = resolve_recipe(set, "hexagon", "llvm", "x86_64");
  EXPECT_TRUE(r.cross);
  for (const auto& p : r.packages) EXPECT_EQ(p.find("binutils-"), std::string::npos) << p;
  EXPECT_TRUE(contains(r.packages, "clang"));
  EXPECT_TRUE(contains(r.cc, "--target=hexagon-linux-musl"));
  // An arch with packages keeps them.
  EXPECT_TRUE(contains(resolve_recipe(set, "arm64", "llvm", "x86_64").packages, "binutils-aarch64-linux-gnu"));
}

TEST(Recipe, UnknownArchToolchainAndCombinationAreUsageErrors) {
  RecipeSet set = project_recipes();
  auto kind_of = [&](const std::string& arch, const std::string& tc) {
    try {
      resolve_recipe(set, arch, tc, "x86_64");
    } catch (const kc::Error& e) {
      return std::make_pair(e.kind(), std::string(e.what()));
    }
    return std::make_pair(kc::ErrorKind::Failure, std::string("no error"));
  };
  auto [k1, m1] = kind_of("vax", "gcc-12");
  EXPECT_EQ(k1, kc::ErrorKind::Usage);
  EXPECT_NE(m1.find("unknown architecture 'vax'"), std::string::npos) << m1;
  EXPECT_NE(m1.find("arm64"), std::string::npos) << "lists the known arches: " << m1;
  auto [k2, m2] = kind_of("arm64", "gcc-99");
  EXPECT_EQ(k2, kc::ErrorKind::Usage);
  EXPECT_NE(m2.find("unknown toolchain 'gcc-99'"), std::string::npos) << m2;
  auto [k3, m3] = kind_of("riscv", "gcc-11");
  EXPECT_EQ(k3, kc::ErrorKind::Usage);
  EXPECT_NE(m3.find("does not support"), std::string::npos) << m3;
}

TEST(Recipe, ParseImageName) {
  RecipeSet set = project_recipes();
  EXPECT_EQ(parse_image_name(set, "x86_64_gcc-12"), std::make_pair(std::string("x86_64"), std::string("gcc-12")));
  EXPECT_EQ(parse_image_name(set, "kbuild/arm64_clang-16"),
            std::make_pair(std::string("arm64"), std::string("clang-16")));
  EXPECT_EQ(parse_image_name(set, "localhost/kbuild/arm_gcc"),
            std::make_pair(std::string("arm"), std::string("gcc")));
  EXPECT_THROW(parse_image_name(set, "nonsense"), kc::Error);
  EXPECT_EQ(kc::local_image_ref(image_name("arm64", "gcc-12")), "localhost/kbuild/arm64_gcc-12");
}

TEST(Recipe, MalformedRecipeNamesTheFile) {
  auto dir = std::filesystem::temp_directory_path() / "kbuild-recipe-test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "toolchains");
  std::ofstream(dir / "base.yaml") << "mirror: http://example.invalid/debian\npackages: [make]\n";
  std::ofstream(dir / "toolchains" / "gcc-x.yaml") << "name: gcc-x\nsuite: bookworm\nversion: '1'\n";
  try {
    load_recipes(dir);
    ADD_FAILURE() << "expected an error";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("gcc-x.yaml"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kbuild::image
