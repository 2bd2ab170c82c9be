// The podman runtime against real podman: mounts, no network, env, and the
// container always removed (stop, destructor, interrupted exec).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <thread>

#include "common/container_runtime.h"
#include "common/errors.h"
#include "common/signals.h"
#include "tests/support/busybox_image.h"
#include "tests/support/test_env.h"

namespace {

using namespace std::chrono_literals;

std::vector<std::string> engine_argv(std::vector<std::string> rest) {
  std::vector<std::string> argv = {"podman"};
  for (const auto& a : kc::podman_global_args()) argv.push_back(a);
  argv.insert(argv.end(), rest.begin(), rest.end());
  return argv;
}

int containers_named(const std::string& prefix) {
  kc::ProcessOptions o;
  o.argv = engine_argv({"ps", "-a", "--format", "{{.Names}}"});
  auto r = kc::run_process(o);
  int n = 0;
  size_t pos = 0;
  while ((pos = r.out.find(prefix, pos)) != std::string::npos) ++n, ++pos;
  return n;
}

class PodmanRuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    image_ = testenv::busybox_image();
    REQUIRE_OR_SKIP(!image_.empty(), "podman and busybox-static are needed (make deps)");
  }
  std::string image_;
};

TEST_F(PodmanRuntimeTest, MountsEnvNetworkAndRemoval) {
  testenv::TempDir src("src"), out("out");
  testenv::write_file(src / "input.txt", "hello");
  kc::ContainerSpec spec;
  spec.image = image_;
  spec.mounts = {{src.path(), "/kbuild/src", true}, {out.path(), "/kbuild/build", false}};
  spec.env = {{"FROM_SPEC", "yes"}};
  spec.workdir = "/kbuild/src";
  spec.name_prefix = "kc-rt-test";
  {
    auto rt = kc::make_container_runtime("podman");
    rt->start(spec);
    EXPECT_EQ(containers_named("kc-rt-test-" + std::to_string(getpid())), 1);
    EXPECT_EQ(rt->path_of(spec.mounts[0]), "/kbuild/src");

    kc::ProcessOptions o;
    o.argv = {"sh", "-c", "cat input.txt > /kbuild/build/copy; echo $FROM_SPEC $EXTRA; ls /sys/class/net"};
    o.env = {{"EXTRA", "x"}};
    auto r = rt->exec(o);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "yes x\nlo\n");  // only loopback: --network=none
    EXPECT_EQ(testenv::read_file(out / "copy"), "hello");

    kc::ProcessOptions ro;
    ro.argv = {"touch", "/kbuild/src/nope"};
    EXPECT_NE(rt->exec(ro).exit_code, 0) << "source must be mounted read-only";
    // No explicit stop(): the destructor must remove the container.
  }
  EXPECT_EQ(containers_named("kc-rt-test-" + std::to_string(getpid())), 0);
}

TEST_F(PodmanRuntimeTest, InterruptedExecStillRemovesContainer) {
  kc::signals::install();
  kc::signals::reset();
  kc::ContainerSpec spec;
  spec.image = image_;
  spec.name_prefix = "kc-rt-int";
  auto rt = kc::make_container_runtime("podman");
  rt->start(spec);
  std::thread killer([] {
    std::this_thread::sleep_for(1500ms);
    ::kill(getpid(), SIGINT);
  });
  kc::ProcessOptions o;
  o.argv = {"sleep", "60"};
  o.kill_grace = 2s;
  auto r = rt->exec(o);
  killer.join();
  EXPECT_TRUE(r.interrupted);
  rt->stop();
  kc::signals::reset();
  EXPECT_EQ(containers_named("kc-rt-int-" + std::to_string(getpid())), 0);
}

// A run killed with SIGKILL leaves its container; the next start removes it.
TEST_F(PodmanRuntimeTest, ContainerOfAKilledRunIsRemovedAtTheNextStart) {
  // PID 2^22+1 is above Linux's pid_max limit, so no process owns it.
  const std::string stale = "kc-rt-stale-4194305-abcdef";
  kc::ProcessOptions run;
  run.argv = engine_argv({"run", "-d", "--name", stale});
  for (const auto& a : kc::podman_ulimit_args()) run.argv.push_back(a);
  run.argv.insert(run.argv.end(), {"--entrypoint", "sleep", image_, "infinity"});
  ASSERT_TRUE(kc::run_process(run).ok());
  ASSERT_EQ(containers_named(stale), 1);
  kc::ContainerSpec spec;
  spec.image = image_;
  spec.name_prefix = "kc-rt-stale";
  auto rt = kc::make_container_runtime("podman");
  rt->start(spec);
  EXPECT_EQ(containers_named(stale), 0);
  EXPECT_EQ(containers_named("kc-rt-stale-" + std::to_string(getpid())), 1);  // ours stays
  rt->stop();
}

TEST_F(PodmanRuntimeTest, MissingImageIsAnInfrastructureErrorNamingIt) {
  kc::ContainerSpec spec;
  spec.image = "localhost/kbuild-test/no-such-image:1";
  auto rt = kc::make_container_runtime("podman");
  try {
    rt->start(spec);
    FAIL() << "expected an error";
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Infrastructure);
    EXPECT_NE(std::string(e.what()).find("no-such-image"), std::string::npos);
  }
}

TEST(PodmanMissingTest, PodmanNotInstalledSaysWhatToDo) {
  const char* old = std::getenv("PATH");
  std::string saved = old ? old : "";
  setenv("PATH", "/nonexistent", 1);
  auto rt = kc::make_container_runtime("podman");
  try {
    rt->check_available();
    setenv("PATH", saved.c_str(), 1);
    FAIL() << "expected an error";
  } catch (const kc::Error& e) {
    setenv("PATH", saved.c_str(), 1);
    EXPECT_EQ(e.kind(), kc::ErrorKind::Infrastructure);
    EXPECT_NE(std::string(e.what()).find("apt-get install podman"), std::string::npos);
  }
}

}  // namespace
