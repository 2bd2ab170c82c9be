#include "kbuild/kconfig_reuse.h"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>

#include "common/scratch_folder.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;
using Kind = KconfigStep::Kind;

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A tree with one file of each kind the digest covers, and some it ignores.
struct Tree {
  kc::ScratchFolder dir{fs::temp_directory_path(), "kconfig-reuse-test"};
  fs::path src = dir.path() / "linux";
  Tree() {
    for (const char* f : {"Kconfig", "init/Kconfig", "arch/x86/Kconfig", "arch/x86/Kconfig.cpu", "arch/arm64/Kconfig",
                          "Makefile", "arch/x86/Makefile", "scripts/Kconfig.include", "scripts/cc-version.sh",
                          "scripts/kconfig/Makefile", "kernel/configs/tiny.config", "arch/x86/configs/tiny.config",
                          // not read by kconfig:
                          "init/main.c", "arch/arm64/Makefile", "arch/arm64/configs/defconfig",
                          "scripts/checkpatch.pl", "scripts/gcc-plugins/gen.sh", ".git/Kconfig", "drivers/.git/Kconfig"})
      write(src / f, std::string("original ") + f + "\n");
  }
  std::string digest() const { return kconfig_tree_digest(src, "x86"); }
};

TEST(KconfigTreeDigest, ChangesWithEveryFileKconfigReads) {
  for (const char* f : {"Kconfig", "init/Kconfig", "arch/x86/Kconfig.cpu", "arch/arm64/Kconfig", "Makefile",
                        "arch/x86/Makefile", "scripts/Kconfig.include", "scripts/cc-version.sh",
                        "scripts/kconfig/Makefile", "kernel/configs/tiny.config", "arch/x86/configs/tiny.config"}) {
    Tree t;
    std::string before = t.digest();
    EXPECT_EQ(t.digest(), before) << "stable";
    write(t.src / f, "changed\n");
    EXPECT_NE(t.digest(), before) << f;
  }
}

TEST(KconfigTreeDigest, NewAndMovedKconfigFilesCount) {
  Tree t;
  std::string before = t.digest();
  write(t.src / "drivers/foo/Kconfig", "config FOO\n");
  std::string added = t.digest();
  EXPECT_NE(added, before);
  fs::rename(t.src / "drivers/foo", t.src / "drivers/bar");  // same content, another path
  EXPECT_NE(t.digest(), added);
}

TEST(KconfigTreeDigest, IgnoresFilesKconfigDoesNotRead) {
  for (const char* f : {"init/main.c", "arch/arm64/Makefile", "arch/arm64/configs/defconfig", "scripts/checkpatch.pl",
                        "scripts/gcc-plugins/gen.sh", ".git/Kconfig", "drivers/.git/Kconfig"}) {
    Tree t;
    std::string before = t.digest();
    write(t.src / f, "changed\n");
    EXPECT_EQ(t.digest(), before) << f;
  }
}

TEST(KconfigTreeDigest, SameTreeElsewhereGivesTheSameDigest) {
  Tree a, b;
  EXPECT_EQ(a.digest(), b.digest());
  EXPECT_EQ(kconfig_tree_digest(a.src.string() + "/", "x86"), a.digest());
}

KconfigPlan tiny_plan() {
  KconfigPlan p;
  p.steps = {{Kind::MakeTarget, "tinyconfig", "", {}, "tinyconfig"},
             {Kind::Merge, "", "", {"001.config"}, "CONFIG_A=y"},
             {Kind::Olddefconfig, "olddefconfig", "", {}, "olddefconfig"}};
  p.fragments = {{"001.config", "CONFIG_A=y\n", "CONFIG_A=y"}};
  return p;
}

KconfigKeyInputs gcc_x86_64() {
  KconfigKeyInputs in;
  in.make.arch.name = "x86_64";
  in.make.arch.arch = "x86_64";
  in.make.arch.srcarch = "x86";
  in.make.arch.cross_compile = "x86_64-linux-gnu-";
  in.make.arch.native_machines = {"x86_64"};
  in.make.toolchain.name = "gcc-12";
  in.make.toolchain.make_variables = {{"CC", "{cross_compile}gcc-12"}};
  in.make.host_machine = "x86_64";
  in.make.source_dir = "/kbuild/src";
  in.make.build_dir = "/kbuild/build";
  in.make.jobs = 2;
  in.runtime = "podman";
  in.image_name = "kbuild/x86_64_gcc-12";
  in.image_digest = "sha256:1111";
  in.tree_digest = "abcd";
  return in;
}

