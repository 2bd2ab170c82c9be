#include "common/container_runtime.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "common/errors.h"

namespace kc {
namespace {

TEST(ContainerRuntimeTest, NullRuntimeRunsOnTheHostWithSpecEnvironment) {
  auto rt = make_container_runtime("null");
  EXPECT_EQ(rt->name(), "null");
  ContainerSpec spec;
  spec.env = {{"KC_TEST_VAR", "from-spec"}};
  spec.mounts = {{"/tmp", "/kbuild/build", false}};
  rt->start(spec);
  EXPECT_EQ(rt->path_of(spec.mounts[0]), "/tmp");
  ProcessOptions o;
  o.argv = {"sh", "-c", "echo $KC_TEST_VAR $OTHER"};
  o.env = {{"OTHER", "x"}};
  auto r = rt->exec(o);
  EXPECT_EQ(r.out, "from-spec x\n");
  EXPECT_TRUE(rt->reproducer_prefix().empty());
  rt->stop();
}

TEST(ContainerRuntimeTest, UnknownRuntimeIsAUsageError) {
  try {
    make_container_runtime("docker-ish");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("podman or null"), std::string::npos);
  }
}

TEST(ContainerRuntimeTest, UlimitsComeFromEnvironmentWhenSet) {
  setenv("KBUILD_PODMAN_ULIMITS", "nofile=1024:1024 nproc=512:512", 1);
  auto a = podman_ulimit_args();
  unsetenv("KBUILD_PODMAN_ULIMITS");
  std::vector<std::string> want = {"--ulimit", "nofile=1024:1024", "--ulimit", "nproc=512:512"};
  EXPECT_EQ(a, want);
}

TEST(ContainerRuntimeTest, DefaultUlimitsAreExplicitAndCapped) {
  auto a = podman_ulimit_args();
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[1].rfind("nofile=", 0), 0u);
  EXPECT_EQ(a[3].rfind("nproc=", 0), 0u);
  long nproc = std::stol(a[3].substr(6));
  EXPECT_LE(nproc, 8192);
}

TEST(ContainerRuntimeTest, OciRuntimeOverride) {
  setenv("KBUILD_PODMAN_RUNTIME", "crun", 1);
  EXPECT_EQ(podman_global_args(), (std::vector<std::string>{"--runtime", "crun"}));
  setenv("KBUILD_PODMAN_RUNTIME", "default", 1);
  EXPECT_TRUE(podman_global_args().empty());
  unsetenv("KBUILD_PODMAN_RUNTIME");
}

}  // namespace
}  // namespace kc
