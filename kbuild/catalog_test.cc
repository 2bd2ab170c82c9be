#include "kbuild/catalog.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>
#include <unistd.h>

#include <fstream>

#include "common/errors.h"

namespace kbuild {
namespace {

Catalog real_catalog() { return Catalog::load(std::filesystem::path(KPROJECT_SOURCE_DIR) / "kbuild/data", std::filesystem::path(KPROJECT_SOURCE_DIR) / "containers"); }

TEST(Catalog, LoadsEveryRequiredArchitecture) {
  Catalog c = real_catalog();
  for (const char* name : {"x86_64", "i386", "arm64", "arm", "armel", "riscv", "powerpc", "ppc64", "ppc32", "s390", "mips",
                           "sh", "m68k", "sparc", "parisc", "alpha", "um"}) {
    const Arch& a = c.arch(name);
    EXPECT_FALSE(a.arch.empty()) << name;
    EXPECT_FALSE(a.kernel_image.empty()) << name;
    EXPECT_FALSE(a.kernel_path.empty()) << name;
  }
  EXPECT_EQ(c.arch("arm64").kernel_path, "arch/arm64/boot/Image.gz");
  EXPECT_EQ(c.arch("arm64").cross_compile, "aarch64-linux-gnu-");
  EXPECT_TRUE(c.arch("arm64").dtbs);
  EXPECT_FALSE(c.arch("x86_64").dtbs);
  EXPECT_EQ(c.arch("x86_64").srcarch, "x86");
}

TEST(Catalog, AliasesResolveToTheArch) {
  Catalog c = real_catalog();
  EXPECT_EQ(c.arch("aarch64").name, "arm64");
  EXPECT_EQ(c.arch("armhf").name, "arm");
  EXPECT_EQ(c.arch("amd64").name, "x86_64");
  // TuxMake's names for the two 32-bit Arm userlands.
  EXPECT_EQ(c.arch("armv5").name, "armel");
  EXPECT_EQ(c.arch("armv8l").name, "arm");
  EXPECT_EQ(c.arch("ppc").name, "ppc32");  // uname -m of 32-bit PowerPC
}

// TuxMake's arches Debian has no compiler for are refused with the reason,
// and none of them is also a buildable arch.
TEST(Catalog, AnArchDebianCannotBuildIsRefusedWithTheReason) {
  Catalog c = real_catalog();
  for (const char* name : {"csky", "microblaze", "nios2", "xtensa"}) {
    ASSERT_TRUE(c.unbuildable_arches().count(name)) << name;
    try {
      c.arch(name);
      ADD_FAILURE() << name << " was accepted";
    } catch (const kc::Error& e) {
      EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
      EXPECT_NE(std::string(e.what()).find("cannot be built here: Debian"), std::string::npos) << e.what();
    }
  }
  for (const auto& [name, why] : c.unbuildable_arches()) {
    const auto names = c.arch_names();
    EXPECT_EQ(std::find(names.begin(), names.end(), name), names.end()) << name << " is both";
  }
}

TEST(Catalog, EveryToolchainNamesKnownArches) {
  Catalog c = real_catalog();
  for (const char* name : {"gcc", "gcc-11", "gcc-12", "gcc-13", "gcc-14", "clang", "clang-13", "clang-14",
                           "clang-15", "clang-16", "clang-17", "clang-18", "clang-19", "llvm"}) {
    const Toolchain& t = c.toolchain(name);
    EXPECT_FALSE(t.arches.empty()) << name;
    for (const auto& a : t.arches) EXPECT_NO_THROW(c.arch(a)) << name << " lists " << a;
  }
  EXPECT_EQ(c.toolchain("llvm").make_variables.at("LLVM"), "1");
  EXPECT_EQ(c.toolchain("gcc-12").make_variables.at("CC"), "{cross_compile}gcc-12");
}

// One list of what a toolchain builds: its image recipe's. A combination
// kbuild accepts is one its image can build (clang has no sparc compiler in
// Debian's LLVM images, so -a sparc -t clang-16 is refused up front).
TEST(Catalog, AToolchainsArchesAreItsImageRecipes) {
  Catalog c = real_catalog();
  EXPECT_FALSE(c.toolchain("clang-16").supports("sparc"));
  EXPECT_TRUE(c.toolchain("clang-16").supports("riscv"));
  EXPECT_FALSE(c.toolchain("gcc-11").supports("riscv"));
  for (const std::string& name : c.toolchain_names()) {
    YAML::Node recipe = YAML::LoadFile(std::string(KPROJECT_SOURCE_DIR) + "/containers/toolchains/" + name + ".yaml");
    EXPECT_EQ(c.toolchain(name).arches, recipe["arches"].as<std::vector<std::string>>()) << name;
  }
}

TEST(Catalog, Gcc12WarnsAboutShAndGcc14DoesNot) {
  Catalog c = real_catalog();
  for (const char* name : {"gcc", "gcc-12"}) {
    const auto& bad = c.toolchain(name).known_bad_arches;
    ASSERT_EQ(bad.count("sh"), 1u) << name;
    EXPECT_NE(bad.at("sh").find("--toolchain gcc-14"), std::string::npos) << name;
  }
  EXPECT_TRUE(c.toolchain("gcc-14").known_bad_arches.empty());
}

TEST(Catalog, KnownBadArchMustBeOneTheToolchainBuilds) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kbuild-catalog-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::path real = fs::path(KPROJECT_SOURCE_DIR) / "kbuild/data";
  fs::create_directories(dir / "toolchains");
  fs::create_directories(dir / "containers/toolchains");
  fs::copy(real / "arches", dir / "arches");
  fs::copy(real / "targets", dir / "targets");
  std::ofstream(dir / "toolchains/gcc-9.yaml") << "name: gcc-9\nfamily: gcc\nmake_variables: {CC: gcc-9}\n"
                                                  "known_bad_arches: {sh: broken}\n";
  std::ofstream(dir / "containers/toolchains/gcc-9.yaml") << "name: gcc-9\narches: [x86_64]\n";
  try {
    Catalog::load(dir);
    ADD_FAILURE() << "a known_bad_arches entry outside arches was accepted";
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Infrastructure);
    EXPECT_NE(std::string(e.what()).find("gcc-9.yaml"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'sh'"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(Catalog, TargetsDependOnKnownTargetsAndTemplatesExpand) {
  Catalog c = real_catalog();
  std::map<std::string, std::string> vars = {{"kernel_image", "Image.gz"},
                                             {"kernel_path", "arch/arm64/boot/Image.gz"},
                                             {"staging", "/s"}, {"srcarch", "arm64"}, {"build", "/b"},
                                             {"source", "/src"}};
  for (const auto& name : c.target_names()) {
    Target t = c.target(name);
    for (const auto& d : t.depends) EXPECT_NO_THROW(c.target(d)) << name << " depends on " << d;
    for (const auto& m : t.make_targets) EXPECT_NO_THROW(expand_template(m, vars)) << name;
    for (const auto& [k, v] : t.install_make_variables) EXPECT_NO_THROW(expand_template(v, vars)) << name;
    for (const auto& a : t.artifacts) EXPECT_NO_THROW(expand_template(a.file + a.tarball, vars)) << name;
    for (const auto& a : t.command) EXPECT_NO_THROW(expand_template(a, vars)) << name;
    EXPECT_NO_THROW(expand_template(t.command_dir, vars)) << name;
  }
  EXPECT_EQ(c.target("modules").requires_config, std::vector<std::string>{"CONFIG_MODULES"});
  EXPECT_TRUE(c.target("dtbs").requires_arch_dtbs);
}

TEST(Catalog, PassThroughTarget) {
  Catalog c = real_catalog();
  Target t = c.target("make:htmldocs");
  EXPECT_TRUE(t.is_passthrough);
  EXPECT_EQ(t.make_targets, std::vector<std::string>{"htmldocs"});
  EXPECT_THROW(c.target("make:"), kc::Error);
}

TEST(Catalog, UnknownNamesAreUsageErrorsListingValidOnes) {
  Catalog c = real_catalog();
  try {
    c.arch("vax");
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("arm64"), std::string::npos);
  }
  EXPECT_THROW(c.toolchain("icc"), kc::Error);
  EXPECT_THROW(c.target("firmware"), kc::Error);
}

TEST(ExpandTemplate, ReplacesKnownAndRejectsUnknownPlaceholders) {
  EXPECT_EQ(expand_template("{a}x{b}", {{"a", "1"}, {"b", "2"}}), "1x2");
  EXPECT_EQ(expand_template("plain", {}), "plain");
  EXPECT_THROW(expand_template("{nope}", {}), kc::Error);
  EXPECT_THROW(expand_template("{open", {}), kc::Error);
  EXPECT_EQ(expand_template("-t {a} {} +", {{"a", "/s"}}), "-t /s {} +");
}

}  // namespace
}  // namespace kbuild
