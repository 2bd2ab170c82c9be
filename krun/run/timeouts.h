#pragma once
// --timeouts with TuxRun's meaning: KEY=VALUE where VALUE is minutes, or a
// duration with its unit (90s, 15m, 2h); every key is checked, and every
// default lives in kTimeoutTable below (the help, --list-tests and the docs
// print from it).
#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace krun {

struct TimeoutRow {
  const char* key;          // "boot", or a test pattern: "kselftest-<dir>", "ltp-<name>"
  int default_minutes;      // 0 for "run": derived, see RunTimeouts::run()
  const char* what;
};

// The one table of timeout defaults.
inline constexpr TimeoutRow kTimeoutTable[] = {
    {"deploy", 15, "each download of an input (kernel, modules, rootfs, overlays, tests)"},
    {"boot", 5, "qemu's start to userspace (krun's BOOT marker, the --prompt, or init starting)"},
    {"silence", 5, "a console that prints nothing at all"},
    {"run", 0, "the whole run (default: boot + every test's timeout + 5 minutes)"},
    {"kunit", 10, "loading the kunit test modules"},
    {"kselftest", 120, "every kselftest collection"},
    {"kselftest-<dir>", 30, "one kselftest collection"},
    {"ltp-<name>", 60, "one LTP runtest file"},
    {"modules", 20, "loading and unloading every module"},
    {"rcutorture", 15, "the RCU torture test (its TORTURE_TIME and the module's load and unload)"},
    {"perf", 30, "perf test"},
    {"cpupower", 5, "cpupower's info commands"},
    {"commands", 10, "each trailing command (command-N for one of them)"},
};

// "12" → 12 minutes; "90s", "15m", "2h" with their unit. Throws
// kc::Error(Usage) naming `key` for anything that is not a positive
// duration of at most a week.
std::chrono::seconds parse_timeout(const std::string& key, const std::string& value);

class RunTimeouts {
 public:
  RunTimeouts() = default;
  // --timeouts' KEY=VALUE pairs. Keys: deploy, boot, silence, run, the test
  // families (kunit, kselftest, ltp, commands, modules, rcutorture, perf,
  // cpupower) and any test name
  // (kselftest-timers, ltp-syscalls, command-2). Throws kc::Error(Usage)
  // naming the key for an unknown key or a bad value.
  static RunTimeouts parse(const std::map<std::string, std::string>& given);

  std::chrono::seconds deploy() const;
  std::chrono::seconds boot() const;
  std::chrono::seconds silence() const;
  // Given, or boot + the sum of `tests` + 5 minutes.
  std::chrono::seconds run(const std::vector<std::chrono::seconds>& tests) const;
  // A test step's: by its exact name, then by its family, then the table's
  // default for `pattern` (a kTimeoutTable key: "kselftest-<dir>").
  std::chrono::seconds test(const std::string& name, const std::string& family, const std::string& pattern) const;

  const std::map<std::string, std::chrono::seconds>& given() const { return given_; }

 private:
  std::chrono::seconds get(const std::string& key) const;
  std::map<std::string, std::chrono::seconds> given_;
};

// The table's default for `key` (a kTimeoutTable key).
std::chrono::seconds default_timeout(const std::string& key);

}  // namespace krun
