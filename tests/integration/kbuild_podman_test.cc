// kbuild with the podman runtime against the fake kernel tree: fixed paths
// inside the container, read-only source, metadata naming the image.
#include <gtest/gtest.h>

#include "tests/integration/kbuild_harness.h"

namespace {

namespace fs = std::filesystem;
using kbuild_it::kbuild;
using testenv::TempDir;

std::vector<std::string> podman_build(const TempDir& home, const std::string& image, std::vector<std::string> more) {
  std::vector<std::string> a = {"-C", kbuild_it::fake_kernel().string(), "-r", "podman", "-i", image, "-a", "x86_64",
                                "-t", "gcc-12", "-o", (home / "out").string(), "-q"};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

TEST(KbuildPodman, BuildsInTheContainerAtFixedPaths) {
  std::string image = kbuild_it::local_build_image();
  REQUIRE_OR_SKIP(!image.empty(), "podman is needed for the kbuild/x86_64_gcc-12 image");
  TempDir home;
  auto r = kbuild(home, podman_build(home, image, {"-K", "CONFIG_EXTRA=y", "kernel", "modules", "headers"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  for (const char* f : {"bzImage", "modules.tar.xz", "headers.tar.xz", "config", "metadata.json"})
    EXPECT_TRUE(fs::exists(r.out / f)) << f;
  auto m = r.metadata();
  EXPECT_EQ(m["runtime"]["name"], "podman");
  EXPECT_EQ(m["runtime"]["image_name"], image);
  EXPECT_EQ(m["compiler"]["name"], "gcc");
  std::string log = testenv::read_file(r.out / "build.log");
  EXPECT_NE(log.find("-C /kbuild/src O=/kbuild/build"), std::string::npos);
  EXPECT_NE(testenv::read_file(r.out / "config").find("CONFIG_EXTRA=y"), std::string::npos);
}

TEST(KbuildPodman, SourceTreeIsReadOnly) {
  std::string image = kbuild_it::local_build_image();
  REQUIRE_OR_SKIP(!image.empty(), "podman is needed for the kbuild/x86_64_gcc-12 image");
  TempDir home;
  auto r = kbuild(home, podman_build(home, image, {"make:touch-source"}));
  EXPECT_EQ(r.code(), 2);
  EXPECT_EQ(r.metadata()["results"]["targets"]["make:touch-source"]["status"], "FAIL");
  EXPECT_FALSE(fs::exists(kbuild_it::fake_kernel() / ".kbuild-touched"));
}

}  // namespace
