#include "common/container_runtime.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/container_images.h"
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
    EXPECT_NE(std::string(e.what()).find("podman, docker or null"), std::string::npos);
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

namespace kc {
namespace {

// A fake `docker` first in PATH that records each command line and answers
// what the runtime asks (an image exists, no containers listed, exec echoes
// its command): what EngineRuntime("docker") sends, spelled docker's way.
class FakeDockerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("fake-docker-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    log_ = dir_ / "calls";
    std::ofstream(dir_ / "docker") << "#!/bin/sh\n"
                                      "echo \"$*\" >> '" << log_.string() << "'\n"
                                      "if [ \"$1\" = exec ]; then\n"
                                      "  while [ $# -gt 0 ]; do case \"$1\" in c1-*) shift; break;; esac; shift; done\n"
                                      "  echo \"ran: $*\"\n"
                                      "fi\n";
    std::filesystem::permissions(dir_ / "docker", std::filesystem::perms::owner_all);
    old_path_ = std::getenv("PATH");
    setenv("PATH", (dir_.string() + ":" + old_path_).c_str(), 1);
  }
  void TearDown() override {
    setenv("PATH", old_path_.c_str(), 1);
    std::filesystem::remove_all(dir_);
    select_container_engine("podman");
  }
  std::vector<std::string> calls() const {
    std::vector<std::string> out;
    std::ifstream in(log_);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  std::filesystem::path dir_, log_;
  std::string old_path_;
};

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

TEST_F(FakeDockerTest, TheDockerRuntimeSpeaksDockersCommandLine) {
  auto rt = make_container_runtime("docker");
  EXPECT_EQ(rt->name(), "docker");
  ContainerSpec spec;
  spec.image = "localhost/kbuild/x86_64_gcc-12";
  spec.mounts = {{dir_, "/kbuild/build", false}};
  spec.name_prefix = "c1";
  rt->start(spec);
  EXPECT_EQ(container_engine(), "docker");  // the images of the run are docker's too
  ProcessOptions o;
  o.argv = {"make", "-j2"};
  auto r = rt->exec(o);
  rt->stop();
  auto c = calls();
  ASSERT_GE(c.size(), 5u);
  EXPECT_EQ(c[0], "image inspect --format {{.Id}} localhost/kbuild/x86_64_gcc-12");
  std::string run, exec, rm;
  for (const auto& line : c) {
    if (starts_with(line, "run ")) run = line;
    if (starts_with(line, "exec ")) exec = line;
    if (starts_with(line, "rm ")) rm = line;
  }
  // No podman global arguments or rlimits; the same mounts and entry point.
  EXPECT_TRUE(starts_with(run, "run -d --name c1-")) << run;
  EXPECT_EQ(run.find("--runtime"), std::string::npos) << run;
  EXPECT_EQ(run.find("--ulimit"), std::string::npos) << run;
  EXPECT_NE(run.find("--network=none -v " + dir_.string() + ":/kbuild/build"), std::string::npos) << run;
  EXPECT_NE(run.find("--entrypoint sleep localhost/kbuild/x86_64_gcc-12 infinity"), std::string::npos) << run;
  EXPECT_TRUE(starts_with(exec, "exec c1-")) << exec;
  EXPECT_EQ(r.out, "ran: make -j2\n");
  // docker's rm has no stop timeout option: -f kills at once.
  EXPECT_TRUE(starts_with(rm, "rm -f c1-")) << rm;
  EXPECT_EQ(rm.find("-t 0"), std::string::npos) << rm;
}

TEST(ContainerEngineTest, OnlyPodmanAndDockerAreEngines) {
  EXPECT_TRUE(is_container_engine("podman"));
  EXPECT_TRUE(is_container_engine("docker"));
  EXPECT_FALSE(is_container_engine("null"));
  EXPECT_THROW(select_container_engine("lxc"), Error);
  select_container_engine("docker");
  EXPECT_EQ(engine_argv({"images"}), (std::vector<std::string>{"docker", "images"}));
  select_container_engine("podman");
  EXPECT_EQ(engine_argv({"images"}).front(), "podman");
}

}  // namespace
}  // namespace kc
