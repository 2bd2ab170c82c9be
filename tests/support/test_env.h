#pragma once
// Shared plumbing for integration and system tests: where the binaries and
// sources are, temporary folders, running a tool, and the rule that a test
// whose requirement is missing skips on a developer machine but FAILS in CI
// (CI=true), so CI never goes green by skipping.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/process.h"

namespace testenv {

std::filesystem::path source_dir();
std::filesystem::path binary_dir();
std::filesystem::path kbuild_bin();
std::filesystem::path krun_bin();
bool in_ci();

// A fresh folder under the build tree's test scratch area, removed on
// destruction unless KEEP_TEST_DIRS is set.
class TempDir {
 public:
  explicit TempDir(const std::string& name = "t");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& p) const { return path_ / p; }

 private:
  std::filesystem::path path_;
};

// Runs a binary with args; output captured; default timeout 10 min.
kc::ProcessResult run(const std::filesystem::path& bin, const std::vector<std::string>& args,
                      const std::filesystem::path& cwd = {},
                      const std::map<std::string, std::string>& env = {},
                      std::chrono::seconds timeout = std::chrono::seconds(600));

void write_file(const std::filesystem::path& p, const std::string& content);
std::string read_file(const std::filesystem::path& p);

// /dev/kvm opens read-write here (krun then tries KVM by default).
bool kvm_device_opens();

// The smallest valid initramfs: a newc cpio holding only its trailer, for
// runs with a stand-in qemu that never reads it (krun still checks the format).
std::string empty_newc_cpio();

// Test names for suites parameterized by device: gtest names allow no '-',
// so "qemu-x86_64" becomes "qemu_x86_64". `Case` has a `device` string.
template <class Case>
std::string device_test_name(const ::testing::TestParamInfo<Case>& info) {
  std::string n = info.param.device;
  for (auto& ch : n)
    if (ch == '-') ch = '_';
  return n;
}

}  // namespace testenv

// Use in a test body: skips with the reason outside CI, fails inside CI.
#define REQUIRE_OR_SKIP(cond, reason)                                   \
  do {                                                                  \
    if (!(cond)) {                                                      \
      if (::testenv::in_ci()) FAIL() << "required in CI: " << (reason); \
      GTEST_SKIP() << (reason);                                         \
    }                                                                   \
  } while (0)
