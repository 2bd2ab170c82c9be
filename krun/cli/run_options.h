#pragma once
// krun's command line (TuxRun's option names) as a plain struct, parsed with
// CLI11. Parsing only checks syntax; what the values mean (does the device
// exist, is the file there) is checked by the run pipeline.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace krun {

struct RunOptions {
  std::string device;                 // empty: from the kernel's arch
  std::string kernel, modules, rootfs, dtb;
  std::vector<std::string> overlays;  // "archive[:guest-path]"
  std::string kbuild_dir;             // --kbuild / --tuxmake
  std::vector<std::string> tests;
  std::map<std::string, std::string> timeouts;    // boot, silence, run, <test name>
  std::string boot_args;
  std::map<std::string, std::string> parameters;  // exported to tests as env vars
  std::string runtime = "null";
  std::string qemu_binary;
  bool save_outputs = false;
  std::string cache_dir;              // empty: ~/.cache/krun
  std::string results, metadata, log_file;
  std::string junit;                  // --junit FILE: results.json as JUnit XML
  // --lava-definition[=FILE]: the LAVA job for this run (no FILE: the
  // output folder's definition.yaml, and the folder is kept); its device
  // configuration beside it (<stem>.device.yaml, or --lava-device FILE).
  bool lava = false;
  std::string lava_definition, lava_device, lava_url_base;
  bool lava_only = false;             // --lava-only: write them, do not boot
  std::string kcidb;                  // --kcidb FILE: KCIDB v5.3 report of the tests
  std::string kcidb_origin = "krun";  // --kcidb-origin
  std::string kcidb_submit;           // --kcidb-submit URL (token: $KCIDB_TOKEN)
  std::string kcidb_url_base;         // --kcidb-url-base: where the outputs are published
  std::vector<std::string> results_hooks;
  bool list_devices = false, list_tests = false;
  bool bisect = false;
  // --bisect-on WHAT (repeatable; implies --bisect): what makes a commit bad
  // (krun/compare/bisect_decision.h); --baseline FILE for `regressions`.
  std::vector<std::string> bisect_on;
  std::string baseline;
  bool bisect_flaky_is_bad = false;   // --bisect-flaky bad (default: skip)
  int repeat = 1;                     // --repeat N: N boots, flaky cases told apart
  bool quiet = false;                 // no console echo, no I: lines
  std::string rootfs_flavor = "minimal";
  std::vector<std::string> commands;  // after `--`: each argument is one guest command (TuxRun)
};

// Parses argv (without the program name). Returns nullopt after printing
// help/version (exit 0). Throws kc::Error(Usage) on bad syntax.
std::optional<RunOptions> parse_run_options(const std::vector<std::string>& args);

}  // namespace krun
