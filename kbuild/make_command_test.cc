#include "kbuild/make_command.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace kbuild {
namespace {

MakeContext context(const std::string& arch, const std::string& toolchain) {
  Catalog cat = Catalog::load(std::filesystem::path(KPROJECT_SOURCE_DIR) / "kbuild/data", std::filesystem::path(KPROJECT_SOURCE_DIR) / "containers");
  MakeContext c;
  c.arch = cat.arch(arch);
  c.toolchain = cat.toolchain(toolchain);
  c.host_machine = "x86_64";
  c.source_dir = "/kbuild/src";
  c.build_dir = "/kbuild/build";
  c.jobs = 4;
  return c;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST(MakeCommand, CrossGccSetsArchCrossCompileAndVersionedCompiler) {
  auto argv = make_argv(context("arm64", "gcc-12"), {"Image.gz"});
  EXPECT_EQ(argv[0], "make");
  EXPECT_TRUE(has(argv, "O=/kbuild/build"));
  EXPECT_TRUE(has(argv, "-C"));
  EXPECT_TRUE(has(argv, "-j4"));
  EXPECT_TRUE(has(argv, "ARCH=arm64"));
  EXPECT_TRUE(has(argv, "CROSS_COMPILE=aarch64-linux-gnu-"));
  EXPECT_TRUE(has(argv, "CC=aarch64-linux-gnu-gcc-12"));
  EXPECT_EQ(argv.back(), "Image.gz");
}

TEST(MakeCommand, NativeBuildHasNoCrossCompile) {
  auto argv = make_argv(context("x86_64", "gcc-12"), {"bzImage"});
  EXPECT_TRUE(has(argv, "ARCH=x86_64"));
  EXPECT_TRUE(has(argv, "CC=gcc-12"));
  for (const auto& a : argv) EXPECT_EQ(a.rfind("CROSS_COMPILE=", 0), std::string::npos);
}

TEST(MakeCommand, LlvmUsesLlvmOneAndWrapperGetsCc) {
  MakeContext c = context("arm64", "llvm");
  c.wrapper = "ccache";
  auto argv = make_argv(c, {});
  EXPECT_TRUE(has(argv, "LLVM=1"));
  EXPECT_TRUE(has(argv, "CC=ccache clang"));
}

TEST(MakeCommand, WrapperPrefixesTheCompiler) {
  MakeContext c = context("x86_64", "clang-16");
  c.wrapper = "sccache";
  EXPECT_TRUE(has(make_argv(c, {}), "CC=sccache clang-16"));
}

TEST(MakeCommand, UserAndExtraVariablesInOrder) {
  MakeContext c = context("x86_64", "gcc");
  c.user_variables = {{"W", "1"}, {"KCFLAGS", "-O1"}};
  c.user_variable_order = {"W", "KCFLAGS"};
  auto argv = make_argv(c, {"modules_install"}, {{"INSTALL_MOD_PATH", "/kbuild/build/s"}});
  auto pos = [&](const std::string& s) { return std::find(argv.begin(), argv.end(), s) - argv.begin(); };
  EXPECT_LT(pos("INSTALL_MOD_PATH=/kbuild/build/s"), pos("W=1"));
  EXPECT_LT(pos("W=1"), pos("KCFLAGS=-O1"));
  EXPECT_EQ(argv.back(), "modules_install");
}

TEST(MakeCommand, ExternalModuleAddsMWithTheKernelsVariables) {
  MakeContext c = context("arm64", "gcc-12");
  c.user_variables = {{"W", "1"}};
  c.user_variable_order = {"W"};
  auto argv = external_module_make_argv(c, "/kbuild/build/external/hello", {"modules_install"},
                                        {{"INSTALL_MOD_PATH", "/kbuild/build/kbuild-staging/modules"}});
  auto plain = make_argv(c, {"modules_install"}, {{"INSTALL_MOD_PATH", "/kbuild/build/kbuild-staging/modules"}});
  // The same command as the in-tree install, plus M=.
  auto without_m = argv;
  without_m.erase(std::find(without_m.begin(), without_m.end(), "M=/kbuild/build/external/hello"));
  EXPECT_EQ(without_m, plain);
  EXPECT_TRUE(has(argv, "O=/kbuild/build"));
  EXPECT_TRUE(has(argv, "ARCH=arm64"));
  EXPECT_TRUE(has(argv, "CROSS_COMPILE=aarch64-linux-gnu-"));
  auto pos = [&](const std::string& s) { return std::find(argv.begin(), argv.end(), s) - argv.begin(); };
  EXPECT_LT(pos("M=/kbuild/build/external/hello"), pos("W=1"));
  EXPECT_EQ(argv.back(), "modules_install");
}

TEST(MakeCommand, ReproducibleEnvironment) {
  auto env = reproducible_environment(0);
  EXPECT_EQ(env.at("KBUILD_BUILD_TIMESTAMP"), "Thu Jan  1 00:00:00 UTC 1970");
  EXPECT_EQ(env.at("KBUILD_BUILD_USER"), "kbuild");
  EXPECT_EQ(env.at("KBUILD_BUILD_HOST"), "kbuild");
  EXPECT_EQ(env.at("LANG"), "C");
  EXPECT_EQ(env.at("SOURCE_DATE_EPOCH"), "0");
}

}  // namespace
}  // namespace kbuild
