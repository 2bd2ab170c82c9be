#include "krun/cli/ltp_command.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "common/data_dir.h"
#include "krun/cli/key_values.h"
#include "krun/cli/subcommand_parse.h"
#include "common/errors.h"
#include "common/signals.h"
#include "krun/device/device_profile.h"
#include "krun/ltp/ltp_build.h"
#include "krun/suites/test_catalogue.h"

namespace krun::ltp {

int ltp_main(const std::vector<std::string>& args) {
  CLI::App app{"krun ltp: build LTP for a guest and cache it", "krun ltp"};
  app.require_subcommand(1);
  std::string device, arch, cache_dir;
  std::vector<std::string> tests, parameters;
  int jobs = 0;
  CLI::App* build = app.add_subcommand("build", "build the LTP install for --tests (or take it from the cache); "
                                                "prints the install archive's path");
  build->add_option("--device", device, "device profile whose userland LTP is built for (see krun --list-devices)");
  build->add_option("--arch", arch, "or the Debian architecture (amd64, arm64, armhf, ...; aliases as krun's rootfs)");
  build->add_option("--tests", tests, "LTP tests, e.g. ltp-smoke,ltp-syscalls (repeatable, comma lists)")->required();
  build->add_option("--parameters", parameters, "LTP_SOURCE=PATH|URL: another LTP source (tarball or tree)");
  build->add_option("--cache-dir", cache_dir, "krun's cache folder (default ~/.cache/krun)");
  build->add_option("-j,--jobs", jobs, "parallel compile jobs (default: the machine's cores)");
  if (auto done = parse_subcommand(app, args, nullptr)) return *done;
  if (device.empty() == arch.empty()) throw kc::usage_error("krun ltp build: give --device or --arch (one of them)");
  kc::signals::install();

  suites::PlanRequest plan_req;
  plan_req.tests = tests;
  for (const std::string& kv : parameters) {
    auto [key, value] = split_key_value("--parameters", kv);
    if (key != "LTP_SOURCE") throw kc::usage_error("--parameters " + kv + ": `krun ltp build` takes only LTP_SOURCE=");
    plan_req.parameters[key] = value;
  }
  suites::add_guest_inputs(plan_req);
  suites::TestPlan plan = suites::plan_tests(plan_req);
  if (plan.ltp_runtests.empty() || plan.steps.size() != plan.ltp_runtests.size())
    throw kc::usage_error("krun ltp build: --tests takes LTP tests only (ltp-<name>, e.g. ltp-smoke)");

  LtpBuildRequest req;
  req.source = plan_req.parameters["LTP_SOURCE"];
  req.runtests = plan.ltp_runtests;
  req.debian_arch = device.empty() ? arch : find_device(load_all_device_profiles(devices_dir()), device).debian_arch;
  req.cache_dir = cache_dir.empty() ? kc::user_cache_dir("krun") : std::filesystem::absolute(cache_dir);
  req.jobs = jobs;
  LtpInstall install = ensure_ltp_install(req);
  std::cout << install.archive.string() << "\n";
  return 0;
}

}  // namespace krun::ltp
