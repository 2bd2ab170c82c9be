#pragma once
// What a run boots and runs, gathered from its command line before
// anything is built or booted, so every input error is said first: the
// build folder (--kbuild/--tuxmake DIR, --tuxbuild URL), the device, the
// artifacts (downloaded within the deploy timeout and hashed), the skip
// list, the test plan and its LTP install, the overlays, and the kernel's
// config checked against what the device, the tests and --shared need.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "krun/cli/run_options.h"
#include "krun/device/device_profile.h"
#include "krun/inputs/artifact.h"
#include "krun/inputs/build_folder.h"
#include "krun/ltp/ltp_build.h"
#include "krun/suites/skip_list.h"
#include "krun/suites/test_catalogue.h"

namespace krun {

struct RunInputs {
  const DeviceProfile* profile = nullptr;
  std::optional<BuildFolder> build;
  std::string kernel_location;         // as given (a path or URL), for reports
  Artifact kernel;
  std::optional<Artifact> modules, dtb, bios, given_rootfs;
  std::vector<Artifact> artifacts;     // every input, for metadata.json
  suites::SkipList skips;
  suites::TestPlan tests;
  std::optional<ltp::LtpInstall> ltp_install;
  std::vector<std::string> overlays;   // local archive paths, "path[:/guest/dir]"
  std::optional<std::filesystem::path> config;  // the kernel's .config, when known
  std::filesystem::path vmlinux;                 // for symbolizing crash frames, may be empty
  std::vector<KconfigMismatch> kconfig_missing, ltp_kconfig_missing, shared_kconfig_missing;
  std::map<std::string, std::vector<KconfigMismatch>> suite_kconfig_missing;  // perf, rcutorture, ...
  double ltp_seconds = -1;             // time spent getting LTP; -1 when none was needed
};

struct RunPaths {
  std::filesystem::path cache;         // --cache-dir (absolute)
  std::filesystem::path work;          // the run's scratch folder
};

// Throws kc::Error(Usage) for an input that is wrong, Error(Infrastructure)
// for one that could not be fetched.
RunInputs gather_run_inputs(const RunOptions& o, const std::vector<DeviceProfile>& devices, const RunPaths& paths);

// --parameters K (empty when not given).
std::string parameter(const RunOptions& o, const std::string& key);

}  // namespace krun
