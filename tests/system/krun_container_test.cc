// `krun --runtime podman` and `--runtime docker` end to end: a real
// kbuild-built x86_64 kernel boots with qemu from the krun/qemu_<suite> image
// (built by that engine on first use), results and metadata match a host
// boot, and no container is left behind, neither after a normal end, nor
// after a boot timeout, nor after krun is sent SIGTERM in the middle of a boot.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/container_runtime.h"
#include "common/process.h"
#include "tests/support/container_engines.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> krun_container_names(const std::string& engine) {
  return testenv::container_names(engine, "krun-");
}

// krun-<pid>-<random> → pid (0 when the name has another shape).
pid_t owner_of(const std::string& name) {
  std::string rest = name.substr(5);
  size_t dash = rest.find('-');
  if (dash == std::string::npos || dash == 0 || rest.find_first_not_of("0123456789") != dash) return 0;
  return static_cast<pid_t>(std::stol(rest.substr(0, dash)));
}

// Containers whose krun has ended: a finished run must leave none (running
// krun processes of parallel tests may still own theirs).
std::vector<std::string> orphaned_krun_containers(const std::string& engine) {
  std::vector<std::string> out;
  for (const auto& n : krun_container_names(engine)) {
    pid_t pid = owner_of(n);
    if (pid > 0 && ::kill(pid, 0) != 0) out.push_back(n);
  }
  return out;
}

std::string orphans_text(const std::string& engine) {
  std::string s;
  for (const auto& n : orphaned_krun_containers(engine)) s += n + " ";
  return s;
}

struct ContainerRun {
  kc::ProcessResult process;
  nlohmann::json results, metadata;
};

std::vector<std::string> krun_args(const std::string& engine, const testenv::TempDir& dir, const fs::path& kernel,
                                   std::vector<std::string> extra) {
  std::vector<std::string> all = {"-q", "--runtime", engine, "--results", (dir / "results.json").string(),
                                  "--metadata", (dir / "metadata.json").string(), "--log-file",
                                  (dir / "console.log").string(), "--cache-dir",
                                  testenv::krun_system_cache().string(), "--device",
                                  "qemu-x86_64", "--kernel", kernel.string()};
  all.insert(all.end(), extra.begin(), extra.end());
  return all;
}

ContainerRun read_outputs(const testenv::TempDir& dir, kc::ProcessResult process) {
  ContainerRun r{std::move(process), {}, {}};
  if (fs::exists(dir / "results.json")) r.results = nlohmann::json::parse(testenv::read_file(dir / "results.json"));
  if (fs::exists(dir / "metadata.json")) r.metadata = nlohmann::json::parse(testenv::read_file(dir / "metadata.json"));
  return r;
}

// First use builds the qemu image (a few minutes), hence the long timeout.
ContainerRun krun(const std::string& engine, const testenv::TempDir& dir, const fs::path& kernel,
               std::vector<std::string> extra) {
  return read_outputs(dir, testenv::run(testenv::krun_bin(), krun_args(engine, dir, kernel, extra), {}, {},
                                        std::chrono::seconds(1800)));
}

struct Kernel {
  fs::path image;
  std::string error;
};

Kernel x86_kernel() {
  try {
    return {testenv::system_kernel("x86_64").kernel, ""};
  } catch (const std::exception& e) {
    return {{}, e.what()};
  }
}

class KrunContainer : public ::testing::TestWithParam<std::string> {};

