// `kbuild image ...`, -p and the image faults that need no image build:
// unknown names, podman or mmdebstrap missing (PATH manipulation), and
// --offline with nothing local.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/process.h"
#include "tests/support/test_env.h"

namespace fs = std::filesystem;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A copy of the project's recipes plus one extra toolchain, so a test gets
// its own image name (kbuild/x86_64_<toolchain>) without touching real ones.
fs::path recipes_with(const testenv::TempDir& dir, const std::string& toolchain,
                      const std::string& packages_yaml, const std::string& extra_base_package = "") {
  fs::path out = dir / "containers";
  fs::copy(testenv::source_dir() / "containers", out, fs::copy_options::recursive);
  testenv::write_file(out / "toolchains" / (toolchain + ".yaml"),
                      "name: " + toolchain + "\nsuite: bookworm\nversion: \"12\"\npackages: " +
                          packages_yaml + "\ncc: [gcc-12]\narches: [x86_64, arm64]\n");
  if (!extra_base_package.empty()) {
    std::string base = testenv::read_file(out / "base.yaml");
    base.replace(base.find("packages:\n"), 10, "packages:\n  - " + extra_base_package + "\n");
    testenv::write_file(out / "base.yaml", base);
  }
  return out;
}

TEST(ContainersImageCli, UnknownToolchainIsUsageError) {
  auto r = testenv::run(testenv::kbuild_bin(), {"image", "build", "x86_64_gcc-99"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(contains(r.err, "E: unknown toolchain 'gcc-99'")) << r.err;
  EXPECT_TRUE(contains(r.err, "gcc-12")) << "lists the known toolchains: " << r.err;
}

TEST(ContainersImageCli, UnknownArchIsUsageError) {
  auto r = testenv::run(testenv::kbuild_bin(), {"image", "build", "vax_gcc-12"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(contains(r.err, "E: 'vax_gcc-12' is not an image name")) << r.err;
  EXPECT_TRUE(contains(r.err, "arm64")) << r.err;
}

TEST(ContainersImageCli, UnsupportedCombinationIsUsageError) {
  auto r = testenv::run(testenv::kbuild_bin(), {"image", "build", "riscv_gcc-11"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(contains(r.err, "does not support architecture 'riscv'")) << r.err;
}

TEST(ContainersImageCli, MissingSubcommandOrOptionIsOneErrorLine) {
  auto none = testenv::run(testenv::kbuild_bin(), {"image"});
  EXPECT_EQ(none.exit_code, 1) << none.err;
  EXPECT_TRUE(contains(none.err, "E: kbuild image: A subcommand is required")) << none.err;
  auto push = testenv::run(testenv::kbuild_bin(), {"image", "push", "arm64_gcc-12"});
  EXPECT_EQ(push.exit_code, 1) << push.err;
  EXPECT_TRUE(contains(push.err, "E: kbuild image: --registry is required")) << push.err;
}

TEST(ContainersImageCli, ShowPrintsContainerfileWithTheListedHash) {
  auto show = testenv::run(testenv::kbuild_bin(), {"image", "show", "arm64_gcc-12"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_TRUE(contains(show.out, "FROM localhost/kbuild/base_bookworm\n")) << show.out;
  EXPECT_TRUE(contains(show.out, "gcc-12-aarch64-linux-gnu")) << show.out;
  ASSERT_EQ(show.out.rfind("# recipe hash ", 0), 0u) << show.out;
  std::string hash = show.out.substr(14, 64);

  auto list = testenv::run(testenv::kbuild_bin(), {"image", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  // One line per image: name, state, first 16 hex digits of the recipe hash.
  EXPECT_TRUE(contains(list.out, "kbuild/arm64_gcc-12")) << list.out;
  EXPECT_TRUE(contains(list.out, hash.substr(0, 16))) << list.out;
  EXPECT_TRUE(contains(list.out, "kbuild/base_bookworm")) << list.out;
}

TEST(ContainersImageCli, SupportMatrixListsArchesAndToolchains) {
  auto r = testenv::run(testenv::kbuild_bin(), {"-p"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "clang-16")) << r.out;
  EXPECT_TRUE(contains(r.out, "gcc-12")) << r.out;
  std::string riscv = r.out.substr(r.out.find("\nriscv "));
  riscv = riscv.substr(0, riscv.find('\n', 1));
  // gcc-11 has no riscv64 cross compiler in bookworm: marked unsupported.
  EXPECT_TRUE(contains(riscv, "-")) << riscv;
}

TEST(ContainersImageCli, PodmanMissingIsInfrastructureError) {
  testenv::TempDir dir;
  fs::create_directories(dir / "empty-bin");
  auto r = testenv::run(testenv::kbuild_bin(), {"image", "build", "x86_64_gcc-12"}, {},
                        {{"PATH", (dir / "empty-bin").string()}});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(contains(r.err, "E: podman is not installed")) << r.err;
}

TEST(ContainersImageCli, MmdebstrapMissingIsInfrastructureError) {
  auto podman = kc::find_program("podman");
  REQUIRE_OR_SKIP(!podman.empty(), "podman not installed");
  testenv::TempDir dir;
  // A base recipe nobody built yet, so the base must be bootstrapped; PATH
  // holds podman but no mmdebstrap.
  fs::path recipes = recipes_with(dir, "kbtest-nostrap", "[]", "hello");
  fs::create_directories(dir / "bin");
  fs::create_symlink(podman, dir / "bin" / "podman");
  auto r = testenv::run(testenv::kbuild_bin(), {"image", "build", "x86_64_kbtest-nostrap"}, {},
                        {{"PATH", (dir / "bin").string()}, {"KBUILD_CONTAINERS_DIR", recipes.string()}});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(contains(r.err, "mmdebstrap is not installed")) << r.err;
  EXPECT_TRUE(contains(r.err, "apt-get install mmdebstrap")) << r.err;
}

TEST(ContainersImageCli, OfflineWithNothingLocalSaysSo) {
  REQUIRE_OR_SKIP(!kc::find_program("podman").empty(), "podman not installed");
  testenv::TempDir dir;
  fs::path recipes = recipes_with(dir, "kbtest-offline", "[hello]");
  auto r = testenv::run(testenv::kbuild_bin(), {"image", "build", "x86_64_kbtest-offline", "--offline"}, {},
                        {{"KBUILD_CONTAINERS_DIR", recipes.string()}});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(contains(r.err, "offline: image kbuild/x86_64_kbtest-offline is not available locally"))
      << r.err;
}

TEST(ContainersImageCli, UnreachableMirrorNamesTheNetwork) {
  REQUIRE_OR_SKIP(!kc::find_program("podman").empty(), "podman not installed");
  REQUIRE_OR_SKIP(!kc::find_program("mmdebstrap").empty(), "mmdebstrap not installed");
  testenv::TempDir dir;
  // A fresh base from a mirror nothing listens on: the bootstrap cannot
  // reach the archive, as on a machine without network.
  fs::path recipes = recipes_with(dir, "kbtest-nonet", "[]", "hello");
  auto r = testenv::run(testenv::kbuild_bin(), {"image", "build", "x86_64_kbtest-nonet"}, {},
                        {{"KBUILD_CONTAINERS_DIR", recipes.string()},
                         {"KBUILD_DEBIAN_MIRROR", "http://127.0.0.1:9/debian"}},
                        std::chrono::seconds(300));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(contains(r.err, "the Debian mirror is unreachable")) << r.err;
  EXPECT_TRUE(contains(r.err, "full log: ")) << r.err;
}

}  // namespace
