#pragma once
// Shared helpers for kbuild's integration tests: run the real kbuild binary
// against the fake kernel tree (tests/integration/fake-kernel) with an
// isolated config/cache folder, and read what it wrote.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/process.h"
#include "tests/support/test_env.h"

namespace kbuild_it {

inline std::filesystem::path fake_kernel() { return testenv::source_dir() / "tests/integration/fake-kernel"; }

struct Run {
  kc::ProcessResult result;
  std::filesystem::path out;
  int code() const { return result.exit_code; }
  nlohmann::json metadata() const { return nlohmann::json::parse(testenv::read_file(out / "metadata.json")); }
  // Lines of stderr starting with "E: ".
  int error_lines() const {
    int n = 0;
    size_t pos = 0;
    const std::string& e = result.err;
    while (pos < e.size()) {
      if (e.compare(pos, 3, "E: ") == 0) ++n;
      size_t nl = e.find('\n', pos);
      if (nl == std::string::npos) break;
      pos = nl + 1;
    }
    return n;
  }
};

// Runs kbuild with XDG dirs inside `home` (so no user config leaks in).
inline Run kbuild(const testenv::TempDir& home, std::vector<std::string> args,
                  std::map<std::string, std::string> env = {}) {
  Run r;
  r.out = home / "out";
  env.emplace("XDG_CONFIG_HOME", (home / "config").string());
  env.emplace("XDG_CACHE_HOME", (home / "cache").string());
  r.result = testenv::run(testenv::kbuild_bin(), args, home.path(), env, std::chrono::seconds(300));
  return r;
}

// The usual arguments: fake tree, null runtime, output in home/out.
inline std::vector<std::string> null_build(const testenv::TempDir& home, std::vector<std::string> more = {}) {
  std::vector<std::string> a = {"-C", fake_kernel().string(), "-r", "null", "-a", "x86_64", "-o",
                                (home / "out").string(), "-q"};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

// The x86_64 gcc-12 kbuild image, made by the real kbuild when this machine
// has none yet (a fresh machine: the base bootstrap and the image take a
// minute or two, once); "" when podman is missing or making it failed.
inline std::string local_build_image() {
  if (kc::find_program("podman").empty()) return "";
  const std::string image = "localhost/kbuild/x86_64_gcc-12";
  kc::ProcessOptions exists;
  exists.argv = {"podman", "image", "exists", image};
  if (kc::run_process(exists).exit_code == 0) return image;
  auto made = testenv::run(testenv::kbuild_bin(), {"--check-environment", "-a", "x86_64", "-t", "gcc-12"}, {}, {},
                           std::chrono::seconds(1500));
  if (made.exit_code != 0) {
    ADD_FAILURE() << "kbuild --check-environment -a x86_64 -t gcc-12 failed: " << made.err;
    return "";
  }
  return image;
}

}  // namespace kbuild_it