TEST_P(KrunContainer, BootsThroughTheQemuImageAndLeavesNoContainer) {
  const std::string engine = GetParam();
  REQUIRE_OR_SKIP(testenv::container_engine_problem(engine).empty(), testenv::container_engine_problem(engine));
  Kernel k = x86_kernel();
  REQUIRE_OR_SKIP(!k.image.empty(), k.error);
  testenv::TempDir dir("krun-" + engine);
  ContainerRun r = krun(engine, dir, k.image, {"--timeouts", "boot=300s", "--", "uname -m"});
  ASSERT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_EQ(r.results["boot"]["boot"]["result"], "pass");
  EXPECT_EQ(r.results["commands"]["uname -m"]["result"], "pass");
  EXPECT_EQ(r.metadata["runtime"], engine);
  EXPECT_EQ(r.metadata["runtime_image"]["name"], "localhost/krun/qemu_bookworm");
  EXPECT_FALSE(r.metadata["runtime_image"][engine + "_version"].get<std::string>().empty()) << r.metadata.dump(2);
  EXPECT_EQ(r.metadata["end_reason"], "done");
  // qemu ran from the image, on the container's paths.
  EXPECT_NE(r.metadata["qemu"]["version"].get<std::string>().find("QEMU emulator"), std::string::npos);
  auto argv = r.metadata["qemu"]["argv"];
  auto kernel_at = std::find(argv.begin(), argv.end(), "-kernel");
  ASSERT_NE(kernel_at, argv.end());
  EXPECT_EQ(*(kernel_at + 1), "/krun/kernel/" + k.image.filename().string());
  EXPECT_NE(testenv::read_file(dir / "console.log").find("\nx86_64"), std::string::npos);
  EXPECT_TRUE(orphaned_krun_containers(engine).empty()) << orphans_text(engine);
}

TEST_P(KrunContainer, BootTimeoutKillsQemuAndRemovesTheContainer) {
  const std::string engine = GetParam();
  REQUIRE_OR_SKIP(testenv::container_engine_problem(engine).empty(), testenv::container_engine_problem(engine));
  Kernel k = x86_kernel();
  REQUIRE_OR_SKIP(!k.image.empty(), k.error);
  testenv::TempDir dir("krun-" + engine + "-timeout");
  // Console on a port qemu does not connect and a panic that waits forever:
  // only krun's deadline can end this qemu.
  auto start = std::chrono::steady_clock::now();
  ContainerRun r = krun(engine, dir, k.image, {"--timeouts", "boot=10s", "--boot-args",
                              "console=ttyS1 rdinit=/nonexistent init=/nonexistent panic=0"});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.process.exit_code, 2) << r.process.err;
  EXPECT_EQ(r.metadata["end_reason"], "boot-timeout");
  EXPECT_EQ(r.metadata["runtime"], engine);
  EXPECT_LT(seconds, 120) << "the deadline, not the silence timeout, ended the run";
  EXPECT_TRUE(orphaned_krun_containers(engine).empty()) << orphans_text(engine);
}

TEST_P(KrunContainer, SigtermDuringBootRemovesTheContainer) {
  const std::string engine = GetParam();
  REQUIRE_OR_SKIP(testenv::container_engine_problem(engine).empty(), testenv::container_engine_problem(engine));
  Kernel k = x86_kernel();
  REQUIRE_OR_SKIP(!k.image.empty(), k.error);
  testenv::TempDir dir("krun-" + engine + "-sigterm");
  kc::ProcessResult result;
  std::thread runner([&] {
    result = testenv::run(testenv::krun_bin(),
                          krun_args(engine, dir, k.image, {"--timeouts", "boot=600s", "--boot-args",
                                                   "console=ttyS1 rdinit=/nonexistent init=/nonexistent panic=0"}),
                          {}, {}, std::chrono::seconds(1800));
  });
  // Our krun is the child of this process that owns a krun-<pid>-* container.
  std::string ours;
  for (int i = 0; i < 3000 && ours.empty(); ++i) {
    for (const auto& n : krun_container_names(engine)) {
      pid_t pid = owner_of(n);
      std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
      std::string pid_field, comm, state;
      long ppid = 0;
      if (pid > 0 && stat >> pid_field >> comm >> state >> ppid && ppid == ::getpid()) ours = n;
    }
    if (ours.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  ASSERT_FALSE(ours.empty()) << "krun never started its container";
  std::this_thread::sleep_for(std::chrono::seconds(3));  // qemu is running in it now
  ::kill(owner_of(ours), SIGTERM);
  runner.join();
  EXPECT_EQ(result.exit_code, 2) << result.err;
  auto names = krun_container_names(engine);
  EXPECT_EQ(std::find(names.begin(), names.end(), ours), names.end()) << ours << " survived SIGTERM";
  EXPECT_TRUE(orphaned_krun_containers(engine).empty()) << orphans_text(engine);
}

INSTANTIATE_TEST_SUITE_P(Engines, KrunContainer, ::testing::Values("podman", "docker"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
