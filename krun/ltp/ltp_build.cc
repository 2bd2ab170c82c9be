#include "krun/ltp/ltp_build.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/console.h"
#include "common/container_images.h"
#include "common/container_runtime.h"
#include "common/errors.h"
#include "common/file_lock.h"
#include "common/host_machine.h"
#include "common/image_builder.h"
#include "common/json_file.h"
#include "common/scratch_folder.h"
#include "common/sha256.h"
#include "common/text_lines.h"
#include "krun/ltp/ltp_release.h"
#include "krun/ltp/ltp_source.h"
#include "krun/ltp/runtest_index.h"
#include "krun/rootfs/recipe.h"

namespace krun::ltp {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// Bumped when the steps change what an install holds: old entries are then
// not reused.
constexpr const char* kBuildFormat = "krun-ltp-build 1";

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

class PodmanStepRunner : public StepRunner {
 public:
  explicit PodmanStepRunner(LtpToolchain toolchain) : toolchain_(std::move(toolchain)) {}

  void start(const fs::path& source, const fs::path& install, const fs::path& ccache) override {
    kc::ContainerSpec spec;
    spec.image = ensure_package_image(toolchain_.image);
    spec.mounts = {{source, kGuestSource, false}, {install, kGuestInstall, false}, {ccache, kGuestCcache, false}};
    spec.env = {{"CCACHE_DIR", kGuestCcache}, {"LANG", "C"}, {"LC_ALL", "C"}};
    spec.workdir = kGuestSource;
    spec.network = false;  // everything the build needs is in the image and the source
    spec.name_prefix = "krun-ltp";
    runtime_ = kc::make_container_runtime(kc::container_engine());
    runtime_->start(spec);
  }

  kc::ProcessResult run(const BuildStep& step, const kc::OutputCallback& output) override {
    kc::ProcessOptions o;
    o.argv = step.argv;
    o.env = step.env;
    o.cwd = kGuestSource;
    o.on_stdout = output;
    o.merge_stderr = true;
    o.timeout = step.timeout;
    return runtime_->exec(o);
  }

  void stop() override {
    if (runtime_) runtime_->stop();
  }

