// `krun --runtime podman` makes the qemu image's base itself, as kbuild
// does: with a base recipe no image was made from and no mmdebstrap in PATH,
// the run ends in the bootstrap's own error (what to install, which registry
// variable), not in a request to run kbuild first. No image gets built.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/process.h"
#include "tests/support/test_env.h"

namespace fs = std::filesystem;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(KrunQemuImage, AMissingBaseIsBootstrappedByKrun) {
  auto podman = kc::find_program("podman");
  REQUIRE_OR_SKIP(!podman.empty(), "podman not installed");
  testenv::TempDir dir("krun-qemu-image");
  // A suite of its own: neither krun/qemu_<suite> nor kbuild/base_<suite>
  // exists, and no real image's lock is taken.
  testenv::write_file(dir / "containers" / "base.yaml", "mirror: http://127.0.0.1:9/debian\npackages: [make]\n");
  testenv::write_file(dir / "containers" / "qemu.yaml",
                      "suite: kbtest-krun\nbase: base.yaml\npackages: [qemu-system-x86]\n");
  fs::create_directories(dir / "bin");
  fs::create_symlink(podman, dir / "bin" / "podman");
  testenv::write_file(dir / "bzImage", "placeholder kernel");
  testenv::write_file(dir / "rootfs.cpio", testenv::empty_newc_cpio());
  auto r = testenv::run(testenv::krun_bin(),
                        {"--runtime", "podman", "--device", "qemu-x86_64", "--kernel", (dir / "bzImage").string(),
                         "--rootfs", (dir / "rootfs.cpio").string(), "--cache-dir", (dir / "cache").string()},
                        {},
                        {{"PATH", (dir / "bin").string()},
                         {"KRUN_QEMU_IMAGE_RECIPE", (dir / "containers" / "qemu.yaml").string()},
                         {"KRUN_IMAGE_REGISTRY", ""},
                         {"XDG_CACHE_HOME", (dir / "user-cache").string()},  // locks, logs
                         {"KBUILD_IMAGE_REGISTRY", ""}},
                        std::chrono::seconds(120));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_TRUE(contains(r.err, "cannot bootstrap kbuild/base_kbtest-krun: mmdebstrap is not installed")) << r.err;
  EXPECT_TRUE(contains(r.err, "KRUN_IMAGE_REGISTRY")) << r.err;
  EXPECT_FALSE(contains(r.err, "kbuild image build")) << r.err;
}

}  // namespace
