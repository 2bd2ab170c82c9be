#pragma once
// The real krun binary with a FAKE qemu: a shell script that prints a
// recorded console (the guest's markers included) and exits, so whole runs
// (results.json, reports, exit codes) are tested in a second.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/json_file.h"
#include "tests/support/test_env.h"

namespace krun_it {

struct KrunRun {
  kc::ProcessResult process;
  nlohmann::json results;
};

inline KrunRun krun_with_fake_qemu(const testenv::TempDir& dir, const std::string& console,
                                   std::vector<std::string> extra,
                                   const std::map<std::string, std::string>& env = {}) {
  namespace fs = std::filesystem;
  fs::path qemu = dir / "fake-qemu-system-x86_64";
  testenv::write_file(dir / "console.txt", console);
  testenv::write_file(qemu, "#!/bin/sh\n"
                            "if [ \"$1\" = --version ]; then echo 'QEMU emulator version 7.2.0 (fake)'; exit 0; fi\n"
                            "cat '" + (dir / "console.txt").string() + "'\n");
  fs::permissions(qemu, fs::perms::owner_all);
  testenv::write_file(dir / "bzImage", "placeholder kernel");
  testenv::write_file(dir / "rootfs.cpio", testenv::empty_newc_cpio());
  std::vector<std::string> args = {"-q", "--device", "qemu-x86_64", "--qemu-binary", qemu.string(),
                                   "--rootfs", (dir / "rootfs.cpio").string(), "--cache-dir",
                                   (dir / "cache").string(), "--results", (dir / "results.json").string(),
                                   "--timeouts", "boot=20s"};
  bool kernel_given = false;
  for (const auto& a : extra) kernel_given = kernel_given || a == "--kernel" || a == "--kbuild" || a == "--tuxbuild";
  if (!kernel_given) args.insert(args.end(), {"--kernel", (dir / "bzImage").string()});
  args.insert(args.end(), extra.begin(), extra.end());
  KrunRun r;
  r.process = testenv::run(testenv::krun_bin(), args, {}, env, std::chrono::seconds(60));
  if (fs::exists(dir / "results.json")) r.results = kc::read_json_file(dir / "results.json");
  return r;
}

}  // namespace krun_it
