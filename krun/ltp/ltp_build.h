#pragma once
// LTP built by krun for a guest architecture, cached: one install per (LTP
// source, Debian architecture, build image, runtest files). The build runs
// in the LTP build image (containers/ltp.yaml) with the source at a fixed
// path, behind a compiler cache kept outside the cache entry; it happens in
// a private scratch folder and only a complete install is renamed into the
// cache, so an interrupted or failed build leaves nothing half-written. Its
// log stays beside the entry (<cache>/ltp/<entry>.log) either way.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/process.h"
#include "krun/ltp/build_steps.h"
#include "krun/ltp/ltp_image.h"

namespace krun::ltp {

struct LtpBuildRequest {
  std::string source;                 // LTP_SOURCE: tarball path/URL or tree; "" = the pinned release
  std::vector<std::string> runtests;  // runtest file names ("smoketest", "syscalls")
  std::string debian_arch;            // the guest userland ("arm64", "armhf", ...)
  std::filesystem::path cache_dir;    // krun's cache folder (--cache-dir)
  // Compiler cache: empty → $KRUN_LTP_CCACHE_DIR, else <cache_dir>/ltp/ccache.
  std::filesystem::path ccache_dir;
  int jobs = 0;  // 0: the machine's cores
};

struct LtpInstall {
  std::filesystem::path archive;  // install.tar: the content of /opt/ltp
  std::filesystem::path entry;    // its cache folder (build.json beside the archive)
  std::filesystem::path log;      // the build log beside it
  std::string version;            // LTP's VERSION
  bool built = false;             // false: taken from the cache, no build ran
};

// Where build steps run: the LTP build container (podman), or a fake in
// unit tests.
class StepRunner {
 public:
  virtual ~StepRunner() = default;
  // The host folders seen as kGuestSource, kGuestInstall and kGuestCcache.
  virtual void start(const std::filesystem::path& source, const std::filesystem::path& install,
                     const std::filesystem::path& ccache) = 0;
  virtual kc::ProcessResult run(const BuildStep& step, const kc::OutputCallback& output) = 0;
  virtual void stop() = 0;
};
using StepRunnerFactory = std::function<std::unique_ptr<StepRunner>(const LtpToolchain&)>;

// One podman container of the toolchain's image (made current first) for
// all the steps, offline, removed by stop() or the destructor.
std::unique_ptr<StepRunner> podman_step_runner(const LtpToolchain& toolchain);

// The cached install, or a new build. Throws kc::Error: Usage for a runtest
// file the source lacks (listing those it has) or a source that is not LTP;
// Infrastructure for a failed download, a SHA-256 mismatch or a failed build
// step (naming the step and the log); Incomplete when interrupted.
LtpInstall ensure_ltp_install(const LtpBuildRequest& request,
                              const StepRunnerFactory& runners = podman_step_runner);

}  // namespace krun::ltp
