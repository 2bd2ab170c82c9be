#pragma once
// The boot of one device profile through the real krun binary on a kernel
// built by kbuild (tests/support/system_kernels): shared by the profiles
// `make test` boots (krun_boot_test.cc: the required ones) and the ones
// `make test-extended` adds (tests/system_extended: the optional and
// debian-ports ones), each file instantiating its own list. Included by
// one file per test program (it defines the tests and their helpers).
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace boot_profiles {


struct Kernel {
  std::filesystem::path image;
  std::filesystem::path folder;  // the kbuild output folder, when built by kbuild
  std::string error;
};

// The kernel for `name` ("x86_64", "arm64", ...): built through kbuild by
// testenv::system_kernel, once per build tree.
Kernel kernel_for(const std::string& name) {
  try {
    auto k = testenv::system_kernel(name);
    return {k.kernel, k.dir, ""};
  } catch (const std::exception& e) {
    return {{}, {}, e.what()};
  }
}

struct KrunRun {
  kc::ProcessResult process;
  nlohmann::json results, metadata;
  double seconds = 0;
};

KrunRun krun(const testenv::TempDir& dir, std::vector<std::string> args) {
  std::vector<std::string> all = {"-q", "--results",
                                  (dir / "results.json").string(), "--metadata",
                                  (dir / "metadata.json").string(), "--log-file",
                                  (dir / "console.log").string()};
  all.insert(all.end(), args.begin(), args.end());
  auto start = std::chrono::steady_clock::now();
  KrunRun r;
  r.process = testenv::run(testenv::krun_bin(), all, {}, {}, std::chrono::seconds(900));
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (std::filesystem::exists(dir / "results.json"))
    r.results = nlohmann::json::parse(testenv::read_file(dir / "results.json"));
  if (std::filesystem::exists(dir / "metadata.json"))
    r.metadata = nlohmann::json::parse(testenv::read_file(dir / "metadata.json"));
  return r;
}

// Shares the downloaded/built rootfs between tests (it is keyed by arch).
std::string shared_cache() { return testenv::krun_system_cache().string(); }

struct BootCase {
  const char* device; const char* kernel; const char* uname_m;
  bool needs_dtb = false;  // boot from the kbuild folder (--kbuild): kernel and dtb from its metadata
};

class KrunBoot : public ::testing::TestWithParam<BootCase> {};

TEST_P(KrunBoot, BootsToInitRunsACommandAndReturns) {
  const BootCase& c = GetParam();
  Kernel k = kernel_for(c.kernel);
  REQUIRE_OR_SKIP(!k.image.empty(), k.error);
  testenv::TempDir dir("krun-boot");
  std::vector<std::string> input = {"--kernel", k.image.string()};
  if (c.needs_dtb) input = {"--kbuild", k.folder.string()};
  std::vector<std::string> args = {"--cache-dir", shared_cache(), "--device", c.device};
  args.insert(args.end(), input.begin(), input.end());
  args.insert(args.end(), {"--timeouts", "boot=300s", "--", "uname -m"});
  KrunRun r = krun(dir, args);
  ASSERT_EQ(r.process.exit_code, 0) << r.process.err;
  EXPECT_EQ(r.results["boot"]["boot"]["result"], "pass");
  EXPECT_EQ(r.results["boot"]["kernel-messages"]["result"], "pass");
  EXPECT_EQ(r.results["commands"]["uname -m"]["result"], "pass");
  EXPECT_EQ(r.metadata["device"], c.device);
  EXPECT_EQ(r.metadata["end_reason"], "done");
  EXPECT_EQ(r.metadata["artifacts"][0]["role"], "kernel");
  EXPECT_EQ(r.metadata["artifacts"][0]["sha256"].get<std::string>().size(), 64u);
  EXPECT_FALSE(r.metadata["qemu"]["version"].get<std::string>().empty());
  // The command's output reached the console log krun wrote.
  std::string log = testenv::read_file(dir / "console.log");
  EXPECT_NE(log.find(std::string("\n") + c.uname_m), std::string::npos) << c.uname_m;
}

using testenv::device_test_name;

}  // namespace boot_profiles