 private:
  LtpToolchain toolchain_;
  std::unique_ptr<kc::ContainerRuntime> runtime_;
};

fs::path ccache_dir_for(const LtpBuildRequest& req) {
  if (!req.ccache_dir.empty()) return req.ccache_dir;
  if (const char* env = std::getenv("KRUN_LTP_CCACHE_DIR"); env && *env) return env;
  return req.cache_dir / "ltp" / "ccache";
}

bool is_elf(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
}

// The last line of a failed step's output that says why ("error: ...").
std::string last_error_line(const std::string& tail) {
  std::string best;
  kc::for_each_line(tail, [&](std::string_view line) {
    if (line.find("error") != std::string::npos || line.find("Error") != std::string::npos) best = line;
  });
  if (best.size() > 300) best = best.substr(0, 300) + "...";
  return best;
}

std::vector<std::string> sorted_runtests(std::vector<std::string> names) { return kc::sorted_unique(std::move(names)); }

LtpInstall cached_install(const fs::path& entry, const fs::path& log) {
  LtpInstall in;
  in.entry = entry;
  in.archive = entry / "install.tar";
  in.log = log;
  try {
    in.version = nlohmann::json::parse(kc::read_file(entry / "build.json")).value("version", "unknown");
  } catch (const std::exception&) {
    in.version = "unknown";
  }
  return in;
}

// Runs the steps, one progress line per phase; throws naming the step and the log.
void run_steps(StepRunner& runner, const std::vector<BuildStep>& steps, std::ofstream& log,
               const fs::path& log_path, const std::string& what, nlohmann::json& phases) {
  std::string phase;
  Clock::time_point phase_start = Clock::now();
  auto end_phase = [&] {
    if (phase.empty()) return;
    double s = since(phase_start);
    phases[phase] = s;
    kc::console::info("{}: {} done in {:.1f} s", what, phase, s);
  };
  for (const BuildStep& step : steps) {
    if (step.phase != phase) {
      end_phase();
      phase = step.phase;
      phase_start = Clock::now();
    }
    log << "\n# " << step.phase << ": " << kc::quote_command(step.argv) << "\n" << std::flush;
    std::string tail;
    kc::ProcessResult r = runner.run(step, [&](std::string_view chunk) {
      log << chunk;
      tail += chunk;
      if (tail.size() > 16384) tail.erase(0, tail.size() - 8192);
      return true;
    });
    log << std::flush;
    if (r.interrupted) throw kc::Error(kc::ErrorKind::Incomplete, fmt::format("{}: interrupted at {}", what, phase));
    if (!r.ok()) {
      std::string why = last_error_line(tail.empty() ? r.err : tail);
      throw kc::infra_error(fmt::format("{} failed at {} (`{}` {}){}; the log is {}", what, phase,
                                        kc::quote_command(step.argv), r.describe(), why.empty() ? "" : ": " + why,
                                        log_path.string()));
    }
  }
  end_phase();
}

// Strips the installed programs (LTP links each test statically against its
// library): the install is a fraction of the size, and it is unpacked into
// the guest's RAM. A failure only costs space, so it is a warning.
void strip_programs(StepRunner& runner, const LtpToolchain& tc, const fs::path& install, std::ofstream& log) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(install))
    if (e.is_regular_file() && !e.is_symlink() && is_elf(e.path()))
      files.push_back(std::string(kGuestInstall) + "/" + e.path().lexically_relative(install).generic_string());
  for (size_t i = 0; i < files.size(); i += 200) {
    BuildStep step{"strip", {tc.strip, "--strip-unneeded"}, {}, std::chrono::minutes(20)};
    step.argv.insert(step.argv.end(), files.begin() + i, files.begin() + std::min(files.size(), i + 200));
    log << "\n# strip: " << tc.strip << " --strip-unneeded (" << step.argv.size() - 2 << " programs)\n";
    kc::ProcessResult r = runner.run(step, [&](std::string_view chunk) {
      log << chunk;
      return true;
    });
    if (r.interrupted) throw kc::Error(kc::ErrorKind::Incomplete, "interrupted while stripping LTP");
    if (!r.ok()) {
      kc::console::warn("LTP: {} failed ({}); the install keeps its symbols", tc.strip, r.describe());
      return;
    }
  }
}

}  // namespace

std::unique_ptr<StepRunner> podman_step_runner(const LtpToolchain& toolchain) {
  return std::make_unique<PodmanStepRunner>(toolchain);
}

