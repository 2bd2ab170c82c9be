#include "krun/cli/run_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "common/atomic_file.h"
#include "common/console.h"
#include "common/container_images.h"
#include "common/container_runtime.h"
#include "common/data_dir.h"
#include "common/errors.h"
#include "common/host_machine.h"
#include "common/json_file.h"
#include "common/junit.h"
#include "common/junit_results.h"
#include "common/kcidb.h"
#include "common/process.h"
#include "common/scratch_folder.h"
#include "krun/console/symbolizer.h"
#include "common/signals.h"
#include "common/size_caps.h"
#include "krun/cli/run_inputs.h"
#include "krun/cli/run_options.h"
#include "krun/compare/bisect_decision.h"
#include "krun/compare/run_record.h"
#include "krun/device/device_profile.h"
#include "krun/lava/lava_export.h"
#include "krun/qemu/accel.h"
#include "krun/qemu/container_layout.h"
#include "krun/qemu/qemu_command.h"
#include "krun/qemu/qemu_image.h"
#include "krun/results/html_report.h"
#include "krun/results/kcidb_tests.h"
#include "krun/results/lava_suite.h"
#include "krun/results/output_folder.h"
#include "krun/results/repeat_results.h"
#include "krun/results/results_hook.h"
#include "krun/results/run_metadata.h"
#include "krun/results/run_results.h"
#include "krun/results/yaml_log.h"
#include "krun/rootfs/rootfs.h"
#include "krun/run/boot_run.h"
#include "krun/run/boot_series.h"
#include "krun/suites/kselftest_catalogue.h"
#include "krun/suites/suite_collector.h"
#include "krun/suites/suite_results.h"

namespace krun {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void print_devices(const std::vector<DeviceProfile>& all) {
  for (const auto& p : all) {
    std::string arches;
    for (const auto& a : p.default_for_arches) arches += (arches.empty() ? "" : ",") + a;
    std::cout << fmt::format("{:<15} {:<22} {:<9} {}  (default for: {})\n", p.name, p.qemu_binary, p.console,
                             p.description, arches);
  }
}

// Asked where qemu runs: on the host, or in the qemu container.
std::string qemu_version(const std::string& binary, kc::ContainerRuntime* runtime) {
  kc::ProcessOptions o;
  o.argv = {binary, "--version"};
  o.timeout = std::chrono::seconds(20);
  kc::ProcessResult r = runtime ? runtime->exec(o) : kc::run_process(o);
  if (!r.ok()) return "";
  return r.out.substr(0, r.out.find('\n'));
}

// The copies the user asked for (--results, --metadata, --log-file...).
// Each replaces its target only when whole; "-" is standard output. One
// that fails (a full disk) is said, and the run's verdict stands: the
// output folder still has the file.
void copy_if_asked(const fs::path& from, const std::string& to) {
  if (to.empty() || !fs::exists(from)) return;
  try {
    if (to == "-") {
      std::ifstream in(from, std::ios::binary);
      std::cout << in.rdbuf() << std::flush;
      return;
    }
    kc::copy_file_atomic(from, to);
  } catch (const kc::Error& e) {
    kc::console::error("{}; the run's verdict stands, and {} has the file", e.what(), from.string());
  }
}

nlohmann::json mismatches_json(const std::vector<KconfigMismatch>& list) {
  nlohmann::json m = nlohmann::json::array();
  for (const auto& k : list) m.push_back({{"symbol", k.symbol}, {"wanted", k.wanted}, {"actual", k.actual}});
  return m;
}

// Where the accelerator and the boot's qemu argv come from: the choice,
// the device, where qemu runs; rebuilt when KVM falls back to TCG.
struct QemuSetup {
  const DeviceProfile* profile = nullptr;
  BootInputs host_inputs;
  fs::path work;
  bool in_container = false;
  AccelChoice accel;

