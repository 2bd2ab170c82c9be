#include "krun/cli/run_options.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <regex>

#include "common/errors.h"
#include "common/kcidb.h"
#include "krun/cli/guest_commands.h"
#include "krun/cli/subcommands.h"
#include "krun/cli/key_values.h"

namespace krun {

namespace {

std::string timeout_help() {
  std::string out = "KEY=MINUTES (or 90s, 2h); defaults:";
  for (const TimeoutRow& row : kTimeoutTable)
    out += row.default_minutes ? fmt::format(" {}={}", row.key, row.default_minutes) : fmt::format(" {}=(derived)", row.key);
  return out;
}

// A guest path as TuxRun gives it: absolute.
std::string guest_path(const std::string& option, const std::string& path) {
  if (path.empty() || path.front() != '/')
    throw kc::usage_error(fmt::format("{}: the guest path '{}' must be absolute, e.g. /opt", option, path));
  return path;
}

// --overlay URL [PATH] → "URL:PATH" (rootfs::parse_overlay's form; the
// one-word form may already carry ":/PATH").
std::string overlay_spec(const std::vector<std::string>& group) {
  if (group.empty() || group.size() > 2)
    throw kc::usage_error("--overlay takes URL [PATH]: an archive and where in the rootfs it goes");
  if (group.size() == 1) return group[0];
  std::string path = guest_path("--overlay " + group[0], group[1]);
  return path == "/" ? group[0] : group[0] + ":" + path;
}

void read_modules(const std::vector<std::string>& args, RunOptions& o) {
  if (args.size() > 2) throw kc::usage_error("--modules takes URL [PATH]: the modules tarball and where it goes");
  if (!args.empty()) o.modules = args[0];
  if (args.size() == 2) o.modules_dir = guest_path("--modules " + args[0], args[1]);
  // TuxRun's parameter for the same thing wins, as there.
  if (auto it = o.parameters.find("MODULES_PATH"); it != o.parameters.end())
    o.modules_dir = guest_path("--parameters MODULES_PATH", it->second);
}

SharedFolder shared_folder(const std::vector<std::string>& args) {
  if (args.size() > 2) throw kc::usage_error("--shared takes [HOST_DIR [GUEST_DIR]]");
  SharedFolder f;
  if (!args.empty()) f.host = args[0];
  if (args.size() == 2) f.guest = guest_path("--shared", args[1]);
  return f;
}

}  // namespace

std::optional<RunOptions> parse_run_options(const std::vector<std::string>& args) {
  RunOptions o;
  // Everything after the first `--` is the guest commands
  // (krun/cli/guest_commands.h).
  std::vector<std::string> own, words;
  bool in_commands = false;
  for (const auto& a : args) {
    if (a == "--" && !in_commands) in_commands = true;
    else if (!in_commands) own.push_back(a);
    else words.push_back(a);
  }
  o.commands = guest_commands(words);

  CLI::App app{"krun: boot a kernel in QEMU, run tests, catch crashes, write results.json",
               "krun"};
  app.footer(
      subcommands_help() +
      "Guest commands: krun [options] -- CMD ARGS... runs one command in the guest (TuxRun's form);\n"
      "  -- 'CMD ARGS' 'CMD2 ARGS' runs each quoted line, and a further -- starts another command.\n"
      "Timeouts: " + timeout_help() + "\n"
      "Exit: 0 all pass, 1 test failed or crash found, 2 incomplete/infrastructure\n"
      "      (--bisect: 0 good, 1 bad, 125 cannot test).");
  app.set_version_flag("--version", std::string(KPROJECT_VERSION));
  std::vector<std::string> timeouts, parameters, tests, modules_args;
  std::vector<std::vector<std::string>> overlay_args;
  std::vector<std::string> shared_args;
  bool enable_kvm = false, disable_kvm = false;
  app.add_option("--device", o.device, "Device profile (see --list-devices); default: from the kernel's arch");
  app.add_option("--kernel", o.kernel, "Kernel image: path, file:// or http(s):// URL");
  app.add_option("--vmlinux", o.vmlinux,
                 "The kernel's unstripped vmlinux (or vmlinux.xz), to give crash frames their source file and line; "
                 "default: the --kbuild folder's debugkernel artifact");
  app.add_flag("--vmcore", o.vmcore,
               "On a kernel panic, stop the guest and dump its memory (ELF core) to vmcore in the output folder, "
               "which is kept; open it with gdb VMLINUX vmcore, or crash VMLINUX vmcore where it holds physical addresses "
               "only (not x86, or a KASAN kernel); the kernel boots with panic=0 nokaslr");
  app.add_option("--modules", modules_args,
                 "Modules tarball (lib/modules/...): URL [PATH], path or URL, and where in the rootfs it goes "
                 "(default /)")
      ->expected(1, 2);
  app.add_option("--rootfs", o.rootfs, "Root filesystem (initramfs or ext4 image): path or URL; default: krun's own for the arch");
  app.add_option("--rootfs-flavor", o.rootfs_flavor, "Default rootfs flavor: minimal | full")->check(CLI::IsMember({"minimal", "full"}));
  app.add_option("--dtb", o.dtb, "Device tree blob: path or URL");
  app.add_option("--bios", o.bios,
                 "Firmware for qemu's -bios, path or URL (e.g. an OpenSBI fw_jump.elf for qemu-riscv32/64); "
                 "replaces the device's own");
  app.add_option("--overlay", overlay_args,
                 "Archive added to the rootfs, repeatable: URL [PATH] (path or URL; PATH default /), or "
                 "ARCHIVE:/PATH")
      ->expected(1, 2);
  app.add_option("--kbuild,--tuxmake", o.kbuild_dir, "kbuild or TuxMake output folder (reads its metadata.json)");
  app.add_option("--tuxbuild", o.tuxbuild,
                 "A build folder served over HTTP(S) (TuxSuite/TuxBuild, or a kbuild output folder on a web "
                 "server): its metadata.json names the kernel, modules and dtbs");
  app.add_option("--tests", tests, "Tests to run (see --list-tests), comma separated or repeated")->delimiter(',');
  app.add_option("--timeouts", timeouts,
                 "KEY=VALUE..., repeatable: minutes (TuxRun's unit), or a duration with its unit (90s, 2h); keys "
                 "deploy, boot, silence, run, kunit, kselftest, ltp, commands or a test name");
  app.add_option("--boot-args", o.boot_args, "Extra kernel command line (a console= here replaces the device's)");
  app.add_option("--parameters", parameters, "K=V given to tests as environment variables, repeatable");
  app.add_option("--runtime", o.runtime,
                 "Where qemu runs: null (host qemu, default) | podman | docker (the krun/qemu image, built by "
                 "that engine); the engine also builds LTP")
      ->check(CLI::IsMember({"null", "podman", "docker"}));
  app.add_option("--qemu-binary", o.qemu_binary, "qemu-system-* binary to use instead of the device's");
  app.add_flag("--enable-kvm", enable_kvm,
               "Use KVM, and fail within seconds if it cannot run this guest (default: KVM when the guest's arch "
               "is the host's and KVM really runs it here, else TCG)");
  app.add_flag("--disable-kvm", disable_kvm, "Always emulate (TCG), even where KVM would work");
  app.add_option("--shared", shared_args,
                 "Share a host folder with the guest over virtio-9p, read-write: [HOST_DIR [GUEST_DIR]] (default: "
                 "the run's output folder, kept, at /mnt/tuxrun)")
      ->expected(0, 2);
  app.add_flag("--enable-network", o.enable_network, "Give the guest a network (QEMU user networking, NAT)");
  app.add_option("--prompt", o.prompt,
                 "A console line (regular expression) that means the guest has booted, for a --rootfs without "
                 "krun's init");
  app.add_flag("--save-outputs", o.save_outputs, "Keep all outputs in a numbered folder under the cache dir");
  app.add_option("--cache-dir", o.cache_dir, "Cache folder (downloads, rootfs, saved outputs); default ~/.cache/krun");
  app.add_option("--results", o.results, "Write results.json here (- for stdout)");
  app.add_option("--junit", o.junit, "Also write the results as JUnit XML (one case per test case) to FILE, for CI systems");
  app.add_option("--lava-definition", o.lava_definition,
                 "Also write the LAVA job for this run to FILE (without FILE: definition.yaml in the kept output "
                 "folder), with its artifacts beside it and a LAVA device configuration (<stem>.device.yaml) for "
                 "lava-run on this machine (docs/lava.md)")
      ->expected(0, 1);
  app.add_option("--lava-device", o.lava_device, "Where the LAVA device configuration goes instead");
  app.add_option("--lava-url-base", o.lava_url_base,
                 "URL the lab fetches the job's artifacts from: <URL>/<file> (default: file:// URLs); URLs given "
                 "as inputs stay as they are");
  app.add_flag("--lava-only", o.lava_only, "Write the LAVA job (and device configuration) and stop: no boot");
  app.add_option("--kcidb", o.kcidb, "Also write a KCIDB v5.3 report (one test per case, crashes as failing tests) "
                 "to FILE; linked to kbuild's build with --kbuild");
  app.add_option("--kcidb-origin", o.kcidb_origin, "KCIDB origin: your CI system's name, [a-z0-9_] (default: krun)");
  app.add_option("--kcidb-submit", o.kcidb_submit, "POST the KCIDB report to URL (token from $KCIDB_TOKEN); needs --kcidb");
  app.add_option("--kcidb-url-base", o.kcidb_url_base,
                 "URL the console log is published under (<base>/console.log) for the report (default: the "
                 "--log-file path as a file:// URL)");
  app.add_option("--metadata", o.metadata, "Write metadata.json here (- for stdout)");
  app.add_option("--log-file,--log-file-text", o.log_file, "Write the raw console log here (- for stdout)");
  app.add_option("--log-file-html", o.log_file_html,
                 "Write one self-contained HTML page of the run: results per suite, failed cases and crashes "
                 "linked to their console lines, the console with crashes highlighted");
  app.add_option("--log-file-yaml", o.log_file_yaml,
                 "Write the console as a YAML list of {dt, lvl, msg} lines, the shape of TuxRun's (LAVA's) log");
  app.add_option("--results-hook", o.results_hooks, "Shell command run after the results are written (see docs for KRUN_HOOK_* variables), repeatable");
  app.add_flag("--list-devices", o.list_devices, "List device profiles and exit");
  app.add_flag("--list-tests", o.list_tests, "List the tests --tests accepts and exit");
  app.add_flag("--bisect", o.bisect, "Exit codes for `git bisect run`: 0 good, 1 bad, 125 cannot test");
  app.add_option("--bisect-on", o.bisect_on,
                 "With --bisect: only this decides bad (repeatable): boot, SUITE/CASE (globs), a crash title "
                 "pattern (\"KASAN: use-after-free in *\"), or regressions (with --baseline); other failures are "
                 "reported only. Implies --bisect");
  app.add_option("--baseline", o.baseline, "results.json (or output folder) of a good run, for --bisect-on regressions");
  std::string bisect_flaky = "skip";
  app.add_option("--bisect-flaky", bisect_flaky,
                 "Under --bisect with --repeat, a failure seen in some runs only is: skip (125, default) | bad")
      ->check(CLI::IsMember({"skip", "bad"}));
  app.add_option("--repeat", o.repeat,
                 "Boot and run the tests N times; results.json counts each case's runs and fails and marks "
                 "the ones that failed only sometimes flaky")
      ->check(CLI::Range(1, 100));
  app.add_flag("-q,--quiet", o.quiet, "Do not echo the console; only warnings and errors");

  std::vector<std::string> reversed(own.rbegin(), own.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return std::nullopt;
  } catch (const CLI::CallForVersion&) {
    std::cout << "krun " << KPROJECT_VERSION << "\n";
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    throw kc::usage_error(fmt::format("{} (see krun --help)", e.what()));
  }
  o.timeouts = RunTimeouts::parse(key_values("--timeouts", timeouts));
  o.parameters = key_values("--parameters", parameters);
  read_modules(modules_args, o);
  for (const auto& group : overlay_args) o.overlays.push_back(overlay_spec(group));
  if (app.count("--shared")) o.shared = shared_folder(shared_args);
  if (enable_kvm && disable_kvm) throw kc::usage_error("--enable-kvm and --disable-kvm exclude each other");
  o.kvm = enable_kvm ? KvmChoice::On : disable_kvm ? KvmChoice::Off : KvmChoice::Auto;
  if (!o.prompt.empty()) {
    try {
      std::regex check(o.prompt);
    } catch (const std::regex_error& e) {
      throw kc::usage_error(fmt::format("--prompt {}: not a regular expression ({})", o.prompt, e.what()));
    }
  }
  if (!o.tuxbuild.empty() && !o.kbuild_dir.empty())
    throw kc::usage_error("--tuxbuild and --kbuild/--tuxmake each name the build; give one");
  if (!o.tuxbuild.empty() && !o.tuxbuild.starts_with("http://") && !o.tuxbuild.starts_with("https://"))
    throw kc::usage_error(fmt::format("--tuxbuild {}: not an http(s) URL; a local folder is --kbuild DIR",
                                      o.tuxbuild));
  for (const auto& t : tests)
    if (!t.empty()) o.tests.push_back(t);
  kc::kcidb::check_options(o.kcidb_origin, o.kcidb, o.kcidb_submit, o.kcidb_url_base);
  o.lava = app.count("--lava-definition") > 0;
  o.bisect_flaky_is_bad = bisect_flaky == "bad";
  if (!o.bisect_on.empty()) o.bisect = true;
  bool on_regressions = std::find(o.bisect_on.begin(), o.bisect_on.end(), "regressions") != o.bisect_on.end();
  if (on_regressions && o.baseline.empty())
    throw kc::usage_error("--bisect-on regressions needs --baseline FILE (the results.json of a good run)");
  if (!o.baseline.empty() && !on_regressions)
    throw kc::usage_error("--baseline goes with --bisect-on regressions");
  if ((o.lava_only || !o.lava_device.empty() || !o.lava_url_base.empty()) && !o.lava)
    throw kc::usage_error("--lava-only, --lava-device and --lava-url-base go with --lava-definition");
  kc::kcidb::check_url_base("--lava-url-base", o.lava_url_base);
  return o;
}

}  // namespace krun
