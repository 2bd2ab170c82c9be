// --external-module: the real kbuild binary (null runtime) builds an
// out-of-tree module against the fake kernel tree with `make M=...`, installs
// it next to the kernel's own modules and packs it into modules.tar.xz; bad
// requests are one E: line and exit 1, a module that does not compile fails
// the modules target (exit 2).
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "common/archive.h"
#include "kbuild/external_module.h"
#include "tests/integration/kbuild_harness.h"

namespace {

namespace fs = std::filesystem;
using kbuild_it::kbuild;
using testenv::read_file;
using testenv::TempDir;
using testenv::write_file;

// The fake kernel tree's Makefile ignores M=. A copy of the tree gets this
// GNUmakefile (GNU make reads it before Makefile): with M= it "compiles" each
// obj-m object of the module folder the way the kernel's external-module build
// behaves as far as kbuild can tell (needs an absolute M=, the kernel's modules
// built first, a `#error` line is a compiler error naming file:line, objects
// land in M, modules_install puts them under lib/modules/<release>/extra/ or
// INSTALL_MOD_DIR); without M= it is the fake tree's Makefile unchanged.
constexpr const char* kFakeExternalModuleMake = R"MAKE(
ifeq ($(M),)
include Makefile
else
O ?= .
REL := 6.1.0-fake
MODDIR := $(INSTALL_MOD_PATH)/lib/modules/$(REL)/$(or $(INSTALL_MOD_DIR),extra)
.PHONY: modules modules_install
modules:
	@case "$(M)" in /*) ;; *) echo "fake: M=$(M) must be absolute with O="; exit 2;; esac
	@test -f $(O)/fake.ko || { echo "fake: the kernel's modules must be built before external ones"; exit 2; }
	@objs=$$(sed -n 's/^obj-m *[:+]*= *//p' $(M)/Kbuild $(M)/Makefile 2>/dev/null); \
	for o in $$objs; do c=$(M)/$${o%.o}.c; \
	  line=$$(grep -n '^#error' $$c | head -n 1 | cut -d: -f1); \
	  if [ -n "$$line" ]; then echo "$$c:$$line:2: error: #error in external module"; exit 2; fi; \
	  echo "  CC [M]  $$c"; { echo "fake external module for $(ARCH)"; cat $$c; } > $(M)/$${o%.o}.ko; \
	done
modules_install:
	@test -n "$(INSTALL_MOD_PATH)" || { echo "INSTALL_MOD_PATH not set"; exit 2; }
	@mkdir -p $(MODDIR)
	@for k in $(M)/*.ko; do cp $$k $(MODDIR)/; echo "  INSTALL $(MODDIR)/$${k##*/}"; done
endif
)MAKE";

constexpr const char* kHelloC =
    "#include <linux/module.h>\n"
    "static int __init hello_init(void) { pr_info(\"hello\\n\"); return 0; }\n"
    "module_init(hello_init);\n"
    "MODULE_LICENSE(\"GPL\");\n";

// A copy of the fake kernel tree that answers M= builds, at home/linux.
fs::path fake_tree_with_external_modules(const TempDir& home) {
  fs::path tree = home / "linux";
  fs::copy(kbuild_it::fake_kernel(), tree, fs::copy_options::recursive);
  write_file(tree / "GNUmakefile", kFakeExternalModuleMake);
  return tree;
}

void write_module(const fs::path& dir, const std::string& name, const std::string& build_file,
                  const std::string& source) {
  fs::create_directories(dir);
  write_file(dir / build_file, "obj-m := " + name + ".o\n");
  write_file(dir / (name + ".c"), source);
}