  std::vector<std::string> argv(bool kvm) const {
    BootInputs in = host_inputs;
    in.kvm = kvm;
    return in_container ? qemu_argv(*profile, container_layout(in, work).inputs) : qemu_argv(*profile, in);
  }
};

// The rootfs for the guest: the default one (or the given one) with the
// modules, overlays, the tests' files and the shared folder's mount.
rootfs::Prepared prepare_rootfs(const RunOptions& o, const RunInputs& in, const fs::path& cache,
                                const fs::path& work) {
  const DeviceProfile& profile = *in.profile;
  rootfs::Request request;
  request.debian_arch = profile.debian_arch;
  request.flavor = in.tests.rootfs_flavor == "full" ? "full" : o.rootfs_flavor;
  request.given = in.given_rootfs ? in.given_rootfs->path.string() : "";
  request.format = profile.rootfs.kind == "initrd" ? "initrd" : "ext4";
  if (in.modules) request.modules = in.modules->path;
  request.modules_dir = o.modules_dir;
  request.overlays = in.overlays;
  request.extra_files = in.tests.extra_files;
  if (o.shared) request.extra_files["/krun/shared"] = fmt::format("{} {}\n", kSharedMountTag, o.shared->guest);
  request.cache_dir = cache;
  request.work_dir = work;
  return rootfs::prepare(request);
}

// --shared's host folder: the one given (it must exist), or the kept
// output folder's shared/.
fs::path shared_host_folder(const RunOptions& o, const fs::path& out_dir) {
  if (!o.shared) return {};
  if (o.shared->host.empty()) {
    fs::create_directories(out_dir / "shared");
    return out_dir / "shared";
  }
  fs::path host = fs::absolute(o.shared->host);
  if (!fs::is_directory(host))
    throw kc::usage_error(fmt::format("--shared {}: no such folder; create it, or give --shared alone to share a "
                                      "folder of the run's outputs",
                                      o.shared->host));
  return host;
}

AccelChoice pick_accelerator(const RunOptions& o, const DeviceProfile& profile, const fs::path& cache) {
  const std::string binary = o.qemu_binary.empty() ? profile.qemu_binary : o.qemu_binary;
  AccelChoice accel = choose_accel(o.kvm, profile, read_kvm_facts(profile, binary, cache));
  if (accel.kvm && o.runtime != "null" && o.kvm == KvmChoice::Auto) {
    // The qemu container gets /dev/kvm only when asked: a container that
    // cannot use it would cost the watched boot on every run.
    accel = {false, "TCG: qemu runs in a container (--enable-kvm passes /dev/kvm in)", false};
  }
  if (accel.warn) kc::console::warn("accelerator {}", accel.why);
  else kc::console::info("accelerator {}", accel.why);
  return accel;
}

// --list-tests with a kselftest install at hand (KSELFTEST=, or a --kbuild
// folder's kselftest.tar.xz): the collections it really has.
void print_kselftest_collections(const RunOptions& o) {
  std::string archive = parameter(o, "KSELFTEST");
  if (archive.empty() && !o.kbuild_dir.empty() && fs::exists(fs::path(o.kbuild_dir) / "kselftest.tar.xz"))
    archive = (fs::path(o.kbuild_dir) / "kselftest.tar.xz").string();
  if (archive.empty()) return;
  const fs::path cache = o.cache_dir.empty() ? kc::user_cache_dir("krun") : fs::path(o.cache_dir);
  Artifact a = resolve_artifact("kselftest", archive, cache, o.timeouts.deploy());
  std::cout << fmt::format("\nkselftest collections in {}:\n", archive);
  for (const auto& c : suites::kselftest_collections(a.path)) {
    std::string name = "kselftest-" + c.collection;
    std::string alias = c.tuxrun_name != name ? fmt::format(" (also {})", c.tuxrun_name) : "";
    std::cout << fmt::format("{:<30} {} test(s){}\n", name, c.tests, alias);
  }
}

}  // namespace

