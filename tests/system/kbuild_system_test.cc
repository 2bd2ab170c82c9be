// Real kernels (Debian's linux-source-6.1, tinyconfig + device fragment) built
// by the real kbuild through podman: native x86_64 and cross arm64, artifacts
// and metadata, and bit-identical images from two different host folders.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/archive.h"
#include "common/process.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

void check_kernel(const std::string& name, const std::string& image, const std::string& arch) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  testenv::SystemKernel k = testenv::system_kernel(name);
  ASSERT_EQ(k.kernel.filename(), image);
  EXPECT_GT(fs::file_size(k.kernel), 100000u);
  ASSERT_TRUE(fs::exists(k.modules));
  auto entries = kc::list_archive(k.modules);
  bool has_lib_modules = false;
  for (const auto& e : entries) has_lib_modules |= e.rfind("lib/modules/6.1", 0) == 0;
  EXPECT_TRUE(has_lib_modules);
  auto m = nlohmann::json::parse(testenv::read_file(k.metadata));
  EXPECT_EQ(m["build"]["target_arch"], arch);
  EXPECT_EQ(m["build"]["toolchain"], "gcc-12");
  EXPECT_EQ(m["results"]["status"], "PASS");
  EXPECT_EQ(m["results"]["artifacts"]["kernel"][0], image);
  EXPECT_EQ(m["results"]["artifacts"]["modules"][0], "modules.tar.xz");
  EXPECT_EQ(m["results"]["targets"]["kernel"]["status"], "PASS");
  EXPECT_EQ(m["runtime"]["name"], "podman");
  EXPECT_NE(m["runtime"]["image_name"].get<std::string>().find("kbuild/" + arch + "_gcc-12"), std::string::npos);
  EXPECT_EQ(m["compiler"]["name"], "gcc");
  EXPECT_EQ(m["compiler"]["version"].get<std::string>().rfind("12.", 0), 0u);
  EXPECT_GT(m["vmlinux"]["text"].get<long long>(), 0);
  // Every symbol of the boot fragment survived olddefconfig.
  EXPECT_EQ(m["kconfig_check"]["missing"].size(), 0u) << m["kconfig_check"].dump();
  std::string config = testenv::read_file(k.dir / "config");
  EXPECT_NE(config.find("CONFIG_MODULES=y"), std::string::npos);
  EXPECT_NE(config.find("CONFIG_PRINTK_TIME=y"), std::string::npos);
}

TEST(KbuildSystem, X86_64TinyconfigThroughPodman) { check_kernel("x86_64", "bzImage", "x86_64"); }

TEST(KbuildSystem, Arm64CrossTinyconfigThroughPodman) { check_kernel("arm64", "Image.gz", "arm64"); }

// The same commit from another host folder (a hard-linked copy of the tree),
// built without ccache, gives the same bytes: fixed in-container paths,
// fixed timestamp/user/host.
TEST(KbuildSystem, SameTreeFromTwoFoldersIsBitIdentical) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  testenv::SystemKernel first = testenv::system_kernel("x86_64");
  fs::path src = testenv::linux_source_tree();
  fs::path copy = testenv::binary_dir() / "system-kernels" / "linux-source-copy";
  fs::remove_all(copy);
  kc::ProcessOptions cp;
  cp.argv = {"cp", "-al", src.string(), copy.string()};
  ASSERT_TRUE(kc::run_process(cp).ok());
  testenv::TempDir out("repro");
  std::vector<std::string> args = {"-C", copy.string(), "-o", (out / "out").string(), "-b", (out / "build").string()};
  auto more = testenv::system_kernel_kbuild_args("x86_64");
  args.insert(args.end(), more.begin(), more.end());
  auto r = testenv::run(testenv::kbuild_bin(), args, {}, {}, std::chrono::seconds(3600));
  fs::remove_all(copy);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testenv::read_file(first.kernel), testenv::read_file(out / "out/bzImage"))
      << "kernel images differ between two host folders";
  EXPECT_EQ(testenv::read_file(first.dir / "config"), testenv::read_file(out / "out/config"));
}

}  // namespace
