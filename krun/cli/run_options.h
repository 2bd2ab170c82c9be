#pragma once
// krun's command line as a plain struct, parsed with CLI11. Option names and
// meanings are TuxRun's wherever TuxRun has the option (timeouts in minutes,
// `--overlay URL [PATH]`, `--shared [HOST [GUEST]]`, words after `--`), so a
// TuxRun command line works with the command name changed. Parsing checks
// syntax and the values that need no file or network (durations, keys, option
// pairs); what the values name (a device, a file, a URL) is checked by the run.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "krun/qemu/accel.h"
#include "krun/run/timeouts.h"

namespace krun {

struct SharedFolder {
  std::string host;                   // empty: the run's output folder (kept)
  std::string guest = "/mnt/tuxrun";  // TuxRun's mount point, so scripts written for it work
};

struct RunOptions {
  std::string device;                 // empty: from the kernel's arch
  std::string kernel, modules, rootfs, dtb, bios;
  std::string vmlinux;                // --vmlinux: symbolizes crash frames (default: the --kbuild folder's)
  std::string modules_dir = "/";      // --modules URL [PATH]: where in the rootfs its lib/modules goes
  std::vector<std::string> overlays;  // "archive[:/guest-dir]" (rootfs::parse_overlay's form)
  std::string kbuild_dir;             // --kbuild / --tuxmake
  std::string tuxbuild;               // --tuxbuild URL: a build folder served over HTTP(S)
  std::vector<std::string> tests;
  RunTimeouts timeouts;
  std::string boot_args;
  std::map<std::string, std::string> parameters;  // exported to tests as env vars
  std::string runtime = "null";
  std::string qemu_binary;
  KvmChoice kvm = KvmChoice::Auto;
  std::optional<SharedFolder> shared;   // --shared [HOST_DIR [GUEST_DIR]]
  bool enable_network = false;        // QEMU user networking for the guest
  std::string prompt;                 // --prompt: a console line that means "booted" (regex)
  // --vmcore: on a panic, the guest's memory as an ELF core in the kept
  // output folder (krun/run/vmcore_dump.h).
  bool vmcore = false;
  bool save_outputs = false;
  std::string cache_dir;              // empty: ~/.cache/krun
  // Output copies; "-" writes to standard output (as TuxRun's do).
  std::string results, metadata, log_file, log_file_html, log_file_yaml;
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
  std::vector<std::string> commands;  // after `--` (krun/cli/guest_commands.h): one guest shell line each
};

// Parses argv (without the program name). Returns nullopt after printing
// help/version (exit 0). Throws kc::Error(Usage) on bad syntax.
std::optional<RunOptions> parse_run_options(const std::vector<std::string>& args);

}  // namespace krun
