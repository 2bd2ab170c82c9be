#pragma once
// TuxRun's `lava` suite in results.json, so a tool that reads TuxRun's
// results reads krun's: TuxRun runs every job through LAVA, and its
// consumers judge a run by lava/job (the job's verdict, with error_type and
// error_msg when it failed), lava/login-action (the boot),
// lava/execute-qemu (the emulator, with job_arch, host_arch, qemu_version)
// and one lava/<test> entry per test definition. Durations are seconds as
// strings with two decimals, as LAVA writes them. krun's own suites stay as
// they are; this suite says the same verdicts in LAVA's words.
#include <string>

#include <nlohmann/json.hpp>

#include "krun/run/boot_run.h"

namespace krun {

struct LavaSuiteFacts {
  std::string job_arch;       // the device's LAVA arch (x86_64, arm64, ...)
  std::string host_arch;      // uname -m
  std::string qemu_version;   // first line of qemu --version
  double total_seconds = 0;
};

// `results` already holds krun's suites (boot, kunit/..., ltp-..., commands).
nlohmann::json lava_suite(const BootOutcome& outcome, const nlohmann::json& results, const LavaSuiteFacts& facts);

}  // namespace krun
