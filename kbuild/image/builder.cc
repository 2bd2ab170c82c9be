#include "kbuild/image/builder.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/atomic_file.h"
#include "common/console.h"
#include "common/container_runtime.h"
#include "common/data_dir.h"
#include "common/process.h"
#include "kbuild/image/build_log.h"
#include "kbuild/image/containerfile.h"
#include "kbuild/image/podman_images.h"

namespace kbuild::image {
namespace fs = std::filesystem;
namespace {

// A scratch folder removed on every path out.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name) {
    path_ = kc::user_cache_dir("kbuild") / "tmp" / fmt::format("{}-{}", name, ::getpid());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string timestamp() {
  std::time_t now = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", std::localtime(&now));
  return buf;
}

fs::path new_log_path(const std::string& name) {
  std::string file = name;
  for (char& c : file)
    if (c == '/') c = '_';
  fs::create_directories(logs_dir());
  return logs_dir() / fmt::format("image-{}-{}-{}.log", file, timestamp(), ::getpid());
}

// Runs one step of an image build: output appended to the log, step lines
// shown as progress, the last part of the output kept to explain a failure.
struct LoggedRun {
  kc::ProcessResult result;
  std::string tail;
};

LoggedRun run_logged(const std::vector<std::string>& argv, const fs::path& log_path,
                     const std::string& label, std::chrono::seconds timeout) {
  std::ofstream log(log_path, std::ios::app);
  log << "$ " << kc::quote_command(argv) << "\n";
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
      if (auto step = progress_step(std::string_view(pending).substr(0, nl)))
        kc::console::info("{}: {}", label, *step);
      pending.erase(0, nl + 1);
    }
    return true;
  };
  kc::ProcessOptions o;
  o.argv = argv;
  o.merge_stderr = true;
  o.on_stdout = on_output;
  o.timeout = timeout;
  run.result = kc::run_process(o);
  log << "# " << run.result.describe() << "\n";
  return run;
}

// Turns a failed step into the error a user can act on.
[[noreturn]] void fail(const LoggedRun& run, const std::string& what, const fs::path& log_path,
                       const std::string& suite) {
  std::string log_note = fmt::format("(full log: {})", log_path.string());
  if (run.result.interrupted)
    throw BuildError(kc::ErrorKind::Incomplete,
                     fmt::format("{} was interrupted; nothing was tagged {}", what, log_note), false);
  if (run.result.spawn_failed)
    throw BuildError(kc::ErrorKind::Infrastructure,
                     fmt::format("{} could not start: {} {}", what, run.result.err, log_note), false);
  // Checked first: without network apt also reports every package as
  // unknown, which must not read as a recipe error.
  if (network_failure(run.tail))
    throw BuildError(kc::ErrorKind::Infrastructure,
                     fmt::format("{} failed: the Debian mirror is unreachable (no network?); "
                                 "connect, or set KBUILD_DEBIAN_MIRROR / an image registry {}",
                                 what, log_note),
                     true);
  auto missing = missing_packages(run.tail);
  if (!missing.empty())
    throw BuildError(kc::ErrorKind::Infrastructure,
                     fmt::format("{} failed: Debian {} has no package {}; fix the recipe in {} {}",
                                 what, suite, fmt::join(missing, ", "), recipes_dir().string(), log_note),
                     false);
  throw BuildError(kc::ErrorKind::Infrastructure,
                   fmt::format("{} failed ({}) {}", what, run.result.describe(), log_note), false);
}

std::string temporary_ref(const std::string& name) {
  return local_ref(name) + fmt::format(":building-{}", ::getpid());
}

}  // namespace

fs::path logs_dir() { return kc::user_cache_dir("kbuild") / "logs"; }

std::string registry_tag(const std::string& hash) { return "recipe-" + hash.substr(0, 16); }

void build_base(const BaseRecipe& base, const std::string& suite, const std::string& hash) {
  const std::string name = base_image_name(suite);
  if (kc::find_program("mmdebstrap").empty())
    throw kc::infra_error(fmt::format(
        "cannot bootstrap {}: mmdebstrap is not installed (not found in PATH); install it "
        "(apt-get install mmdebstrap) or set an image registry that has the image "
        "(--image-registry or KBUILD_IMAGE_REGISTRY)",
        name));
  const char* mirror_env = std::getenv("KBUILD_DEBIAN_MIRROR");
  std::string mirror = mirror_env && *mirror_env ? mirror_env : base.mirror;
  fs::path log_path = new_log_path(name);
  ScratchDir scratch("base-" + suite);
  fs::path tar = scratch.path() / "base.tar";
  kc::console::info("bootstrapping {} from {} with mmdebstrap (about a minute); log: {}", name,
                    mirror, log_path.string());
  auto strap = run_logged(mmdebstrap_argv(base, suite, mirror, tar.string()), log_path, name,
                          std::chrono::seconds(3600));
  if (!strap.result.ok()) fail(strap, "bootstrapping " + name, log_path, suite);

  const std::string tmp = temporary_ref(name);
  auto import = run_logged(
      podman_argv({"import", "--change", fmt::format("LABEL {}={}", kHashLabel, hash), "--change",
                   "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                   tar.string(), tmp}),
      log_path, name, std::chrono::seconds(1800));
  if (!import.result.ok()) {
    untag(tmp);
    fail(import, "importing " + name, log_path, suite);
  }
  tag(tmp, local_ref(name));
  untag(tmp);
  kc::console::info("{} ready", name);
}

void build_image(const ImageRecipe& recipe, const std::string& hash) {
  const std::string name = image_name(recipe.arch, recipe.toolchain);
  fs::path log_path = new_log_path(name);
  ScratchDir scratch("build-" + recipe.arch + "_" + recipe.toolchain);
  kc::write_file_atomic(scratch.path() / "Containerfile", render_containerfile(recipe));
  kc::console::info("building {} (log: {})", name, log_path.string());
  const std::string tmp = temporary_ref(name);
  std::vector<std::string> args{"build", "--pull=never", "--label",
                                fmt::format("{}={}", kHashLabel, hash)};
  for (const auto& a : kc::podman_ulimit_args()) args.push_back(a);
  for (const auto& a : {"-f", "Containerfile", "-t"}) args.push_back(a);
  args.push_back(tmp);
  args.push_back(scratch.path().string());
  auto build = run_logged(podman_argv(args), log_path, name, std::chrono::seconds(3600));
  if (!build.result.ok()) {
    untag(tmp);
    fail(build, "building " + name, log_path, recipe.suite);
  }
  tag(tmp, local_ref(name));
  untag(tmp);
  kc::console::info("{} ready", name);
}

bool pull_image(const std::string& registry, const std::string& name, const std::string& hash) {
  const std::string remote = fmt::format("{}/{}:{}", registry, name, registry_tag(hash));
  kc::console::info("pulling {}", remote);
  kc::ProcessOptions o;
  o.argv = {"pull", "--quiet", remote};
  auto r = run_podman(o, std::chrono::seconds(1800));
  if (!r.ok()) {
    std::string why = r.err.substr(0, r.err.find('\n'));
    kc::console::warn("cannot pull {} ({}); building it locally instead", remote,
                      why.empty() ? r.describe() : why);
    return false;
  }
  auto pulled = inspect_image(remote);
  if (!pulled || pulled->recipe_hash != hash) {
    kc::console::warn("{} does not carry recipe hash {}; building locally instead", remote, hash);
    untag(remote);
    return false;
  }
  tag(remote, local_ref(name));
  untag(remote);
  return true;
}

}  // namespace kbuild::image
