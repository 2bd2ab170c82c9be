#include "krun/cli/run_inputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "common/archive.h"
#include "common/console.h"
#include "common/errors.h"
#include "common/process.h"
#include "common/signals.h"
#include "krun/inputs/kernel_config.h"
#include "krun/ltp/ltp_release.h"
#include "krun/rootfs/injection.h"

namespace krun {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The dtb the device needs, from --dtb, or from the build folder's dtbs
// (folder or tarball, extracted into the work dir).
std::optional<Artifact> pick_dtb(const RunOptions& o, const DeviceProfile& profile,
                                 const std::optional<BuildFolder>& build, const RunPaths& paths,
                                 std::chrono::seconds deploy) {
  if (!o.dtb.empty()) return resolve_artifact("dtb", o.dtb, paths.cache, deploy);
  if (profile.dtb.empty() || !build || build->dtbs.empty()) return std::nullopt;
  fs::path dtbs = build->dtbs;
  if (!fs::is_directory(dtbs)) {
    fs::path unpacked = paths.work / "dtbs";
    kc::extract_archive(dtbs, unpacked);
    dtbs = unpacked;
  }
  for (const auto& candidate : {dtbs / profile.dtb, dtbs / "dtbs" / profile.dtb, dtbs / fs::path(profile.dtb).filename()})
    if (fs::exists(candidate)) return resolve_artifact("dtb", candidate.string(), paths.cache, deploy);
  throw kc::usage_error(fmt::format("{} needs {} but {} does not have it; pass --dtb", profile.name, profile.dtb,
                                    build->dtbs.string()));
}

bool valid_env_name(const std::string& k) {
  if (k.empty() || std::isdigit(static_cast<unsigned char>(k[0]))) return false;
  return std::all_of(k.begin(), k.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// --parameters are exported to every guest test script (after its #! line);
// values are data, never code.
void export_parameters(const std::map<std::string, std::string>& parameters,
                       std::map<std::string, std::string>& files) {
  std::string exports;
  for (const auto& [k, v] : parameters) {
    if (!valid_env_name(k))
      throw kc::usage_error(fmt::format("--parameters: '{}' is not a valid variable name", k));
    exports += fmt::format("export {}={}\n", k, kc::shell_quote(v));
  }
  if (exports.empty()) return;
  for (auto& [path, content] : files) {
    if (!path.starts_with("/krun/tests/") || !path.ends_with(".sh")) continue;
    size_t body = content.starts_with("#!") ? content.find('\n') + 1 : 0;
    content.insert(body, exports);
  }
}

// The test plan's request: --tests, the guest commands, --parameters,
// --timeouts, the modules archive's files (kunit test modules) and a
// kselftest install in a local build folder.
suites::PlanRequest plan_request(const RunOptions& o, const std::optional<Artifact>& modules,
                                 const std::optional<BuildFolder>& build, const suites::SkipList& skips) {
  suites::PlanRequest req;
  req.tests = o.tests;
  req.commands = o.commands;
  req.parameters = o.parameters;
  req.timeouts = o.timeouts;
  if (modules) req.module_files = kc::list_archive(modules->path);
  if (build && !build->dir.empty() && fs::exists(build->dir / "kselftest.tar.xz"))
    req.found_kselftest = (build->dir / "kselftest.tar.xz").string();
  if (build) {
    req.found_perf = build->perf.string();
    req.found_cpupower = build->cpupower.string();
  }
  req.skip_entries = skips.entries();
  suites::add_guest_inputs(req);
  return req;
}

// An LTP install given with LTP= must have the runtest files the run asks
// for: said before the boot, not as a failing case after it.
void check_ltp_install_archive(const fs::path& archive, const std::vector<std::string>& runtests) {
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
                                           const DeviceProfile& profile, const fs::path& cache) {
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

// The kernel's config against the device's needs, the LTP tests' and
// --shared's: W: lines before the boot, not a silent console after it.
void check_kernel_config(const RunOptions& o, RunInputs& in) {
  if (in.build && !in.build->config.empty()) in.config = in.build->config;
  else if (!in.kernel_location.starts_with("http")) in.config = find_build_config(in.kernel.path);
  if (!in.config) {
    kc::console::info("kernel config unknown; cannot check {}'s kconfig needs", in.profile->name);
    return;
  }
  in.kconfig_missing = warn_missing_kconfig(*in.profile, *in.config);
  if (!in.tests.ltp_runtests.empty())
    in.ltp_kconfig_missing = warn_missing_suite_kconfig("LTP", ltp::ltp_data_dir() / "kernel.config", *in.config);
  for (const auto& [suite, fragment] : in.tests.kconfig_fragments)
    in.suite_kconfig_missing[suite] = warn_missing_feature_kconfig(
        suite, {devices_dir() / "fragments" / (fragment + ".config")}, *in.config,
        "the suite cannot test what they provide");
  if (o.shared)
    in.shared_kconfig_missing = warn_missing_feature_kconfig(
        "--shared", in.profile->shared.fragments, *in.config, "the shared folder cannot be mounted in the guest");
}

// The device a build folder's kernel boots on: its arch's default, or the
// profile its .config was made for (a big-endian arm64 build boots on
// qemu-arm64be), said in an I: line when that is not the default.
const DeviceProfile& device_for_folder(const std::vector<DeviceProfile>& devices, const BuildFolder& build) {
  const DeviceProfile& by_arch = device_for_arch(devices, build.target_arch);
  if (build.config.empty() || !fs::is_regular_file(build.config)) return by_arch;
  const DeviceProfile& by_config = device_for_build(devices, build.target_arch, read_kconfig_file(build.config));
  if (&by_config != &by_arch)
    kc::console::info("device {}: the kernel's config is for it, not for {} ({}'s default); --device picks another",
                      by_config.name, by_arch.name, build.target_arch);
  return by_config;
}

}  // namespace

std::string parameter(const RunOptions& o, const std::string& key) {
  auto it = o.parameters.find(key);
  return it == o.parameters.end() ? "" : it->second;
}

RunInputs gather_run_inputs(const RunOptions& o, const std::vector<DeviceProfile>& devices, const RunPaths& paths) {
  RunInputs in;
  const std::chrono::seconds deploy = o.timeouts.deploy();
  if (!o.kbuild_dir.empty()) in.build = read_build_folder(o.kbuild_dir);
  else if (!o.tuxbuild.empty()) in.build = fetch_build_folder(o.tuxbuild, paths.cache, deploy);
  in.kernel_location = !o.kernel.empty() ? o.kernel : in.build ? in.build->kernel.string() : "";
  if (in.kernel_location.empty()) throw kc::usage_error("no kernel: pass --kernel FILE|URL, --kbuild DIR or --tuxbuild URL");
  in.profile = !o.device.empty() ? &find_device(devices, o.device)
               : in.build        ? &device_for_folder(devices, *in.build)
                                 : throw kc::usage_error("no device: pass --device (see --list-devices) or --kbuild DIR");
  const DeviceProfile& profile = *in.profile;
  kc::signals::stop_if_received("getting the inputs");

  in.kernel = resolve_artifact("kernel", in.kernel_location, paths.cache, deploy);
  if (!o.vmlinux.empty()) {
    if (!std::filesystem::is_regular_file(o.vmlinux))
      throw kc::usage_error("--vmlinux " + o.vmlinux + " is not a file; give the unstripped vmlinux of this kernel");
    in.vmlinux = o.vmlinux;
  } else if (in.build && o.kernel.empty()) {
    in.vmlinux = in.build->vmlinux;  // the same build's, not another kernel's
  }
  if (in.build && !in.build->url.empty() && o.kernel.empty()) in.kernel.location = in.build->url + " (kernel)";
  in.artifacts.push_back(in.kernel);
  std::string modules_location = !o.modules.empty() ? o.modules
                                 : in.build && !in.build->modules.empty() ? in.build->modules.string()
                                                                            : "";
  if (!modules_location.empty())
    in.artifacts.push_back(*(in.modules = resolve_artifact("modules", modules_location, paths.cache, deploy)));
  if ((in.dtb = pick_dtb(o, profile, in.build, paths, deploy))) in.artifacts.push_back(*in.dtb);
  if (!o.bios.empty()) in.artifacts.push_back(*(in.bios = resolve_artifact("bios", o.bios, paths.cache, deploy)));
  if (!o.rootfs.empty())
    in.artifacts.push_back(*(in.given_rootfs = resolve_artifact("rootfs", o.rootfs, paths.cache, deploy)));

  // The tests to run, checked before the rootfs is built.
  if (auto skipfile = parameter(o, "SKIPFILE"); !skipfile.empty())
    in.skips = suites::SkipList::load(skipfile, paths.cache);
  in.tests = suites::plan_tests(plan_request(o, in.modules, in.build, in.skips));
  export_parameters(o.parameters, in.tests.extra_files);
  const auto t_ltp = Clock::now();
  in.ltp_install = prepare_ltp(o, in.tests, profile, paths.cache);
  if (in.ltp_install) {
    in.tests.overlays.push_back(in.ltp_install->archive.string() + ":" + in.tests.ltp_dir);
    in.ltp_seconds = std::chrono::duration<double>(Clock::now() - t_ltp).count();
  }

  std::vector<std::string> specs = o.overlays;
  specs.insert(specs.end(), in.tests.overlays.begin(), in.tests.overlays.end());
  for (const auto& spec : specs) {
    kc::signals::stop_if_received("getting the overlays");
    rootfs::OverlaySpec parsed = rootfs::parse_overlay(spec);
    Artifact a = resolve_artifact("overlay", parsed.location, paths.cache, deploy);
    if (!in.tests.ltp_runtests.empty() && parsed.location == parameter(o, "LTP"))
      check_ltp_install_archive(a.path, in.tests.ltp_runtests);
    in.artifacts.push_back(a);
    in.overlays.push_back(a.path.string() + (parsed.guest_dir.empty() ? "" : ":/" + parsed.guest_dir));
  }
  check_kernel_config(o, in);
  return in;
}

}  // namespace krun