int run_main(const std::vector<std::string>& args) {
  std::optional<RunOptions> parsed = parse_run_options(args);
  if (!parsed) return 0;
  const RunOptions& o = *parsed;
  if (o.quiet) kc::console::set_level(kc::console::Level::Quiet);
  kc::signals::install();

  std::vector<DeviceProfile> devices = load_all_device_profiles(devices_dir());
  if (o.list_devices) { print_devices(devices); return 0; }
  if (o.list_tests) {
    suites::print_test_list(std::cout);
    print_kselftest_collections(o);
    return 0;
  }
  std::vector<compare::BisectTarget> bisect_targets;
  for (const std::string& on : o.bisect_on) bisect_targets.push_back(compare::parse_bisect_target(on));
  std::optional<compare::RunRecord> baseline;
  if (!o.baseline.empty()) baseline = compare::load_run(o.baseline);
  if (o.runtime != "null" && !o.qemu_binary.empty())
    throw kc::usage_error("--qemu-binary picks a host qemu and needs --runtime null; with --runtime " + o.runtime +
                          " qemu comes from the image (containers/qemu.yaml)");
  // The engine of every container of the run (qemu's, the LTP build's) and of their images.
  if (o.runtime != "null") kc::select_container_engine(o.runtime);

  const auto t_start = Clock::now();
  const auto run_started = std::chrono::system_clock::now();
  nlohmann::json durations = nlohmann::json::object();
  // Absolute: hooks run inside the output folder and read these paths.
  const fs::path cache = fs::absolute(o.cache_dir.empty() ? kc::user_cache_dir("krun") : fs::path(o.cache_dir));

  std::unique_ptr<kc::ScratchFolder> scratch;
  fs::path out_dir;
  // Kept: asked for, the home of a LAVA job written without a file name,
  // the home of a --shared folder named by no one, or of a --vmcore dump.
  const bool keep_outputs = o.save_outputs || (o.lava && o.lava_definition.empty()) ||
                            (o.shared && o.shared->host.empty()) || o.vmcore;
  if (keep_outputs) {
    out_dir = next_numbered_folder(cache / "outputs");
  } else {
    scratch = std::make_unique<kc::ScratchFolder>(cache / "tmp");
    out_dir = scratch->path();
  }
  const fs::path work = out_dir / "work";
  fs::create_directories(work);

  RunInputs in = gather_run_inputs(o, devices, {cache, work});
  const DeviceProfile& profile = *in.profile;
  kc::console::info("device {}, outputs in {}", profile.name, out_dir.string());
  if (in.ltp_seconds >= 0) durations["ltp"] = in.ltp_seconds;
  const fs::path shared_host = shared_host_folder(o, out_dir);
  durations["inputs"] = since(t_start);

  const auto t_rootfs = Clock::now();
  rootfs::Prepared rootfs = prepare_rootfs(o, in, cache, work);
  durations["rootfs"] = since(t_rootfs);
  kc::signals::stop_if_received("preparing the run");

  // Boot.
  QemuSetup qemu;
  qemu.profile = &profile;
  qemu.work = work;
  qemu.in_container = o.runtime != "null";
  BootInputs& bi = qemu.host_inputs;
  bi.kernel = in.kernel.path;
  bi.rootfs = rootfs.path;
  bi.rootfs_format = rootfs.format;
  if (in.dtb) bi.dtb = in.dtb->path;
  if (in.bios) bi.bios = in.bios->path;
  bi.boot_args = o.boot_args;
  bi.qemu_binary = o.qemu_binary;
  bi.network = o.enable_network;
  bi.shared_dir = shared_host;
  if (o.vmcore) bi.qmp_socket = vmcore_qmp_socket(work);
  qemu.accel = pick_accelerator(o, profile, cache);
  BootPlan plan;
  plan.timeouts.boot = o.timeouts.boot();
  plan.timeouts.silence = o.timeouts.silence();
  std::vector<std::chrono::seconds> test_timeouts;
  for (const auto& s : in.tests.steps) test_timeouts.push_back(std::chrono::seconds(s.timeout_seconds));
  plan.timeouts.run = o.timeouts.run(test_timeouts);
  plan.boot_prompt = o.prompt;
  if (o.lava) {
    lava::LavaExportRequest lr;
    lr.job_file = o.lava_definition.empty() ? out_dir / "definition.yaml" : fs::path(o.lava_definition);
    lr.device_file = o.lava_device;
    lr.url_base = o.lava_url_base;
    lr.job.job_name = fmt::format("krun {} {}", profile.name, in.kernel.path.filename().string());
    lr.job.profile = profile;
    lr.job.rootfs_format = rootfs.format;
    lr.job.kernel_command_line = kernel_command_line(profile, bi);
    lr.job.boot_timeout = plan.timeouts.boot;
    lr.job.run_timeout = plan.timeouts.run;
    for (const auto& s : in.tests.steps)
      lr.job.longest_test = std::max(lr.job.longest_test, std::chrono::seconds(s.timeout_seconds));
    lr.kernel = in.kernel;
    lr.dtb = in.dtb;
    lr.bios = in.bios;
    lr.rootfs = rootfs.path;
    lava::LavaExport ex = lava::export_lava_job(lr);
    kc::console::info("LAVA job {} (device configuration for lava-run: {})", ex.job.string(), ex.device.string());
    if (o.lava_only) {
      if (keep_outputs) kc::console::info("outputs saved in {}", out_dir.string());
      return 0;
    }
  }
  // --runtime podman: one container of the qemu image with the inputs
  // mounted at fixed paths; the same argv builder, with container paths.
  // A container per boot (--repeat and a KVM fallback boot again).
  std::unique_ptr<kc::ContainerRuntime> runtime;
  std::string image;
  kc::ContainerSpec spec;
  if (qemu.in_container) {
    image = ensure_qemu_image();
    runtime = kc::make_container_runtime(o.runtime);
    spec.image = image;
    spec.mounts = container_layout(bi, work).mounts;
    spec.workdir = kContainerWorkDir;
    spec.name_prefix = "krun";
    spec.network = o.enable_network;
    if (qemu.accel.kvm) spec.devices = {kvm_device().string()};
    runtime->start(spec);
    plan.runtime = runtime.get();
    plan.runtime_work_dir = kContainerWorkDir;
  }
  plan.argv = qemu.argv(qemu.accel.kvm);
  if (!runtime && kc::find_program(plan.argv[0]).empty() && plan.argv[0].find('/') == std::string::npos)
    throw kc::infra_error(fmt::format("{} not found; install the qemu-system package for {} "
                                      "(e.g. apt-get install qemu-system-{}) or pass --qemu-binary",
                                      plan.argv[0], profile.name, profile.qemu_binary.substr(12)));
  plan.console_log = out_dir / "console.log";
  plan.work_dir = work;
  if (o.vmcore) {
    plan.vmcore = VmcoreRequest{bi.qmp_socket,
                                (runtime ? fs::path(kContainerWorkDir) : work).string() + "/vmcore", work / "vmcore"};
    std::string why;
    if (in.config && !paging_for(read_kconfig_file(*in.config), &why)) {
      plan.vmcore->paging = false;
      kc::console::info("--vmcore: {}: the dump will hold physical addresses (open it with crash)", why);
    }
  }
  plan.expect_boot_marker = !in.given_rootfs;
  plan.echo_console = !o.quiet;
  const std::string version = qemu_version(plan.argv[0], runtime.get());
  if (runtime && version.empty())
    throw kc::infra_error(fmt::format("{} has no working {}; add its package to {} and run again", image,
                                      plan.argv[0], qemu_image_recipe_path().string()));

  RunMetadata meta;
  meta.device = profile.name;
  meta.arch = profile.arch;
  meta.debian_arch = profile.debian_arch;
  meta.host_arch = kc::host_machine();
  meta.runtime = o.runtime;
  if (runtime)
    meta.runtime_image = {{"name", image}, {"digest", runtime->image_digest()}, {runtime->name() + "_version", runtime->version()}};
  meta.accelerator = qemu.accel.kvm ? "kvm" : "tcg";
  meta.accelerator_why = qemu.accel.why;
  meta.qemu_binary = plan.argv[0];
  meta.qemu_version = version;
  meta.qemu_argv = plan.argv;
  meta.kernel_command_line = kernel_command_line(profile, bi);
  meta.rootfs_path = rootfs.path.string();
  meta.rootfs_format = rootfs.format;
  meta.rootfs_given = bool(in.given_rootfs);
  meta.deploy_timeout = o.timeouts.deploy().count();
  meta.boot_timeout = plan.timeouts.boot.count();
  meta.silence_timeout = plan.timeouts.silence.count();
  meta.run_timeout = plan.timeouts.run.count();
  if (o.shared) meta.shared = {shared_host.string(), o.shared->guest};
  meta.network = o.enable_network;
  for (const auto& a : in.artifacts) meta.artifacts.push_back(to_json(a));
  if (in.config) {
    meta.kconfig_check = {{"config", in.config->string()}, {"missing", mismatches_json(in.kconfig_missing)}};
    if (!in.tests.ltp_runtests.empty()) meta.kconfig_check["ltp_missing"] = mismatches_json(in.ltp_kconfig_missing);
    if (o.shared) meta.kconfig_check["shared_missing"] = mismatches_json(in.shared_kconfig_missing);
    for (const auto& [suite, missing] : in.suite_kconfig_missing)
      meta.kconfig_check["suites_missing"][suite] = mismatches_json(missing);
  }
  if (in.ltp_install)
    meta.ltp = {{"version", in.ltp_install->version}, {"built", in.ltp_install->built},
                {"install", in.ltp_install->archive.string()}, {"build_log", in.ltp_install->log.string()},
                {"runtests", in.tests.ltp_runtests}};
  else if (!in.tests.ltp_runtests.empty())
    meta.ltp = {{"install", parameter(o, "LTP").empty() ? nlohmann::json() : nlohmann::json(parameter(o, "LTP"))},
                {"runtests", in.tests.ltp_runtests}};
  const fs::path metadata_path = out_dir / "metadata.json";
  meta.write(metadata_path);  // early, so a killed run still leaves it

  std::unique_ptr<YamlLogWriter> yaml_log;
  if (!o.log_file_yaml.empty()) yaml_log = std::make_unique<YamlLogWriter>(out_dir / "console.yaml");

  // Every boot starts from the rootfs as prepared: the guest writes to an
  // ext4 image, so a copy of the pristine one is put back before each rerun.
  fs::path pristine_rootfs;
  if (rootfs.format == "ext4" && (o.repeat > 1 || qemu.accel.kvm)) {
    pristine_rootfs = work / "rootfs.pristine.ext4";
    fs::copy_file(rootfs.path, pristine_rootfs, fs::copy_options::overwrite_existing);
  }
  auto restore_rootfs = [&] {
    if (!pristine_rootfs.empty()) fs::copy_file(pristine_rootfs, rootfs.path, fs::copy_options::overwrite_existing);
  };
  kc::console::info("booting: {}", kc::quote_command(plan.argv));
  const auto t_boot = Clock::now();
  const std::string qemu_binary_name = fs::path(plan.argv[0]).filename().string();
  BootSeriesServices services;
  services.boot = [&](const BootPlan& p) {
    BootOutcome outcome = run_boot(p);
    if (runtime) runtime->stop();  // removes the container and whatever still runs in it
    return outcome;
  };
  services.reset_for_next_boot = [&](bool kvm) {
    restore_rootfs();
    if (!runtime) return;
    spec.devices.clear();
    if (kvm) spec.devices = {kvm_device().string()};
    runtime->start(spec);
  };
  services.record_kvm = [&](const KvmVerdict& v) { record_kvm_verdict(qemu_binary_name, v, cache); };
  services.interrupted = [] { return kc::signals::received(); };

  std::vector<nlohmann::json> run_results;
  suites::SuiteResults suite_results;  // the last boot's, for the summary table
  std::optional<kc::ScratchFolder> vmlinux_scratch;  // a decompressed vmlinux.xz, once per krun run
  // The test suites' parsers read the same console pass as the crash detector.
  std::optional<suites::SuiteCollector> collector;
  BootSeriesObserver observer;
  observer.on_run_start = [&](int run) {
    if (yaml_log && o.repeat > 1) yaml_log->line(fmt::format("krun: run {} of {}", run, o.repeat), "info");
  };
  observer.before_boot = [&](BootPlan& p) {
    collector.emplace(in.tests);
    p.on_line = [&](size_t line_no, std::string_view line) {
      collector->on_line(line_no, line);
      if (yaml_log) yaml_log->line(line);
    };
    p.on_test_start = [&](const std::string& name, size_t line_no, double seconds) {
      collector->on_test_start(name, line_no, seconds);
    };
    p.on_test_end = [&](const std::string& name, int exit_code, size_t line_no, double seconds) {
      collector->on_test_end(name, exit_code, line_no, seconds);
    };
  };
  observer.on_kvm_fallback = [&](const std::string&) {
    if (yaml_log) yaml_log->line("krun: KVM could not run the guest; booting again with TCG", "info");
  };
  observer.after_run = [&](int run, BootOutcome& outcome) {
    if (outcome.vmcore) meta.vmcore.push_back(keep_vmcore(*outcome.vmcore, work / "vmcore", out_dir, run, in.vmlinux));
    if (!in.vmlinux.empty() && !outcome.crashes.empty()) {
      if (!vmlinux_scratch) vmlinux_scratch.emplace(cache / "tmp", "vmlinux");
      symbolize_crashes(outcome.crashes, in.vmlinux, vmlinux_scratch->path());
    }
    suite_results = suites::SuiteResults{};
    collector->finish(run_end_for(outcome), suite_results, outcome.crashes);
    suite_results.apply_skip_list(in.skips);
    nlohmann::json results = shape_results(outcome);
    merge_suites(results, suite_results.to_json());
    int run_code = exit_code_for(outcome, results);
    if (suite_results.any_failed() && run_code == 0) run_code = 1;
    for (const auto& c : outcome.crashes) {
      std::string at = crash_location(c);
      kc::console::error("{}{} (console lines {}-{}{})", o.repeat > 1 ? fmt::format("run {}: ", run) : "", c.title,
                         c.first_line, c.last_line, at.empty() ? "" : "; at " + at);
    }
    run_results.push_back(std::move(results));
    return run_code;
  };
  BootSeriesRequest series_request;
  series_request.repeat = o.repeat;
  series_request.kvm = o.kvm;
  series_request.accel = qemu.accel;
  series_request.argv_for = [&](bool kvm) { return qemu.argv(kvm); };
  series_request.plan = plan;
  const BootSeriesResult series = run_boot_series(series_request, services, observer);
  if (!series.kvm_failed.empty()) {
    meta.accelerator = "tcg";
    meta.accelerator_why = series.accel.why;
    meta.kvm_failed = series.kvm_failed;
    meta.qemu_argv = series.argv;
  }
  const std::vector<BootOutcome>& outcomes = series.outcomes;
  const std::vector<int>& run_codes = series.run_codes;
  // What the end of the run says: the first boot that did not end well, or the last.
  const BootOutcome& outcome = series.deciding();
  durations["boot"] = outcomes.front().boot_seconds >= 0 ? nlohmann::json(outcomes.front().boot_seconds)
                                                         : nlohmann::json();
  durations["run"] = since(t_boot);

  // Results: krun's suites, and TuxRun's `lava` suite saying the same in
  // LAVA's words for the tools that read TuxRun's results.
  nlohmann::json results = merge_repeated_results(run_results);
  int code = merge_exit_codes(run_codes);
  results["lava"] = lava_suite(outcome, results, {profile.lava_arch, kc::host_machine(), version, since(t_start)});
  const fs::path results_path = out_dir / "results.json";
  kc::write_json_atomic(results_path, results);
  if (!o.junit.empty()) kc::junit::write(o.junit, kc::junit::suites_from_results(results));
  const fs::path first_console_log = out_dir / "console.log";
  // The console echoed on stdout already is not printed there twice.
  if (o.log_file != "-" || o.quiet) copy_if_asked(first_console_log, o.log_file);  // before the KCIDB report
  if (yaml_log) {
    yaml_log->results(results);
    yaml_log->close();
    copy_if_asked(out_dir / "console.yaml", o.log_file_yaml);
  }
  bool outputs_failed = false;  // a KCIDB submission or a hook: the verdict stands, the delivery failed
  if (!o.kcidb.empty()) {
    KcidbRun k;
    k.origin = o.kcidb_origin;
    k.build_id = in.build ? in.build->kcidb_build_id : "";
    k.kernel_sha256 = in.kernel.sha256;
    k.kernel_name = in.kernel.path.filename().string();
    k.kernel_url = in.kernel_location.starts_with("http") ? in.kernel_location : kc::kcidb::file_url(in.kernel.path);
    k.arch = profile.arch;
    k.device = profile.name;
    k.qemu_version = version;
    k.qemu_command = kc::quote_command(series.argv);
    k.start = run_started;
    k.log_url = !o.kcidb_url_base.empty()
                    ? (o.kcidb_url_base.ends_with("/") ? o.kcidb_url_base : o.kcidb_url_base + "/") + "console.log"
                : !o.log_file.empty() && o.log_file != "-" ? kc::kcidb::file_url(o.log_file)
                                                           : "";
    k.console_log = first_console_log;
    if (!kc::kcidb::write_and_submit(o.kcidb, kcidb_test_report(results, k), o.kcidb_submit)) {
      outputs_failed = true;
      if (code == 0) code = 2;
    }
  }
  if (!suite_results.empty()) std::cerr << suite_results.summary_table() << std::flush;
  if (is_incomplete(outcome.end_reason)) kc::console::error("run incomplete ({}): {}", to_string(outcome.end_reason), outcome.end_detail);
  else kc::console::info("run ended: {}", outcome.end_detail);
  if (outcome.end_reason == EndReason::QemuFailed && !outcome.qemu_stderr.empty()) {
    kc::console::error("qemu said: {}", outcome.qemu_stderr);
    // The device's "-bios default" names firmware this qemu lacks (Debian's
    // has no OpenSBI for riscv32): the user can bring it.
    if (o.bios.empty() && outcome.qemu_stderr.find("firmware") != std::string::npos)
      kc::console::error("give {} its firmware with --bios FILE|URL (e.g. an OpenSBI fw_jump.elf for its CPU)",
                         profile.name);
  }

  // The bisect verdict, decided before the hooks run so metadata.json has it.
  std::optional<compare::BisectVerdict> verdict;
  if (o.bisect) {
    compare::BisectInput bisect_in;
    bisect_in.run = compare::read_run(results);
    bisect_in.run_complete = series.all_complete();
    bisect_in.baseline = baseline ? &*baseline : nullptr;
    bisect_in.flaky_is_bad = o.bisect_flaky_is_bad;
    verdict = bisect_targets.empty() ? compare::decide_plain_bisect(code, bisect_in)
                                     : compare::decide_bisect(bisect_targets, bisect_in);
    const char* word = verdict->exit_code == 0 ? "good" : verdict->exit_code == 1 ? "bad" : "cannot test";
    std::string others = !bisect_targets.empty() && code != 0 && verdict->exit_code != 1
                             ? "; the run's other failures do not decide"
                             : "";
    // Cannot-test is a W: line: it is what a user of -q most needs to see.
    if (verdict->exit_code == 125) kc::console::warn("bisect: {} ({}){}", word, verdict->reason, others);
    else kc::console::info("bisect: {} ({}){}", word, verdict->reason, others);
  }

  durations["total"] = since(t_start);
  meta.ended = true;
  meta.durations = durations;
  meta.end_reason = to_string(outcome.end_reason);
  meta.end_detail = outcome.end_detail;
  meta.qemu_exit_code = outcome.qemu_exit_code;
  meta.qemu_signal = outcome.qemu_signal;
  meta.qemu_stderr = outcome.qemu_stderr;
  meta.console_lines = outcome.console_lines;
  if (outcome.console_log_capped) meta.console_log_capped_at = kc::caps::kConsoleLog.bytes();
  meta.exit_code = code;
  if (o.repeat > 1) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& b : outcomes) reasons.push_back(to_string(b.end_reason));
    meta.repeat = {{"asked", o.repeat}, {"runs", outcomes.size()}, {"console_logs", series.console_logs},
                   {"end_reasons", reasons}, {"exit_codes", run_codes}};
  }
  if (verdict)
    meta.bisect = {{"on", o.bisect_on}, {"exit_code", verdict->exit_code}, {"reason", verdict->reason},
                   {"flaky", o.bisect_flaky_is_bad ? "bad" : "skip"}};
  meta.write(metadata_path);

  if (!o.log_file_html.empty()) {
    try {
      write_html_report({results, first_console_log, meta.to_json()}, out_dir / "report.html");
      copy_if_asked(out_dir / "report.html", o.log_file_html);
    } catch (const kc::Error& e) {
      kc::console::error("{}; the run's verdict stands", e.what());
    }
  }
  copy_if_asked(results_path, o.results);
  copy_if_asked(metadata_path, o.metadata);

  HookContext hook{out_dir, results_path, metadata_path, first_console_log, profile.name, profile.arch,
                   to_string(outcome.end_reason), code};
  if (!run_results_hooks(o.results_hooks, hook)) outputs_failed = true;
  if (keep_outputs) kc::console::info("outputs saved in {}", out_dir.string());
  return delivered_exit_code(code, outputs_failed, verdict ? std::optional<int>(verdict->exit_code) : std::nullopt);
}

}  // namespace krun
