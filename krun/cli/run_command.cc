#include "krun/cli/run_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "common/junit.h"
#include "common/kcidb.h"
#include "common/junit_results.h"
#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/console.h"
#include "common/container_runtime.h"
#include "common/data_dir.h"
#include "common/errors.h"
#include "common/scratch_folder.h"
#include "common/json_file.h"
#include "common/process.h"
#include "common/signals.h"
#include "common/size_caps.h"
#include "krun/cli/run_options.h"
#include "krun/compare/bisect_decision.h"
#include "krun/compare/run_record.h"
#include "krun/device/device_profile.h"
#include "krun/inputs/artefact.h"
#include "krun/inputs/build_folder.h"
#include "krun/inputs/kernel_config.h"
#include "krun/lava/lava_export.h"
#include "krun/ltp/ltp_build.h"
#include "krun/ltp/ltp_release.h"
#include "krun/qemu/container_layout.h"
#include "krun/qemu/qemu_command.h"
#include "krun/qemu/qemu_image.h"
#include "krun/results/output_folder.h"
#include "krun/results/repeat_results.h"
#include "krun/results/results_hook.h"
#include "krun/results/kcidb_tests.h"
#include "krun/results/run_results.h"
#include "krun/rootfs/injection.h"
#include "krun/rootfs/rootfs.h"
#include "krun/run/boot_run.h"
#include "krun/suites/skip_list.h"
#include "krun/suites/suite_collector.h"
#include "krun/suites/suite_results.h"
#include "krun/suites/test_catalogue.h"