TEST(KconfigKey, ChangesWithEachKindOfInput) {
  const std::string base = kconfig_key(tiny_plan(), gcc_x86_64());
  EXPECT_EQ(kconfig_key(tiny_plan(), gcc_x86_64()), base) << "stable";
  using Change = std::function<void(KconfigPlan&, KconfigKeyInputs&)>;
  std::vector<std::pair<std::string, Change>> changes = {
      {"step kind", [](auto& p, auto&) { p.steps[0].kind = Kind::Olddefconfig; }},
      {"make target", [](auto& p, auto&) { p.steps[0].make_target = "defconfig"; }},
      {"copied base", [](auto& p, auto&) { p.steps[0] = {Kind::CopyBase, "", "CONFIG_B=y\n", {}, "b.config"}; }},
      {"fragment names", [](auto& p, auto&) { p.steps[1].fragment_names.push_back("002.config"); }},
      {"fragment content", [](auto& p, auto&) { p.fragments[0].content = "CONFIG_A=m\n"; }},
      {"fragment name", [](auto& p, auto&) { p.fragments[0].name = "002.config"; }},
      {"ARCH/SRCARCH", [](auto&, auto& in) { in.make.arch.arch = in.make.arch.srcarch = "i386"; }},
      {"SRCARCH", [](auto&, auto& in) { in.make.arch.srcarch = "um"; }},
      {"CROSS_COMPILE", [](auto&, auto& in) { in.make.host_machine = "aarch64"; }},
      {"arch make variable", [](auto&, auto& in) { in.make.arch.make_variables["LLVM_IAS"] = "0"; }},
      {"toolchain name", [](auto&, auto& in) { in.make.toolchain.name = "gcc"; }},
      {"CC", [](auto&, auto& in) { in.make.toolchain.make_variables["CC"] = "{cross_compile}gcc-13"; }},
      {"LLVM=1", [](auto&, auto& in) { in.make.toolchain.make_variables["LLVM"] = "1"; }},
      {"wrapper", [](auto&, auto& in) { in.make.wrapper = "ccache"; }},
      {"user variable", [](auto&, auto& in) {
         in.make.user_variables["KCFLAGS"] = "-O1";
         in.make.user_variable_order.push_back("KCFLAGS");
       }},
      {"environment", [](auto&, auto& in) { in.environment["KCONFIG_ALLCONFIG"] = "x"; }},
      {"runtime", [](auto&, auto& in) { in.runtime = "null"; }},
      {"image name", [](auto&, auto& in) { in.image_name = "localhost/mine"; }},
      {"image digest", [](auto&, auto& in) { in.image_digest = "sha256:2222"; }},
      {"tree digest", [](auto&, auto& in) { in.tree_digest = "abce"; }},
  };
  for (const auto& [what, change] : changes) {
    KconfigPlan p = tiny_plan();
    KconfigKeyInputs in = gcc_x86_64();
    change(p, in);
    EXPECT_NE(kconfig_key(p, in), base) << what;
  }
}

TEST(KconfigKey, ChangesWithTheCopiedBaseContent) {
  KconfigPlan a = tiny_plan(), b = tiny_plan();
  a.steps[0] = {Kind::CopyBase, "", "CONFIG_B=y\n", {}, "b.config"};
  b.steps[0] = {Kind::CopyBase, "", "CONFIG_C=y\n", {}, "b.config"};
  EXPECT_NE(kconfig_key(a, gcc_x86_64()), kconfig_key(b, gcc_x86_64()));
}

TEST(KconfigKey, JobsAndFoldersDoNotCount) {
  const std::string base = kconfig_key(tiny_plan(), gcc_x86_64());
  KconfigKeyInputs in = gcc_x86_64();
  in.make.jobs = 16;
  in.make.source_dir = "/elsewhere/src";
  in.make.build_dir = "/elsewhere/build";
  EXPECT_EQ(kconfig_key(tiny_plan(), in), base);
}

struct BuildFolder {
  kc::ScratchFolder dir{fs::temp_directory_path(), "kconfig-stamp-test"};
  fs::path config() const { return dir.path() / ".config"; }
};

TEST(KconfigStamp, ReusedOnlyWithTheSameKeyAndAnUntouchedConfig) {
  BuildFolder b;
  write(b.config(), "CONFIG_A=y\n");
  EXPECT_FALSE(config_reusable(b.dir.path(), "k1")) << "no stamp yet";
  write_kconfig_stamp(b.dir.path(), "k1");
  EXPECT_TRUE(fs::is_regular_file(kconfig_stamp_path(b.dir.path())));
  EXPECT_TRUE(config_reusable(b.dir.path(), "k1"));
  EXPECT_FALSE(config_reusable(b.dir.path(), "k2")) << "another key";
  write(b.config(), "CONFIG_A=y\nCONFIG_B=y\n");
  EXPECT_FALSE(config_reusable(b.dir.path(), "k1")) << ".config edited";
  write(b.config(), "CONFIG_A=y\n");
  EXPECT_TRUE(config_reusable(b.dir.path(), "k1")) << "same content again";
  fs::remove(b.config());
  EXPECT_FALSE(config_reusable(b.dir.path(), "k1")) << ".config gone";
}

TEST(KconfigStamp, StampMissingOrClearedWithTheFragmentsIsNotReused) {
  BuildFolder b;
  write(b.config(), "CONFIG_A=y\n");
  write_kconfig_stamp(b.dir.path(), "k1");
  // What a plan does before its first step: clear the fragment folder.
  fs::remove_all(b.dir.path() / "kbuild-kconfig");
  EXPECT_FALSE(config_reusable(b.dir.path(), "k1"));
  write(kconfig_stamp_path(b.dir.path()), "garbage\n");
  EXPECT_FALSE(config_reusable(b.dir.path(), "k1"));
}

}  // namespace
}  // namespace kbuild
