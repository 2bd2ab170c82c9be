// `kbuild -r docker` for real, with Debian's docker.io: on first use docker
// makes kbuild's images from the same recipes as podman (the base
// bootstrapped with mmdebstrap and imported, the toolchain image with docker
// build, each labelled with its recipe hash), and the build runs in the
// toolchain image at the same in-container paths. A second build reuses the
// image; no container is left behind. The fake tree compiles one real C file
// with the image's gcc: what differs between engines is the plumbing, not
// the kernel (the boot through docker is krun_container_test.cc's).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/process.h"
#include "tests/support/container_engines.h"
#include "tests/support/test_env.h"

namespace {

kc::ProcessResult kbuild(const testenv::TempDir& home, const std::string& out) {
  return testenv::run(testenv::kbuild_bin(),
                      {"-C", (testenv::source_dir() / "tests/integration/fake-kernel").string(), "-r", "docker", "-a",
                       "x86_64", "-t", "gcc-12", "-o", (home / out).string(), "-b", (home / "build").string(), "-q",
                       "kernel", "FAKE_COMPILE=1"},
                      {}, {}, std::chrono::seconds(3600));
}

TEST(KbuildDocker, MakesItsImageWithDockerAndBuildsInIt) {
  const std::string problem = testenv::container_engine_problem("docker");
  REQUIRE_OR_SKIP(problem.empty(), problem);
  testenv::TempDir home("kbuild-docker");
  auto first = kbuild(home, "out");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto m = nlohmann::json::parse(testenv::read_file(home / "out/metadata.json"));
  EXPECT_EQ(m["runtime"]["name"], "docker") << m["runtime"].dump();
  EXPECT_EQ(m["runtime"]["image_name"], "localhost/kbuild/x86_64_gcc-12");
  EXPECT_NE(m["compiler"]["version_full"].get<std::string>().find("gcc-12"), std::string::npos) << m["compiler"].dump();
  // The image gcc compiled the tree's C file at the fixed build path.
  EXPECT_TRUE(std::filesystem::exists(home / "build/fake_compiled.o"));
  EXPECT_NE(testenv::read_file(home / "out/build.log").find("/kbuild/build"), std::string::npos);

  // The image docker made carries the recipe's hash, as podman's do.
  auto show = testenv::run(testenv::kbuild_bin(), {"image", "show", "x86_64_gcc-12"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  ASSERT_EQ(show.out.rfind("# recipe hash ", 0), 0u) << show.out;
  auto label = testenv::run(kc::find_program("docker"), {"image", "inspect", "--format",
                                                 "{{index .Config.Labels \"org.kbuild.recipe-hash\"}}",
                                                 "localhost/kbuild/x86_64_gcc-12"});
  EXPECT_EQ(label.out, show.out.substr(14, 64) + "\n");
  auto list = testenv::run(testenv::kbuild_bin(), {"image", "-r", "docker", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  bool present = false;
  for (size_t at = list.out.find("x86_64_gcc-12"); at != std::string::npos; at = list.out.find("x86_64_gcc-12", at + 1))
    present = present || list.out.substr(at, list.out.find('\n', at) - at).find("present") != std::string::npos;
  EXPECT_TRUE(present) << list.out;

  // A second build: the same image, nothing to make.
  auto second = kbuild(home, "out2");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.err.find("building kbuild/"), std::string::npos) << second.err;
  EXPECT_TRUE(testenv::container_names("docker", "kbuild-").empty());
}

}  // namespace