namespace krun {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

std::chrono::seconds timeout_value(const RunOptions& o, const std::string& key, std::chrono::seconds fallback) {
  auto it = o.timeouts.find(key);
  if (it == o.timeouts.end()) return fallback;
  try {
    size_t used = 0;
    long v = std::stol(it->second, &used);
    if (used != it->second.size() || v <= 0) throw std::invalid_argument("x");
    return std::chrono::seconds(v);
  } catch (const std::exception&) {
    throw kc::usage_error(fmt::format("--timeouts {}={}: expected a positive number of seconds", key, it->second));
  }
}

void print_devices(const std::vector<DeviceProfile>& all) {
  for (const auto& p : all) {
    std::string arches;
    for (const auto& a : p.default_for_arches) arches += (arches.empty() ? "" : ",") + a;
    std::cout << fmt::format("{:<15} {:<22} {:<9} {}  (default for: {})\n", p.name, p.qemu_binary,
                             p.console, p.description, arches);
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

// The dtb the device needs, from --dtb, or from a kbuild folder's dtbs
// (folder or tarball, extracted into the work dir).
std::optional<Artefact> pick_dtb(const RunOptions& o, const DeviceProfile& profile,
                                 const std::optional<BuildFolder>& build,
                                 const std::filesystem::path& cache, const std::filesystem::path& work) {
  if (!o.dtb.empty()) return resolve_artefact("dtb", o.dtb, cache);
  if (profile.dtb.empty() || !build || build->dtbs.empty()) return std::nullopt;
  std::filesystem::path dtbs = build->dtbs;
  if (!std::filesystem::is_directory(dtbs)) {
    std::filesystem::path unpacked = work / "dtbs";
    kc::extract_archive(dtbs, unpacked);
    dtbs = unpacked;
  }
  for (const auto& candidate : {dtbs / profile.dtb, dtbs / "dtbs" / profile.dtb,
                                dtbs / std::filesystem::path(profile.dtb).filename()})
    if (std::filesystem::exists(candidate)) return resolve_artefact("dtb", candidate.string(), cache);
  throw kc::usage_error(fmt::format("{} needs {} but {} does not have it; pass --dtb", profile.name,
                                    profile.dtb, build->dtbs.string()));
}

// The copies the user asked for (--results, --metadata, --log-file). Each
// replaces its target only when whole; one that fails (a full disk) is said,
// and the run's verdict stands: the output folder still has the file.
void copy_if_asked(const std::filesystem::path& from, const std::string& to) {
  if (to.empty() || !std::filesystem::exists(from)) return;
  try {
    kc::copy_file_atomic(from, to);
  } catch (const kc::Error& e) {
    kc::console::error("{}; the run's verdict stands, and {} has the file", e.what(), from.string());
  }
}

// Single-quoted for the guest's sh: parameters are data, never code.
std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool valid_env_name(const std::string& k) {
  if (k.empty() || std::isdigit(static_cast<unsigned char>(k[0]))) return false;
  for (char c : k)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

// --parameters are exported to every guest test script (after its #! line).
void export_parameters(const std::map<std::string, std::string>& parameters,
                       std::map<std::string, std::string>& files) {
  std::string exports;
  for (const auto& [k, v] : parameters) {
    if (!valid_env_name(k))
      throw kc::usage_error(fmt::format("--parameters: '{}' is not a valid variable name", k));
    exports += fmt::format("export {}={}\n", k, sh_quote(v));
  }
  if (exports.empty()) return;
  for (auto& [path, content] : files) {
    if (!path.starts_with("/krun/tests/") || !path.ends_with(".sh")) continue;
    size_t body = content.starts_with("#!") ? content.find('\n') + 1 : 0;
    content.insert(body, exports);
  }
}

// The test plan's request: --tests, the trailing commands (each one guest
// shell line), --parameters, --timeouts,
// the modules archive's files (kunit test modules) and a kselftest install
// in the --kbuild folder.
suites::PlanRequest plan_request(const RunOptions& o, const std::optional<Artefact>& modules,
                                 const std::optional<BuildFolder>& build,
                                 const suites::SkipList& skips) {
  suites::PlanRequest req;
  req.tests = o.tests;
  req.commands = o.commands;
  req.parameters = o.parameters;
  req.timeouts = o.timeouts;
  if (modules) req.module_files = kc::list_archive(modules->path);
  if (build && std::filesystem::exists(build->dir / "kselftest.tar.xz"))
    req.found_kselftest = (build->dir / "kselftest.tar.xz").string();
  req.skip_entries = skips.entries();
  suites::add_ltp_inputs(req);
  return req;
}

std::string parameter(const RunOptions& o, const std::string& key) {
  auto it = o.parameters.find(key);
  return it == o.parameters.end() ? "" : it->second;
}

// An LTP install given with LTP= must have the runtest files the run asks
// for: said before the boot, not as a failing case after it.
void check_ltp_install_archive(const std::filesystem::path& archive, const std::vector<std::string>& runtests) {
  std::vector<std::string> entries = kc::list_archive(archive);
  for (const std::string& rt : runtests) {
    bool found = std::any_of(entries.begin(), entries.end(), [&](const std::string& e) {
      std::string p = e.starts_with("./") ? e.substr(2) : e;
      return p == "runtest/" + rt;
    });
    if (!found)
      throw kc::usage_error(fmt::format("--parameters LTP={}: the install has no runtest/{}; give an LTP install "
                                        "archive (the content of /opt/ltp) that has it, or leave LTP= out and krun "
                                        "builds LTP",
                                        archive.string(), rt));
  }
}

// LTP for the guest, unless the run brings its own (LTP=): built by krun
// for the device's userland, or taken from krun's cache.
std::optional<ltp::LtpInstall> prepare_ltp(const RunOptions& o, const suites::TestPlan& tests,
                                           const DeviceProfile& profile, const std::filesystem::path& cache) {
  if (!parameter(o, "LTP_SOURCE").empty() && !parameter(o, "LTP").empty())
    throw kc::usage_error("--parameters LTP= (a prebuilt install) and LTP_SOURCE= (a source to build) exclude "
                          "each other; give one");
  if (!tests.ltp_build) return std::nullopt;
  ltp::LtpBuildRequest req;
  req.source = parameter(o, "LTP_SOURCE");
  req.runtests = tests.ltp_runtests;
  req.debian_arch = profile.debian_arch;
  req.cache_dir = cache;
  return ltp::ensure_ltp_install(req);
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
  if (o.list_tests) { suites::print_test_list(std::cout); return 0; }
  std::vector<compare::BisectTarget> bisect_targets;
  for (const std::string& on : o.bisect_on) bisect_targets.push_back(compare::parse_bisect_target(on));
  std::optional<compare::RunRecord> baseline;
  if (!o.baseline.empty()) baseline = compare::load_run(o.baseline);
  if (o.runtime == "podman" && !o.qemu_binary.empty())
    throw kc::usage_error("--qemu-binary picks a host qemu and needs --runtime null; with --runtime podman "
                          "qemu comes from the image (containers/qemu.yaml)");

  const auto t_start = Clock::now();
  const auto run_started = std::chrono::system_clock::now();
  nlohmann::json durations = nlohmann::json::object();
  // Absolute: hooks run inside the output folder and read these paths.
  std::filesystem::path cache = std::filesystem::absolute(
      o.cache_dir.empty() ? kc::user_cache_dir("krun") : std::filesystem::path(o.cache_dir));

  // Inputs.
  std::optional<BuildFolder> build;
  if (!o.kbuild_dir.empty()) build = read_build_folder(o.kbuild_dir);
  std::string kernel_location = !o.kernel.empty() ? o.kernel : build ? build->kernel.string() : "";
  if (kernel_location.empty()) throw kc::usage_error("no kernel: pass --kernel FILE|URL or --kbuild DIR");
  const DeviceProfile& profile = !o.device.empty() ? find_device(devices, o.device)
                                 : build ? device_for_arch(devices, build->target_arch)
                                         : throw kc::usage_error("no device: pass --device (see --list-devices) or --kbuild DIR");

  std::unique_ptr<kc::ScratchFolder> scratch;
  std::filesystem::path out_dir;
  // Kept: asked for, or the home of a LAVA job written without a file name.
  const bool keep_outputs = o.save_outputs || (o.lava && o.lava_definition.empty());
  if (keep_outputs) {
    out_dir = next_numbered_folder(cache / "outputs");
  } else {
    scratch = std::make_unique<kc::ScratchFolder>(cache / "tmp");
    out_dir = scratch->path();
  }
  std::filesystem::path work = out_dir / "work";
  std::filesystem::create_directories(work);
  kc::console::info("device {}, outputs in {}", profile.name, out_dir.string());

  std::vector<Artefact> artefacts;
  Artefact kernel = resolve_artefact("kernel", kernel_location, cache);
  artefacts.push_back(kernel);
  std::string modules_location = !o.modules.empty() ? o.modules : build && !build->modules.empty() ? build->modules.string() : "";
  std::optional<Artefact> modules;
  if (!modules_location.empty()) artefacts.push_back(*(modules = resolve_artefact("modules", modules_location, cache)));
  std::optional<Artefact> dtb = pick_dtb(o, profile, build, cache, work);
  if (dtb) artefacts.push_back(*dtb);
  std::optional<Artefact> given_rootfs;
  if (!o.rootfs.empty()) artefacts.push_back(*(given_rootfs = resolve_artefact("rootfs", o.rootfs, cache)));
  // The tests to run, checked before the rootfs is built.
  suites::SkipList skips;
  if (auto it = o.parameters.find("SKIPFILE"); it != o.parameters.end())
    skips = suites::SkipList::load(it->second, cache);
  suites::TestPlan tests = suites::plan_tests(plan_request(o, modules, build, skips));
  export_parameters(o.parameters, tests.extra_files);
  const auto t_ltp = Clock::now();
  std::optional<ltp::LtpInstall> ltp_install = prepare_ltp(o, tests, profile, cache);
  if (ltp_install) {
    tests.overlays.push_back(ltp_install->archive.string() + ":" + tests.ltp_dir);
    durations["ltp"] = since(t_ltp);
  }

  std::vector<std::string> overlays;
  std::vector<std::string> overlay_specs = o.overlays;
  overlay_specs.insert(overlay_specs.end(), tests.overlays.begin(), tests.overlays.end());
  for (const auto& spec : overlay_specs) {
    // ARCHIVE[:/GUEST_DIR], split as `krun rootfs build` splits it.
    rootfs::OverlaySpec parsed = rootfs::parse_overlay(spec);
    Artefact a = resolve_artefact("overlay", parsed.location, cache);
    if (!tests.ltp_runtests.empty() && parsed.location == parameter(o, "LTP"))
      check_ltp_install_archive(a.path, tests.ltp_runtests);
    artefacts.push_back(a);
    overlays.push_back(a.path.string() + (parsed.guest_dir.empty() ? "" : ":/" + parsed.guest_dir));
  }

  // Pre-boot kconfig check.
  std::optional<std::filesystem::path> config;
  if (build && !build->config.empty()) config = build->config;
  else if (!kernel_location.starts_with("http")) config = find_build_config(kernel.path);
  std::vector<KconfigMismatch> kconfig_missing;
  std::vector<KconfigMismatch> ltp_kconfig_missing;
  if (config) {
    kconfig_missing = warn_missing_kconfig(profile, *config);
    if (!tests.ltp_runtests.empty())
      ltp_kconfig_missing = warn_missing_suite_kconfig("LTP", ltp::ltp_data_dir() / "kernel.config", *config);
  } else {
    kc::console::info("kernel config unknown; cannot check {}'s kconfig needs", profile.name);
  }
  durations["inputs"] = since(t_start);

  // Rootfs with the guest's work.
  const auto t_rootfs = Clock::now();
  rootfs::Request request;
  request.debian_arch = profile.debian_arch;
  request.flavor = tests.rootfs_flavor == "full" ? "full" : o.rootfs_flavor;
  request.given = given_rootfs ? given_rootfs->path.string() : "";
  request.format = profile.rootfs.kind == "initrd" ? "initrd" : "ext4";
  if (modules) request.modules = modules->path;
  request.overlays = overlays;
  request.extra_files = tests.extra_files;
  request.cache_dir = cache;
  request.work_dir = work;
  rootfs::Prepared rootfs = rootfs::prepare(request);
  durations["rootfs"] = since(t_rootfs);
  kc::signals::stop_if_received("preparing the run");

  // Boot.
  BootInputs in;
  in.kernel = kernel.path;
  in.rootfs = rootfs.path;
  in.rootfs_format = rootfs.format;
  if (dtb) in.dtb = dtb->path;
  in.boot_args = o.boot_args;
  in.qemu_binary = o.qemu_binary;
  BootPlan plan;
  plan.timeouts.boot = timeout_value(o, "boot", plan.timeouts.boot);
  plan.timeouts.silence = timeout_value(o, "silence", plan.timeouts.silence);
  plan.timeouts.run = timeout_value(o, "run", plan.timeouts.run);
  if (o.lava) {
    lava::LavaExportRequest lr;
    lr.job_file = o.lava_definition.empty() ? out_dir / "definition.yaml" : std::filesystem::path(o.lava_definition);
    lr.device_file = o.lava_device;
    lr.url_base = o.lava_url_base;
    lr.job.job_name = fmt::format("krun {} {}", profile.name, kernel.path.filename().string());
    lr.job.profile = profile;
    lr.job.rootfs_format = rootfs.format;
    lr.job.kernel_command_line = kernel_command_line(profile, in);
    lr.job.boot_timeout = plan.timeouts.boot;
    lr.job.run_timeout = plan.timeouts.run;
    for (const auto& s : tests.steps)
      lr.job.longest_test = std::max(lr.job.longest_test, std::chrono::seconds(s.timeout_seconds));
    lr.kernel = kernel;
    lr.dtb = dtb;
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
  // A container per boot (--repeat boots again).
  std::unique_ptr<kc::ContainerRuntime> runtime;
  std::string image;
  kc::ContainerSpec spec;
  if (o.runtime == "podman") {
    image = ensure_qemu_image();
    ContainerLayout layout = container_layout(in, work);
    runtime = kc::make_container_runtime("podman");
    spec.image = image;
    spec.mounts = layout.mounts;
    spec.workdir = kContainerWorkDir;
    spec.name_prefix = "krun";
    runtime->start(spec);
    plan.argv = qemu_argv(profile, layout.inputs);
    plan.runtime = runtime.get();
    plan.runtime_work_dir = kContainerWorkDir;
  } else {
    plan.argv = qemu_argv(profile, in);
    if (kc::find_program(plan.argv[0]).empty() && plan.argv[0].find('/') == std::string::npos)
      throw kc::infra_error(fmt::format("{} not found; install the qemu-system package for {} "
                                        "(e.g. apt-get install qemu-system-{}) or pass --qemu-binary",
                                        plan.argv[0], profile.name, profile.qemu_binary.substr(12)));
  }
  plan.console_log = out_dir / "console.log";
  plan.work_dir = work;
  plan.expect_boot_marker = !given_rootfs;
  plan.echo_console = !o.quiet;
  std::string version = qemu_version(plan.argv[0], runtime.get());
  if (runtime && version.empty())
    throw kc::infra_error(fmt::format("{} has no working {}; add its package to {} and run again", image,
                                      plan.argv[0], qemu_image_recipe_path().string()));

  nlohmann::json meta = {
      {"tool", {{"name", "krun"}, {"version", KPROJECT_VERSION}}},
      {"device", profile.name}, {"arch", profile.arch}, {"debian_arch", profile.debian_arch},
      {"runtime", o.runtime},
      {"runtime_image", runtime ? nlohmann::json{{"name", image}, {"digest", runtime->image_digest()},
                                                 {"podman_version", runtime->version()}}
                                : nlohmann::json()},
      {"qemu", {{"binary", plan.argv[0]}, {"version", version}, {"argv", plan.argv},
                {"command", kc::quote_command(plan.argv)}}},
      {"kernel_command_line", kernel_command_line(profile, in)},
      {"rootfs", {{"path", rootfs.path.string()}, {"format", rootfs.format}, {"given", bool(given_rootfs)}}},
      {"timeouts", {{"boot", plan.timeouts.boot.count()}, {"silence", plan.timeouts.silence.count()},
                    {"run", plan.timeouts.run.count()}}},
  };
  nlohmann::json artefacts_json = nlohmann::json::array();
  for (const auto& a : artefacts) artefacts_json.push_back(to_json(a));
  meta["artefacts"] = artefacts_json;
  auto mismatches_json = [](const std::vector<KconfigMismatch>& list) {
    nlohmann::json m = nlohmann::json::array();
    for (const auto& k : list) m.push_back({{"symbol", k.symbol}, {"wanted", k.wanted}, {"actual", k.actual}});
    return m;
  };
  if (config) {
    meta["kconfig_check"] = {{"config", config->string()}, {"missing", mismatches_json(kconfig_missing)}};
    if (!tests.ltp_runtests.empty()) meta["kconfig_check"]["ltp_missing"] = mismatches_json(ltp_kconfig_missing);
  }
  if (ltp_install)
    meta["ltp"] = {{"version", ltp_install->version}, {"built", ltp_install->built},
                   {"install", ltp_install->archive.string()}, {"build_log", ltp_install->log.string()},
                   {"runtests", tests.ltp_runtests}};
  else if (!tests.ltp_runtests.empty())
    meta["ltp"] = {{"install", parameter(o, "LTP").empty() ? nlohmann::json() : nlohmann::json(parameter(o, "LTP"))},
                   {"runtests", tests.ltp_runtests}};
  std::filesystem::path metadata_path = out_dir / "metadata.json";
  kc::write_json_atomic(metadata_path, meta);  // early, so a killed run still leaves it

  // Every boot starts from the rootfs as prepared: the guest writes to an
  // ext4 image, so a copy of the pristine one is put back before each rerun.
  std::filesystem::path pristine_rootfs;
  if (o.repeat > 1 && rootfs.format == "ext4") {
    pristine_rootfs = work / "rootfs.pristine.ext4";
    std::filesystem::copy_file(rootfs.path, pristine_rootfs, std::filesystem::copy_options::overwrite_existing);
  }
  kc::console::info("booting: {}", kc::quote_command(plan.argv));
  const auto t_boot = Clock::now();
  std::vector<BootOutcome> outcomes;
  std::vector<nlohmann::json> run_results;
  std::vector<int> run_codes;
  std::vector<std::string> console_logs;
  suites::SuiteResults suite_results;  // the last boot's, for the summary table
  for (int run = 1; run <= o.repeat; ++run) {
    if (run > 1) {
      if (kc::signals::received()) break;
      kc::console::info("run {} of {}", run, o.repeat);
      if (!pristine_rootfs.empty())
        std::filesystem::copy_file(pristine_rootfs, rootfs.path, std::filesystem::copy_options::overwrite_existing);
      if (runtime) runtime->start(spec);
      plan.console_log = out_dir / fmt::format("console.{}.log", run);
    }
    // The test suites' parsers read the same console pass as the crash detector.
    suites::SuiteCollector collector(tests);
    plan.on_line = [&](size_t line_no, std::string_view line) { collector.on_line(line_no, line); };
    plan.on_test_start = [&](const std::string& name, size_t line_no, double seconds) {
      collector.on_test_start(name, line_no, seconds);
    };
    plan.on_test_end = [&](const std::string& name, int exit_code, size_t line_no, double seconds) {
      collector.on_test_end(name, exit_code, line_no, seconds);
    };
    BootOutcome outcome = run_boot(plan);
    if (runtime) runtime->stop();  // removes the container and whatever still runs in it
    suite_results = suites::SuiteResults{};
    collector.finish(run_end_for(outcome), suite_results);
    suite_results.apply_skip_list(skips);
    nlohmann::json results = shape_results(outcome);
    merge_suites(results, suite_results.to_json());
    int run_code = exit_code_for(outcome, results);
    if (suite_results.any_failed() && run_code == 0) run_code = 1;
    for (const auto& c : outcome.crashes)
      kc::console::error("{}{} (console lines {}-{})", o.repeat > 1 ? fmt::format("run {}: ", run) : "", c.title,
                         c.first_line, c.last_line);
    run_results.push_back(std::move(results));
    run_codes.push_back(run_code);
    console_logs.push_back(plan.console_log.string());
    outcomes.push_back(std::move(outcome));
    if (outcomes.back().end_reason == EndReason::Interrupted) break;
  }
  // What the end of the run says: the first boot that did not end well, or the last.
  const BootOutcome& outcome = [&]() -> const BootOutcome& {
    for (size_t i = 0; i < outcomes.size(); ++i)
      if (run_codes[i] != 0) return outcomes[i];
    return outcomes.back();
  }();
  durations["boot"] = outcomes.front().boot_seconds >= 0 ? nlohmann::json(outcomes.front().boot_seconds)
                                                         : nlohmann::json();
  durations["run"] = since(t_boot);

  // Results.
  nlohmann::json results = merge_repeated_results(run_results);
  int code = merge_exit_codes(run_codes);
  std::filesystem::path results_path = out_dir / "results.json";
  kc::write_json_atomic(results_path, results);
  if (!o.junit.empty()) kc::junit::write(o.junit, kc::junit::suites_from_results(results));
  const std::filesystem::path first_console_log = out_dir / "console.log";
  copy_if_asked(first_console_log, o.log_file);  // before the KCIDB report, which points at it
  bool outputs_failed = false;  // a KCIDB submission or a hook: the verdict stands, the delivery failed
  if (!o.kcidb.empty()) {
    KcidbRun k;
    k.origin = o.kcidb_origin;
    k.build_id = build ? build->kcidb_build_id : "";
    k.kernel_sha256 = kernel.sha256;
    k.kernel_name = kernel.path.filename().string();
    k.kernel_url = kernel_location.starts_with("http") ? kernel_location : kc::kcidb::file_url(kernel.path);
    k.arch = profile.arch;
    k.device = profile.name;
    k.qemu_version = version;
    k.qemu_command = kc::quote_command(plan.argv);
    k.start = run_started;
    k.log_url = !o.kcidb_url_base.empty()
                    ? (o.kcidb_url_base.ends_with("/") ? o.kcidb_url_base : o.kcidb_url_base + "/") + "console.log"
                : !o.log_file.empty() ? kc::kcidb::file_url(o.log_file)
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
  if (outcome.end_reason == EndReason::QemuFailed && !outcome.qemu_stderr.empty())
    kc::console::error("qemu said: {}", outcome.qemu_stderr);

  // The bisect verdict, decided before the hooks run so metadata.json has it.
  std::optional<compare::BisectVerdict> verdict;
  if (o.bisect) {
    compare::BisectInput bi;
    bi.run = compare::read_run(results);
    bi.run_complete = std::all_of(outcomes.begin(), outcomes.end(), [](const BootOutcome& b) {
      return b.end_reason == EndReason::Done || b.end_reason == EndReason::Reboot ||
             b.end_reason == EndReason::Halt || b.end_reason == EndReason::PowerDown;
    });
    bi.baseline = baseline ? &*baseline : nullptr;
    bi.flaky_is_bad = o.bisect_flaky_is_bad;
    verdict = bisect_targets.empty() ? compare::decide_plain_bisect(code, bi)
                                     : compare::decide_bisect(bisect_targets, bi);
    const char* word = verdict->exit_code == 0 ? "good" : verdict->exit_code == 1 ? "bad" : "cannot test";
    std::string others = !bisect_targets.empty() && code != 0 && verdict->exit_code != 1
                             ? "; the run's other failures do not decide"
                             : "";
    // Cannot-test is a W: line: it is what a user of -q most needs to see.
    if (verdict->exit_code == 125) kc::console::warn("bisect: {} ({}){}", word, verdict->reason, others);
    else kc::console::info("bisect: {} ({}){}", word, verdict->reason, others);
  }

  durations["total"] = since(t_start);
  meta["durations"] = durations;
  meta["end_reason"] = to_string(outcome.end_reason);
  meta["end_detail"] = outcome.end_detail;
  meta["qemu"]["exit_code"] = outcome.qemu_exit_code;
  meta["qemu"]["signal"] = outcome.qemu_signal;
  meta["qemu"]["stderr"] = outcome.qemu_stderr;
  meta["console_lines"] = outcome.console_lines;
  if (outcome.console_log_capped) meta["console_log_capped_at"] = kc::caps::kConsoleLog.bytes();
  meta["exit_code"] = code;
  if (o.repeat > 1) {
    nlohmann::json reasons = nlohmann::json::array();
    for (const auto& b : outcomes) reasons.push_back(to_string(b.end_reason));
    meta["repeat"] = {{"asked", o.repeat}, {"runs", outcomes.size()}, {"console_logs", console_logs},
                      {"end_reasons", reasons}, {"exit_codes", run_codes}};
  }
  if (verdict)
    meta["bisect"] = {{"on", o.bisect_on}, {"exit_code", verdict->exit_code}, {"reason", verdict->reason},
                      {"flaky", o.bisect_flaky_is_bad ? "bad" : "skip"}};
  kc::write_json_atomic(metadata_path, meta);

  copy_if_asked(results_path, o.results);
  copy_if_asked(metadata_path, o.metadata);

  HookContext hook{out_dir, results_path, metadata_path, first_console_log, profile.name, profile.arch,
                   to_string(outcome.end_reason), code};
  if (!run_results_hooks(o.results_hooks, hook)) {
    outputs_failed = true;
    if (code == 0) code = 2;
  }
  if (keep_outputs) kc::console::info("outputs saved in {}", out_dir.string());
  if (!verdict) return code;
  // A failed hook or KCIDB submission after a good run: cannot test, as before.
  return outputs_failed && verdict->exit_code == 0 ? 125 : verdict->exit_code;
}

}  // namespace krun