std::vector<std::string> build_args(const TempDir& home, std::vector<std::string> more) {
  std::vector<std::string> a = {"-C", (home / "linux").string(), "-r", "null", "-a", "x86_64",
                                "-o", (home / "out").string(), "-b", (home / "bld").string(), "-q"};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

// The logged `$ make ...` line for an M= build ending in `target`, or "".
std::string make_line(const std::string& log, const std::string& m, const std::string& target) {
  for (const auto& l : lines_of(log))
    if (l.rfind("$ make ", 0) == 0 && l.find(" M=" + m + " ") != std::string::npos &&
        l.size() > target.size() && l.compare(l.size() - target.size() - 1, target.size() + 1, " " + target) == 0)
      return l;
  return "";
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

void expect_usage_error(const kbuild_it::Run& r, const std::string& words) {
  EXPECT_EQ(r.code(), 1) << r.result.err;
  EXPECT_EQ(r.error_lines(), 1) << r.result.err;
  EXPECT_NE(r.result.err.find(words), std::string::npos) << r.result.err;
}

TEST(KbuildExternalModule, BuildsWithMAndLandsInModulesTarballUnderExtra) {
  TempDir home;
  fake_tree_with_external_modules(home);
  write_module(home / "hello", "hello", "Kbuild", kHelloC);
  write_module(home / "drivers/bye", "bye", "Makefile", "int bye;\n");
  // "hello" relative to kbuild's working folder (home), "bye" absolute.
  auto r = kbuild(home, build_args(home, {"kernel", "modules", "--external-module", "hello", "--external-module",
                                          (home / "drivers/bye").string()}));
  ASSERT_EQ(r.code(), 0) << r.result.err;

  auto entries = kc::list_archive(r.out / "modules.tar.xz");
  EXPECT_TRUE(contains(entries, "lib/modules/6.1.0-fake/kernel/drivers/fake/fake.ko"));
  EXPECT_TRUE(contains(entries, "lib/modules/6.1.0-fake/extra/hello.ko"));
  EXPECT_TRUE(contains(entries, "lib/modules/6.1.0-fake/extra/bye.ko"));
  kc::extract_archive(r.out / "modules.tar.xz", home / "unpacked");
  std::string ko = read_file(home / "unpacked/lib/modules/6.1.0-fake/extra/hello.ko");
  EXPECT_EQ(ko, std::string("fake external module for x86_64\n") + kHelloC);

  std::string log = read_file(r.out / "build.log");
  std::string first = lines_of(log).at(0);
  EXPECT_NE(first.find("--external-module " + (home / "hello").string()), std::string::npos) << first;
  EXPECT_NE(first.find("--external-module " + (home / "drivers/bye").string()), std::string::npos) << first;
  std::string m = (home / "bld/external/hello").string();
  std::string compile = make_line(log, m, "modules"), install = make_line(log, m, "modules_install");
  ASSERT_FALSE(compile.empty()) << log;
  ASSERT_FALSE(install.empty()) << log;
  for (const auto& l : {compile, install}) {
    EXPECT_NE(l.find(" -C " + (home / "linux").string() + " "), std::string::npos) << l;
    EXPECT_NE(l.find(" O=" + (home / "bld").string() + " "), std::string::npos) << l;
    EXPECT_NE(l.find(" ARCH=x86_64 "), std::string::npos) << l;
  }
  EXPECT_NE(install.find(" INSTALL_MOD_PATH=" + (home / "bld/kbuild-staging/modules").string() + " "),
            std::string::npos)
      << install;
  // After the kernel's own modules_install, so that one cannot wipe it.
  EXPECT_LT(log.find("modules_install\n"), log.find(install)) << log;

  auto meta = r.metadata();
  EXPECT_EQ(meta["results"]["targets"]["modules"]["status"], "PASS");
  auto ext = meta["build"]["external_modules"];
  ASSERT_EQ(ext.size(), 2u) << ext.dump();
  EXPECT_EQ(ext[0]["path"], (home / "hello").string());
  EXPECT_EQ(ext[0]["name"], "hello");
  EXPECT_EQ(ext[0]["sha256"], kbuild::tree_sha256(home / "hello"));
  EXPECT_EQ(ext[0]["built"], nlohmann::json::array({"hello.ko"}));
  EXPECT_EQ(ext[0]["installed"], nlohmann::json::array({"lib/modules/6.1.0-fake/extra/hello.ko"}));
  EXPECT_EQ(ext[1]["name"], "bye");
  EXPECT_EQ(ext[1]["installed"], nlohmann::json::array({"lib/modules/6.1.0-fake/extra/bye.ko"}));
  EXPECT_EQ(meta["build"]["reproducer_cmdline"].dump().find("--external-module") != std::string::npos, true);
  // Built in the copy, never in the user's folder.
  EXPECT_FALSE(fs::exists(home / "hello/hello.ko"));
  EXPECT_TRUE(fs::exists(home / "bld/external/hello/hello.ko"));
}

TEST(KbuildExternalModule, CompileErrorFailsTheModulesTarget) {
  TempDir home;
  fake_tree_with_external_modules(home);
  write_module(home / "broken", "broken", "Kbuild", "#include <linux/module.h>\n#error not ready\n");
  auto r = kbuild(home, build_args(home, {"kernel", "modules", "--external-module", "broken"}));
  EXPECT_EQ(r.code(), 2) << r.result.err;
  EXPECT_NE(r.result.err.find("target(s) failed: modules"), std::string::npos) << r.result.err;
  std::string log = read_file(r.out / "build.log");
  EXPECT_NE(log.find((home / "bld/external/broken/broken.c").string() + ":2:2: error: #error"), std::string::npos)
      << log;
  auto meta = r.metadata();
  EXPECT_EQ(meta["results"]["status"], "FAIL");
  EXPECT_EQ(meta["results"]["targets"]["kernel"]["status"], "PASS");
  EXPECT_EQ(meta["results"]["targets"]["modules"]["status"], "FAIL");
  EXPECT_NE(meta["results"]["targets"]["modules"]["reason"].get<std::string>().find("external module broken"),
            std::string::npos);
  EXPECT_GE(meta["results"]["errors"].get<int>(), 1);
  EXPECT_FALSE(fs::exists(r.out / "modules.tar.xz"));
}

TEST(KbuildExternalModule, NeedsTheModulesTarget) {
  TempDir home;
  fake_tree_with_external_modules(home);
  write_module(home / "hello", "hello", "Kbuild", kHelloC);
  expect_usage_error(kbuild(home, build_args(home, {"kernel", "--external-module", "hello"})), "add `modules`");
  EXPECT_FALSE(fs::exists(home / "out"));
}

TEST(KbuildExternalModule, MissingFolderOrBuildFileIsNamed) {
  TempDir home;
  fake_tree_with_external_modules(home);
  expect_usage_error(kbuild(home, build_args(home, {"modules", "--external-module", "nowhere"})),
                     "--external-module nowhere: no such folder");
  fs::create_directories(home / "loose");
  write_file(home / "loose/hello.c", kHelloC);
  expect_usage_error(kbuild(home, build_args(home, {"modules", "--external-module", "loose"})),
                     "--external-module loose: no Kbuild or Makefile");
  EXPECT_FALSE(fs::exists(home / "out"));
}

TEST(KbuildExternalModule, ConfigWithoutModulesIsAUsageError) {
  TempDir home;
  fake_tree_with_external_modules(home);
  write_module(home / "hello", "hello", "Kbuild", kHelloC);
  auto r = kbuild(home, build_args(home, {"-k", "tinyconfig", "kernel", "modules", "--external-module", "hello"}));
  expect_usage_error(r, "CONFIG_MODULES");
  EXPECT_NE(r.result.err.find("-K CONFIG_MODULES=y"), std::string::npos) << r.result.err;
  auto meta = r.metadata();
  EXPECT_EQ(meta["results"]["status"], "FAIL");
  EXPECT_EQ(meta["results"]["targets"]["kernel"]["status"], "PASS");
  EXPECT_EQ(meta["results"]["targets"]["modules"]["status"], "SKIP");
  EXPECT_NE(meta["results"]["targets"]["modules"]["reason"].get<std::string>().find("--external-module"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(r.out / "modules.tar.xz"));
}

}  // namespace