LtpInstall ensure_ltp_install(const LtpBuildRequest& req, const StepRunnerFactory& runners) {
  if (req.runtests.empty()) throw kc::usage_error("no LTP runtest file to build for");
  const auto t_start = Clock::now();
  const LtpRelease release = load_ltp_release();
  const rootfs::ArchRecipe arch = rootfs::load_arch(rootfs::rootfs_data_dir(), req.debian_arch);
  const LtpToolchain tc = ltp_toolchain(ltp_image_recipe_path(), arch, kc::host_machine());
  const fs::path root = req.cache_dir / "ltp";
  fs::create_directories(root);
  const LtpSource source = resolve_ltp_source(req.source, release, root / "downloads");
  const std::vector<std::string> runtests = sorted_runtests(req.runtests);

  const std::string key = kc::sha256_hex(fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n{}\n", kBuildFormat, source.identity,
                                                     arch.debian_arch, arch.triplet, tc.compiler,
                                                     package_image_hash(tc.image), fmt::join(runtests, " ")));
  const std::string entry_name = arch.debian_arch + "-" + key.substr(0, 16);
  const fs::path entry = root / entry_name;
  const fs::path log_path = root / (entry_name + ".log");
  auto cached = [&] { return fs::exists(entry / "install.tar") && fs::exists(entry / "build.json"); };
  auto reuse = [&] {
    LtpInstall in = cached_install(entry, log_path);
    kc::console::info("LTP {} for {} ({}): cached build {}", in.version, arch.debian_arch, fmt::join(runtests, ","),
                      entry.string());
    return in;
  };
  if (cached()) return reuse();
  kc::FileLock lock(root / (entry_name + ".lock"), "the LTP build " + entry_name);
  if (cached()) return reuse();  // another run built it while this one waited

  kc::ScratchFolder scratch(root / "tmp", entry_name);
  const fs::path src = unpack_ltp_source(source, scratch.path() / "source");
  const std::string version = source_version(src);
  const std::vector<std::string> available = runtest_names(src);
  std::vector<RuntestEntry> entries;
  for (const std::string& rt : runtests) {
    if (std::find(available.begin(), available.end(), rt) == available.end())
      throw kc::usage_error(fmt::format("LTP {} has no runtest file '{}' ({}); its runtest files are: {}", version, rt,
                                        source.description, fmt::join(available, ", ")));
    auto more = parse_runtest(kc::read_file(src / "runtest" / rt));
    entries.insert(entries.end(), more.begin(), more.end());
  }
  NeededFolders needed = TestcaseIndex::scan(src).folders_for(entries);
  if (!needed.unresolved.empty()) {
    std::vector<std::string> shown(needed.unresolved.begin(),
                                   needed.unresolved.begin() + std::min<size_t>(needed.unresolved.size(), 8));
    kc::console::warn("LTP {}: no program in the source for {} test(s) of {} ({}{}); they will fail as not found",
                      version, needed.unresolved.size(), fmt::join(runtests, ","), fmt::join(shown, ", "),
                      needed.unresolved.size() > shown.size() ? ", ..." : "");
  }

  const std::string what = fmt::format("LTP {} for {}", version, arch.debian_arch);
  kc::console::info("{}: building {} test folder(s) for {} from {} (log: {})", what, needed.folders.size(),
                    fmt::join(runtests, ","), source.description, log_path.string());
  BuildStepsInput si;
  si.has_configure = fs::exists(src / "configure");
  si.cross = tc.cross;
  si.triplet = tc.triplet;
  si.compiler = tc.compiler;
  si.jobs = req.jobs > 0 ? req.jobs : std::max(1u, std::thread::hardware_concurrency());
  si.folders = needed.folders;
  const std::vector<BuildStep> steps = ltp_build_steps(si);

  const fs::path install = scratch.path() / "install";
  const fs::path ccache = ccache_dir_for(req);
  fs::create_directories(install);
  fs::create_directories(ccache);
  std::ofstream log(log_path, std::ios::trunc);
  log << "# " << what << " from " << source.description << " (identity " << source.identity << ")\n"
      << "# image " << tc.image.name << ", compiler " << tc.compiler << (tc.cross ? ", cross --host=" + tc.triplet : "")
      << "\n# runtest files: " << fmt::format("{}", fmt::join(runtests, " "))
      << "\n# folders: " << fmt::format("{}", fmt::join(needed.folders, " ")) << "\n";

  nlohmann::json phases = nlohmann::json::object();
  std::unique_ptr<StepRunner> runner = runners(tc);
  runner->start(src, install, ccache);
  run_steps(*runner, steps, log, log_path, what, phases);
  const fs::path prefix = install / std::string(kPrefix).substr(1);
  if (!fs::is_directory(prefix / "runtest"))
    throw kc::infra_error(fmt::format("{}: the install has no {}/runtest; the log is {}", what, kPrefix, log_path.string()));
  strip_programs(*runner, tc, install, log);
  runner->stop();
  kc::write_file_atomic(prefix / "Version", version + "\n");

  // Complete: packed into a staging folder, renamed into the cache at once.
  const fs::path staging = scratch.path() / entry_name;
  fs::create_directories(staging);
  kc::TarOptions to;
  to.compression = kc::Compression::None;  // local, unpacked again into every run's rootfs
  kc::create_tar_from_dir(prefix, staging / "install.tar", to);
  nlohmann::json info = {
      {"version", version},          {"source", source.description}, {"source_identity", source.identity},
      {"debian_arch", arch.debian_arch}, {"triplet", arch.triplet},  {"compiler", tc.compiler},
      {"image", tc.image.name},      {"image_hash", package_image_hash(tc.image)},
      {"runtests", runtests},        {"folders", needed.folders},   {"unresolved", needed.unresolved},
      {"phases", phases},            {"seconds", since(t_start)},
  };
  kc::write_json_atomic(staging / "build.json", info);
  fs::remove_all(entry);
  fs::rename(staging, entry);
  kc::console::info("{}: built in {:.1f} s, cached in {}", what, since(t_start), entry.string());
  LtpInstall out = cached_install(entry, log_path);
  out.built = true;
  return out;
}

}  // namespace krun::ltp
