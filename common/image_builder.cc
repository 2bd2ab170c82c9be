#include "common/image_builder.h"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <regex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/atomic_file.h"
#include "common/console.h"
#include "common/container_runtime.h"
#include "common/data_dir.h"
#include "common/file_lock.h"
#include "common/image_build_log.h"
#include "common/container_images.h"
#include "common/scratch_folder.h"

namespace kc {

bool is_debian_package_name(const std::string& name, bool arch_qualifier) {
  static const std::regex plain("[a-z0-9][a-z0-9+.-]+");
  static const std::regex qualified("[a-z0-9][a-z0-9+.-]+(:[a-z0-9]+)?");
  return std::regex_match(name, arch_qualifier ? qualified : plain);
}

void require_debian_package_names(const std::vector<std::string>& names, bool arch_qualifier) {
  for (const auto& name : names)
    if (!is_debian_package_name(name, arch_qualifier))
      throw infra_error(fmt::format("recipe package name '{}' is not a valid Debian package name", name));
}

std::vector<std::string> sorted_unique(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

namespace fs = std::filesystem;
namespace {

std::string timestamp() {
  std::time_t now = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", std::localtime(&now));
  return buf;
}

std::string file_name_of(std::string name) {
  for (char& c : name)
    if (c == '/') c = '_';
  return name;
}

}  // namespace

fs::path image_logs_dir(const std::string& tool) { return user_cache_dir(tool) / "logs"; }

fs::path new_image_log_path(const std::string& tool, const std::string& name) {
  fs::create_directories(image_logs_dir(tool));
  return image_logs_dir(tool) / fmt::format("image-{}-{}-{}.log", file_name_of(name), timestamp(), ::getpid());
}

LoggedRun run_logged(const std::vector<std::string>& argv, const fs::path& log_path,
                     const std::string& label, std::chrono::seconds timeout) {
  std::ofstream log(log_path, std::ios::app);
  log << "$ " << quote_command(argv) << "\n";
  log.flush();
  LoggedRun run;
  std::string pending;
  auto on_output = [&](std::string_view chunk) {
    log << chunk;
    log.flush();
    run.tail.append(chunk);
    constexpr size_t kTailMax = 256 * 1024;
    if (run.tail.size() > kTailMax) run.tail.erase(0, run.tail.size() - kTailMax);
    pending.append(chunk);
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      if (auto step = image_log::progress_step(std::string_view(pending).substr(0, nl)))
        console::info("{}: {}", label, *step);
      pending.erase(0, nl + 1);
    }
    return true;
  };
  ProcessOptions o;
  o.argv = argv;
  o.merge_stderr = true;
  o.on_stdout = on_output;
  o.timeout = timeout;
  run.result = run_process(o);
  log << "# " << run.result.describe() << "\n";
  return run;
}

void fail_image_step(const LoggedRun& run, const std::string& what, const fs::path& log_path,
                     const std::string& suite, const fs::path& recipes_dir) {
  std::string log_note = fmt::format("(full log: {})", log_path.string());
  if (run.result.interrupted)
    throw ImageBuildError(ErrorKind::Incomplete,
                          fmt::format("{} was interrupted; nothing was tagged {}", what, log_note), false);
  if (run.result.spawn_failed)
    throw ImageBuildError(ErrorKind::Infrastructure,
                          fmt::format("{} could not start: {} {}", what, run.result.err, log_note), false);
  // Checked first: without network apt also reports every package as
  // unknown, which must not read as a recipe error.
  if (image_log::network_failure(run.tail))
    throw ImageBuildError(ErrorKind::Infrastructure,
                          fmt::format("{} failed: the Debian mirror is unreachable (no network?); "
                                      "connect, or set KBUILD_DEBIAN_MIRROR / an image registry {}",
                                      what, log_note),
                          true);
  auto missing = image_log::missing_packages(run.tail);
  if (!missing.empty())
    throw ImageBuildError(ErrorKind::Infrastructure,
                          fmt::format("{} failed: Debian {} has no package {}; fix the recipe in {} {}",
                                      what, suite, fmt::join(missing, ", "), recipes_dir.string(), log_note),
                          false);
  throw ImageBuildError(ErrorKind::Infrastructure,
                        fmt::format("{} failed ({}) {}", what, run.result.describe(), log_note), false);
}

std::string temporary_image_ref(const std::string& name) {
  return local_image_ref(name) + fmt::format(":building-{}", ::getpid());
}

void build_image_from_containerfile(const ContainerfileBuild& b) {
  fs::path log_path = new_image_log_path(b.tool, b.name);
  ScratchFolder scratch(user_cache_dir(b.tool) / "tmp", "build-" + file_name_of(b.name));
  write_file_atomic(scratch.path() / "Containerfile", b.containerfile);
  console::info("building {} (log: {})", b.name, log_path.string());
  const std::string tmp = temporary_image_ref(b.name);
  // The FROM image is local (never pulled); podman's RUN steps get our own
  // rlimits as containers do (podman_ulimit_args), docker's its daemon's.
  const bool podman = container_engine() == "podman";
  std::vector<std::string> args{"build", podman ? "--pull=never" : "--pull=false", "--label",
                                fmt::format("{}={}", kImageRecipeHashLabel, b.hash)};
  if (podman)
    for (const auto& a : podman_ulimit_args()) args.push_back(a);
  // An absolute -f: docker reads a relative one from its working folder, podman from the context.
  for (const std::string& a : {std::string("-f"), (scratch.path() / "Containerfile").string(), std::string("-t")}) args.push_back(a);
  args.push_back(tmp);
  args.push_back(scratch.path().string());
  auto build = run_logged(engine_argv(args), log_path, b.name, std::chrono::seconds(3600));
  if (!build.result.ok()) {
    untag_image(tmp);
    fail_image_step(build, "building " + b.name, log_path, b.suite, b.recipes_dir);
  }
  tag_image(tmp, local_image_ref(b.name));
  untag_image(tmp);
  console::info("{} ready", b.name);
}

std::string registry_image_tag(const std::string& hash) { return "recipe-" + hash.substr(0, 16); }

bool pull_image(const std::string& registry, const std::string& name, const std::string& hash) {
  const std::string remote = fmt::format("{}/{}:{}", registry, name, registry_image_tag(hash));
  console::info("pulling {}", remote);
  ProcessOptions o;
  o.argv = {"pull", "--quiet", remote};
  auto r = run_engine(o, std::chrono::seconds(1800));
  if (!r.ok()) {
    std::string why = r.err.substr(0, r.err.find('\n'));
    console::warn("cannot pull {} ({}); building it locally instead", remote, why.empty() ? r.describe() : why);
    return false;
  }
  auto pulled = inspect_image(remote);
  if (!pulled || pulled->recipe_hash != hash) {
    console::warn("{} does not carry recipe hash {}; building locally instead", remote, hash);
    untag_image(remote);
    return false;
  }
  tag_image(remote, local_image_ref(name));
  untag_image(remote);
  return true;
}

fs::path image_lock_path(const std::string& tool, const std::string& name) {
  return user_cache_dir(tool) / "locks" / (file_name_of(name) + ".lock");
}

std::string ensure_current_image(const CurrentImage& image, const std::function<void()>& build) {
  const std::string ref = local_image_ref(image.name);
  auto local = inspect_image(ref);
  auto current = [&] { return !image.force && local && local->recipe_hash == image.hash; };
  if (current()) {
    console::debug("{} is current (recipe {})", ref, image.hash.substr(0, 16));
    return ref;
  }
  if (image.offline) {
    if (local) {
      console::warn("offline: using the local {} although its recipe changed; run `{}` when the network is back",
                    ref, image.rebuild_hint);
      return ref;
    }
    throw infra_error(fmt::format("offline: image {} is not available locally and cannot be pulled or built "
                                  "without network; build it first with `{}`",
                                  image.name, image.rebuild_hint));
  }
  FileLock held(image.lock, image.name);
  local = inspect_image(ref);
  if (current()) return ref;  // made by the run we waited for
  if (local && !image.force) console::info("{} is outdated (its recipe changed): rebuilding", image.name);
  if (!image.registry.empty() && pull_image(image.registry, image.name, image.hash)) return ref;
  try {
    build();
  } catch (const ImageBuildError& e) {
    if (!e.network() || !local || !image.older_when_offline) throw;
    console::error("{}", e.what());
    console::warn("no network: using the existing local {} built from an older recipe", ref);
  }
  return ref;
}

void ensure_current_image(const std::string& name, const std::string& hash, const fs::path& lock,
                          const std::string& registry, const std::function<void()>& build) {
  ensure_current_image(CurrentImage{name, hash, lock, registry}, build);
}

}  // namespace kc
