#include "kbuild/builder.h"

#include "common/junit.h"
#include "kbuild/junit_report.h"
#include "kbuild/kcidb_report.h"

#include <unistd.h>

#include <cctype>
#include <csignal>
#include <cstring>
#include <thread>

#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/console.h"
#include "common/container_images.h"
#include "common/container_runtime.h"
#include "common/data_dir.h"
#include "common/download.h"
#include "common/errors.h"
#include "common/host_machine.h"
#include "common/kcidb.h"
#include "common/json_file.h"
#include "common/kbuild_paths.h"
#include "common/process.h"
#include "common/scratch_folder.h"
#include "common/signals.h"
#include "kbuild/artifact_pattern.h"
#include "kbuild/build_info.h"
#include "kbuild/build_log.h"
#include "kbuild/catalog.h"
#include "kbuild/exit_policy.h"
#include "kbuild/external_module.h"
#include "kbuild/hooks.h"
#include "kbuild/image/image.h"
#include "kbuild/kconfig_check.h"
#include "kbuild/kconfig_plan.h"
#include "kbuild/kconfig_reuse.h"
#include "kbuild/make_command.h"
#include "kbuild/metadata.h"
#include "kbuild/progress.h"
#include "kbuild/target_order.h"
#include "kbuild/target_scheduler.h"
#include "kbuild/wrapper_stats.h"

namespace kbuild {

namespace fs = std::filesystem;

namespace {

using kc::kGuestBuild;
using kc::kGuestSource;
// Without git there is no commit date; a fixed one keeps builds reproducible.
constexpr long long kFixedEpoch = 946684800;  // 2000-01-01 00:00:00 UTC

void check_kernel_tree(const fs::path& src) {
  if (!fs::is_directory(src))
    throw kc::usage_error("source directory " + src.string() + " does not exist; use -C <kernel tree>");
  for (const char* f : {"Makefile", "Kconfig", "scripts/kconfig"})
    if (!fs::exists(src / f))
      throw kc::usage_error(src.string() + " is not a Linux kernel tree (no " + f +
                            "); run kbuild in one or point -C at one");
}

fs::path next_default_output_dir() {
  fs::path base = kc::user_cache_dir("kbuild") / "builds";
  fs::create_directories(base);
  for (int n = 1;; ++n) {
    fs::path p = base / std::to_string(n);
    std::error_code ec;
    if (fs::create_directory(p, ec)) return p;
    if (ec) throw kc::infra_error("cannot create " + p.string() + ": " + ec.message());
  }
}

std::string signal_name(int sig) {
  if (sig == SIGINT) return "SIGINT";
  if (sig == SIGTERM) return "SIGTERM";
  return "signal " + std::to_string(sig);
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The build folder's .config; empty when there is none (yet).
std::string read_config(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec) ? kc::read_file(p) : std::string();
}

// Everything one build needs while it runs.
class Build {
 public:
  Build(Options o, BuildServices services) : o_(std::move(o)), services_(std::move(services)) {
    if (!services_.make_runtime) services_.make_runtime = kc::make_container_runtime;
    if (!services_.ensure_image) services_.ensure_image = image::ensure;
    if (!services_.fetch) services_.fetch = [](const std::string& url) { return kc::fetch_text(url); };
    if (services_.data_dir.empty()) services_.data_dir = kc::data_dir("kbuild", "KBUILD_DATA_DIR");
  }
  int run();

 private:
  void validate();
  void prepare();
  bool build_config();
  bool run_kconfig_plan();
  std::string kconfig_reuse_key() const;
  void check_final_config();
  void build_target(const Target& t, TargetResult& result);
  bool build_external_modules(const fs::path& host_staging, const std::map<std::string, std::string>& install_vars,
                              TargetResult& result);
  kc::ProcessResult make(const std::vector<std::string>& targets,
                         const std::map<std::string, std::string>& extra = {}, const std::string& cwd = "",
                         const std::string& tool_dir = "");
  kc::ProcessResult exec(std::vector<std::string> argv, const std::string& cwd);
  bool run_command_target(const Target& t, const std::map<std::string, std::string>& vars, TargetResult& result);
  void collect_artifacts(const Target& t, TargetResult& result);
  std::map<std::string, std::string> template_vars(const std::string& staging) const;
  std::map<std::string, std::string> hook_env(const std::string& status) const;
  void finish_metadata();
  void save_metadata();
  bool metadata_is_stale();
  void write_kcidb();

  Options o_;
  BuildServices services_;
  Catalog catalog_;
  Arch arch_;
  Toolchain toolchain_;
  std::vector<Target> targets_;
  std::vector<ExternalModule> external_;
  std::string usage_failure_;  // a request the build could not honour (exit 1)
  KconfigPlan kconfig_;
  fs::path src_, out_, build_;
  bool temporary_build_dir_ = false;
  // The temporary build folder (no -b): a private mkdtemp name, removed on
  // every way out, exceptions included.
  std::unique_ptr<kc::ScratchFolder> temporary_build_;
  std::unique_ptr<kc::ContainerRuntime> rt_;
  std::string rt_src_, rt_build_;
  MakeContext ctx_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<BuildLog> log_;
  std::unique_ptr<Progress> progress_;
  std::string metadata_error_;  // the last metadata.json write failed (a full disk): why
  const Wrapper* wrapper_ = nullptr;  // -w, from the catalog; null for none
  BuildRecord record_;
  long long epoch_ = kFixedEpoch;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::system_clock::time_point start_wall_ = std::chrono::system_clock::now();
  bool kcidb_submit_failed_ = false;  // the report is written; sending it failed (exit 3)
  int interrupted_signal_ = 0;
  std::string interrupted_target_;
};

void Build::validate() {
  catalog_ = Catalog::load(services_.data_dir);
  if (o_.target_arch.empty()) o_.target_arch = host_arch_name();
  arch_ = catalog_.arch(o_.target_arch);
  o_.target_arch = arch_.name;
  toolchain_ = catalog_.toolchain(o_.toolchain);
  if (o_.wrapper != "none") wrapper_ = &catalog_.wrapper(o_.wrapper);
  if (!toolchain_.supports(arch_.name))
    throw kc::usage_error("toolchain " + toolchain_.name + " does not support architecture " + arch_.name +
                          " (see kbuild -p for the supported combinations)");
  if (auto bad = toolchain_.known_bad_arches.find(arch_.name); bad != toolchain_.known_bad_arches.end())
    kc::console::warn("{} on {}: {}", toolchain_.name, arch_.name, bad->second);
  if (o_.targets.empty()) o_.targets = default_targets();
  targets_ = order_targets(catalog_, o_.targets);
  src_ = fs::absolute(o_.directory).lexically_normal();
  if (!src_.has_filename()) src_ = src_.parent_path();  // "linux/" → "linux"
  check_kernel_tree(src_);
  rt_ = services_.make_runtime(o_.runtime);
  if (!o_.kernel_image.empty()) {
    arch_.kernel_image = o_.kernel_image;
    arch_.kernel_path = (o_.kernel_image == "vmlinux" || o_.kernel_image == "linux")
                            ? o_.kernel_image
                            : "arch/" + arch_.srcarch + "/boot/" + o_.kernel_image;
  }
  kc::parse_compression(o_.compression_type);
  KconfigInputs in;
  in.source_dir = src_;
  in.cwd = fs::current_path();
  in.srcarch = arch_.srcarch;
  in.named_fragments_dir = services_.data_dir / "fragments";
  in.fetch = services_.fetch;
  kconfig_ = plan_kconfig(o_.kconfig, o_.kconfig_add, in);
  external_ = resolve_external_modules(o_.external_modules, in.cwd);
  o_.external_modules.clear();
  for (const auto& m : external_) o_.external_modules.push_back(m.source);  // absolute, for the reproducer
  rt_->check_available();
}

void Build::prepare() {
  out_ = o_.output_dir.empty() ? next_default_output_dir() : fs::absolute(o_.output_dir);
  fs::create_directories(out_);
  if (o_.build_dir.empty()) {
    temporary_build_ = std::make_unique<kc::ScratchFolder>(out_.parent_path(), ".kbuild-build-" + out_.filename().string());
    build_ = temporary_build_->path();
    // mkdtemp makes it 0700; the container's user may be another uid.
    fs::permissions(build_, fs::perms(0755));
    temporary_build_dir_ = true;
  } else {
    build_ = fs::absolute(o_.build_dir);
  }
  fs::create_directories(build_);
  if (auto e = last_commit_epoch(src_)) epoch_ = *e;

  kc::ContainerSpec spec;
  spec.name_prefix = "kbuild";
  kc::Mount src_mount{src_, kGuestSource, true}, build_mount{build_, kGuestBuild, false};
  spec.mounts = {src_mount, build_mount};
  env_ = reproducible_environment(epoch_);
  for (const auto& [k, v] : o_.environment) env_[k] = v;
  if (wrapper_) {
    // The wrapper's folder (-e VAR=, $VAR, else the user's cache) at a fixed
    // path, its own variables, and the hosts it talks to when it does.
    const std::string& var = wrapper_->cache_variable;
    const char* given = std::getenv(var.c_str());
    fs::path host = o_.environment.count(var) ? fs::path(o_.environment.at(var))
                    : given && *given         ? fs::path(given)
                                              : kc::user_cache_dir("kbuild") / wrapper_->name;
    fs::create_directories(host);
    kc::Mount m{host, "/kbuild/" + wrapper_->name, false};
    spec.mounts.push_back(m);
    env_[var] = rt_->path_of(m);
    for (const auto& [k, v] : wrapper_->environment)
      env_[k] = expand_template(v, {{"build", rt_->path_of(build_mount)}});
    for (const std::string& hv : wrapper_->host_variables) {
      const char* from_env = std::getenv(hv.c_str());
      if (o_.environment.count(hv)) env_[hv] = o_.environment.at(hv);
      else if (from_env && *from_env) env_[hv] = from_env;
      else kc::console::warn("wrapper {} without {}: {} will compile locally", wrapper_->name, hv, wrapper_->name);
    }
    if (wrapper_->network) {
      spec.network = true;
      // The network its hosts are on, when it is not podman's default one.
      if (const char* net = std::getenv("KBUILD_PODMAN_NETWORK"); net && *net) spec.network_name = net;
    }
  }
  spec.env = env_;
  rt_src_ = rt_->path_of(src_mount);
  rt_build_ = rt_->path_of(build_mount);
  spec.workdir = rt_build_;

  if (kc::is_container_engine(o_.runtime)) {  // the engine cli.cc selected from -r
    if (o_.image.empty()) {
      kc::console::info("finding the image for {} with {}", arch_.name, toolchain_.name);
      spec.image = services_.ensure_image({arch_.name, toolchain_.name, o_.image_registry, o_.offline});
    } else {
      spec.image = o_.image;
    }
  }

  ctx_.arch = arch_;
  ctx_.toolchain = toolchain_;
  // Images run on this machine's architecture, so native vs cross is decided
  // by the host's machine name for both runtimes.
  ctx_.host_machine = kc::host_machine();
  ctx_.wrapper = o_.wrapper;
  ctx_.source_dir = rt_src_;
  ctx_.build_dir = rt_build_;
  ctx_.jobs = o_.jobs > 0 ? o_.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  ctx_.user_variables = o_.make_variables;
  ctx_.user_variable_order = o_.make_variable_order;

  std::vector<std::string> repro = reproducer_argv(o_);
  repro[2] = src_.string();
  log_ = std::make_unique<BuildLog>(out_, kc::quote_command(repro));
  progress_ = std::make_unique<Progress>(
      Progress::choose(o_.quiet, o_.verbose, kc::console::stderr_is_terminal()));

  record_.build = {{"target_arch", arch_.name}, {"toolchain", toolchain_.name}, {"wrapper", o_.wrapper},
                   {"kconfig", o_.kconfig}, {"kconfig_add", o_.kconfig_add}, {"targets", o_.targets},
                   {"make_variables", o_.make_variables}, {"environment", o_.environment},
                   {"jobs", ctx_.jobs}, {"runtime", o_.runtime}, {"image", spec.image},
                   {"kernel_image", arch_.kernel_image}, {"reproducer_cmdline", repro},
                   {"source_dir", src_.string()}, {"build_dir", build_.string()},
                   {"output_dir", out_.string()}, {"build_timestamp", env_["KBUILD_BUILD_TIMESTAMP"]}};
  for (const auto& t : targets_) record_.targets.push_back({t.name, Status::Skip, 0, "not started"});
  for (auto& m : external_) {
    stage_external_module(m, build_ / "external" / m.name);
    log_->note("# external module " + m.name + ": " + m.source.string() + " (sha256 " + m.sha256 + ")");
  }
  if (!external_.empty()) record_.build["external_modules"] = external_modules_json(external_);

  rt_->start(spec);
  record_.info["runtime"] = {{"name", o_.runtime}, {"image_name", spec.image},
                             {"image_digest", rt_->image_digest()}, {"version", rt_->version()}};
  log_->debug("runtime " + o_.runtime + " started; source " + rt_src_ + ", build " + rt_build_);
  if (o_.wrapper != "none") {
    // Said now, not as a make failure on the first compile ("C compiler
    // 'distcc gcc-12' not found").
    auto version = exec({o_.wrapper, "--version"}, rt_build_);
    if (!version.ok())
      throw kc::infra_error(fmt::format("-w {}: {} cannot run in {} ({}); its image needs the {} package",
                                        o_.wrapper, o_.wrapper, o_.runtime == "null" ? "this machine" : spec.image,
                                        version.describe(), o_.wrapper));
    if (!wrapper_->zero_stats.empty()) exec(wrapper_->zero_stats, rt_build_);
  }
  write_metadata(out_, record_);
}

kc::ProcessResult Build::exec(std::vector<std::string> argv, const std::string& cwd) {
  kc::ProcessOptions p;
  p.argv = std::move(argv);
  p.cwd = cwd;
  p.merge_stderr = true;
  p.on_stdout = [this](std::string_view chunk) {
    log_->output(chunk);
    progress_->output(chunk);
    return true;
  };
  log_->note("$ " + kc::quote_command(p.argv));
  auto r = rt_->exec(p);
  log_->flush();
  if (r.interrupted && !interrupted_signal_) interrupted_signal_ = kc::signals::received();
  return r;
}

kc::ProcessResult Build::make(const std::vector<std::string>& targets,
                              const std::map<std::string, std::string>& extra, const std::string& cwd,
                              const std::string& tool_dir) {
  if (tool_dir.empty()) return exec(make_argv(ctx_, targets, extra), cwd);
  // A tool's own Makefile, its objects in the same folder of the build tree.
  MakeContext tool = ctx_;
  tool.source_dir += "/" + tool_dir;
  tool.build_dir += "/" + tool_dir;
  fs::create_directories(build_ / tool_dir);
  return exec(make_argv(tool, targets, extra), cwd);
}

std::map<std::string, std::string> Build::template_vars(const std::string& staging) const {
  return {{"kernel_image", arch_.kernel_image}, {"kernel_path", arch_.kernel_path}, {"srcarch", arch_.srcarch},
          {"staging", staging}, {"build", rt_build_}, {"source", rt_src_}};
}

bool Build::build_config() {
  // Only a kept build folder can hold an earlier .config; hashing the tree's
  // Kconfig files would be wasted on a fresh temporary one.
  std::string key = temporary_build_dir_ ? "" : kconfig_reuse_key();
  if (!key.empty() && config_reusable(build_, key)) {
    log_->note("# kconfig: inputs unchanged, reusing .config (key " + key.substr(0, 16) + ")");
    kc::console::debug("kconfig: inputs unchanged, reusing {} (key {})", (build_ / ".config").string(),
                       key.substr(0, 16));
  } else {
    if (!run_kconfig_plan()) return false;
    if (!key.empty()) write_kconfig_stamp(build_, key);
  }
  check_final_config();
  return true;
}

std::string Build::kconfig_reuse_key() const {
  KconfigKeyInputs in;
  in.make = ctx_;
  in.environment = o_.environment;
  in.runtime = o_.runtime;
  // As prepare() recorded them: asking podman again would cost a process.
  in.image_name = record_.info.at("runtime").at("image_name").get<std::string>();
  in.image_digest = record_.info.at("runtime").at("image_digest").get<std::string>();
  auto t0 = std::chrono::steady_clock::now();
  in.tree_digest = kconfig_tree_digest(src_, arch_.srcarch);
  log_->debug(fmt::format("kconfig: hashed the tree's kconfig inputs in {:.3f} s", seconds_since(t0)));
  return kconfig_key(kconfig_, in);
}

bool Build::run_kconfig_plan() {
  // Clearing the fragment folder also drops the reuse stamp (kconfig_reuse.h):
  // a step failing below must not leave a key that vouches for its .config.
  fs::path frag_dir = build_ / "kbuild-kconfig";
  fs::remove_all(frag_dir);
  fs::create_directories(frag_dir);
  for (const auto& f : kconfig_.fragments) kc::write_file_atomic(frag_dir / f.name, f.content);
  for (const auto& step : kconfig_.steps) {
    kc::ProcessResult r;
    switch (step.kind) {
      case KconfigStep::Kind::CopyBase:
        log_->note("# base configuration from " + step.origin);
        kc::write_file_atomic(build_ / ".config", step.content);
        continue;
      case KconfigStep::Kind::MakeTarget:
      case KconfigStep::Kind::Olddefconfig:
        r = make({step.make_target});
        break;
      case KconfigStep::Kind::Merge: {
        // merge_config.sh writes temporary files into its working directory:
        // run it in the (writable) build folder, never in the read-only source.
        std::vector<std::string> argv = {rt_src_ + "/scripts/kconfig/merge_config.sh", "-m", "-O", rt_build_,
                                         rt_build_ + "/.config"};
        for (const auto& n : step.fragment_names) argv.push_back(rt_build_ + "/kbuild-kconfig/" + n);
        r = exec(argv, rt_build_);
        break;
      }
    }
    if (!r.ok()) {
      log_->note("# kconfig step '" + step.origin + "' failed: " + r.describe());
      return false;
    }
  }
  return fs::exists(build_ / ".config");
}

// The same check whether the plan ran or its .config was reused, so
// metadata.json does not depend on which.
void Build::check_final_config() {
  auto final_config = parse_config_symbols(read_config(build_ / ".config"));
  auto missing = check_kconfig(kconfig_.requested, final_config);
  record_.kconfig_check = kconfig_check_json(kconfig_.requested, missing);
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing)
      list += (list.empty() ? "" : ", ") + m.requested.symbol + "=" + m.requested.value + " (got " + m.actual + ")";
    kc::console::warn("kconfig: {} requested symbol(s) did not survive olddefconfig: {}", missing.size(), list);
    log_->note("kconfig check: missing " + list);
  }
}


// modules_install leaves lib/modules/<release>/build and source pointing at
// the build machine's folders (/kbuild/build inside the container). They mean
// nothing on another machine and a rootfs injector rightly refuses absolute
// links, so artifacts never carry absolute symlinks (TuxMake drops them too).
static void drop_build_host_symlinks(const fs::path& dir) {
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_symlink() && fs::read_symlink(it->path()).is_absolute()) doomed.push_back(it->path());
  for (const auto& p : doomed) fs::remove(p, ec);
}

void Build::collect_artifacts(const Target& t, TargetResult& result) {
  fs::path host_staging = build_ / "kbuild-staging" / t.name;
  auto vars = template_vars(host_staging.string());
  kc::TarOptions tar;
  tar.compression = kc::parse_compression(o_.compression_type);
  tar.clamp_mtime = epoch_;
  for (const auto& a : t.artifacts) {
    if (!a.file.empty()) {
      std::string rel = expand_template(a.file, vars);
      // A pattern (linux-*.tar.gz: the kernel's package targets name their
      // files after the release) gives every file it matches, each under its
      // own name; a plain path gives that one file.
      std::vector<std::string> files = is_file_pattern(rel) ? files_matching(build_, rel) : std::vector<std::string>{rel};
      if (files.empty() || !fs::is_regular_file(build_ / files.front())) {
        result.status = Status::Fail;
        result.reason = "declared artifact " + rel + " was not produced";
        return;
      }
      for (const auto& file : files) {
        std::string name = a.name.empty() ? fs::path(file).filename().string() : a.name;
        if (a.compress) {
          name += kc::compressed_suffix(tar.compression);
          kc::compress_file(build_ / file, out_ / name, tar.compression);
        } else {
          kc::copy_file_atomic(build_ / file, out_ / name);  // never a half-written artifact
        }
        record_.artifacts[a.kind].push_back(name);
      }
    } else {
      fs::path dir = expand_template(a.tarball, vars);
      std::string name = a.name + kc::tar_suffix(tar.compression);
      if (!fs::is_directory(dir)) {
        result.status = Status::Fail;
        result.reason = "install folder for " + a.name + " was not produced";
        return;
      }
      drop_build_host_symlinks(dir);
      kc::create_tar_from_dir(dir, out_ / name, tar);
      record_.artifacts[a.kind].push_back(name);
      record_.info["artifacts"][a.kind] = files_under(dir);  // TuxMake's artifacts section: what it holds
    }
  }
}

void Build::build_target(const Target& t, TargetResult& result) {
  std::string staging_rt = rt_build_ + "/kbuild-staging/" + t.name;
  auto vars = template_vars(staging_rt);
  // Files an earlier build in a kept folder left under a pattern (another
  // release's package) would be taken for this build's.
  const auto host_vars = template_vars((build_ / "kbuild-staging" / t.name).string());  // as collect_artifacts sees them
  for (const auto& a : t.artifacts) {
    if (a.file.empty()) continue;
    std::string rel = expand_template(a.file, host_vars);
    if (is_file_pattern(rel))
      for (const auto& stale : files_matching(build_, rel)) fs::remove(build_ / stale);
  }
  std::vector<std::string> make_targets;
  for (const auto& m : t.make_targets) make_targets.push_back(expand_template(m, vars));
  bool bare_make = make_targets.empty() && t.install_make_targets.empty() && t.command.empty();
  if (!make_targets.empty() || bare_make) {
    std::map<std::string, std::string> variables;
    for (const auto& [k, v] : t.make_variables) variables[k] = expand_template(v, vars);
    auto r = make(make_targets, variables, "", t.make_dir);
    if (!r.ok()) {
      result.status = r.interrupted ? Status::Interrupted : Status::Fail;
      result.reason = "make " + (bare_make ? std::string("(default)") : make_targets.front()) + " " + r.describe();
      return;
    }
    if (!t.written_to_parent.empty()) {
      // Into the build folder, where the artifacts are collected from.
      const std::string parent = fs::path(rt_build_).parent_path().string();
      auto moved = exec({"find", parent, "-maxdepth", "1", "-type", "f", "-name", t.written_to_parent, "-exec", "mv",
                         "-f", "-t", rt_build_, "{}", "+"},
                        "");
      if (!moved.ok()) {
        result.status = Status::Fail;
        result.reason = "moving " + t.written_to_parent + " from " + parent + " into the build folder " + moved.describe();
        return;
      }
    }
  }
  if (!t.install_make_targets.empty()) {
    fs::path host_staging = build_ / "kbuild-staging" / t.name;
    fs::remove_all(host_staging);
    fs::create_directories(host_staging);
    std::map<std::string, std::string> extra;
    for (const auto& [k, v] : t.install_make_variables) extra[k] = expand_template(v, vars);
    std::vector<std::string> install;
    for (const auto& m : t.install_make_targets) install.push_back(expand_template(m, vars));
    auto r = make(install, extra, "", t.make_dir);
    if (!r.ok()) {
      result.status = r.interrupted ? Status::Interrupted : Status::Fail;
      result.reason = "make " + install.front() + " " + r.describe();
      return;
    }
    // Into the same staging folder, before it is packed.
    if (t.takes_external_modules && !build_external_modules(host_staging, extra, result)) return;
  }
  if (!t.command.empty()) {
    fs::path host_staging = build_ / "kbuild-staging" / t.name;
    fs::remove_all(host_staging);
    fs::create_directories(host_staging);
    if (!run_command_target(t, vars, result)) return;
  }
  result.status = Status::Pass;
  collect_artifacts(t, result);
}

// A target's command: its program in the build folder, its input and output
// files of the build folder as its standard streams, its standard error in
// build.log; the toolchain's make variables (ARCH, CROSS_COMPILE) are its
// environment, as the kernel's scripts expect them.
bool Build::run_command_target(const Target& t, const std::map<std::string, std::string>& vars, TargetResult& result) {
  kc::ProcessOptions p;
  for (const auto& a : t.command) p.argv.push_back(expand_template(a, vars));
  p.cwd = t.command_dir.empty() ? rt_build_ : rt_build_ + "/" + expand_template(t.command_dir, vars);
  for (const auto& [k, v] : toolchain_variables(ctx_)) p.env[k] = v;
  if (!t.command_stdin.empty()) p.stdin_data = kc::read_file(build_ / t.command_stdin);
  p.on_stderr = [this](std::string_view chunk) {
    log_->output(chunk);
    return true;
  };
  log_->note("$ " + kc::quote_command(p.argv) + (t.command_stdin.empty() ? "" : " < " + t.command_stdin) +
             (t.command_stdout.empty() ? "" : " > " + t.command_stdout));
  auto r = rt_->exec(p);
  log_->flush();
  if (r.interrupted && !interrupted_signal_) interrupted_signal_ = kc::signals::received();
  if (!r.ok()) {
    result.status = r.interrupted ? Status::Interrupted : Status::Fail;
    result.reason = fs::path(p.argv.front()).filename().string() + " " + r.describe();
    return false;
  }
  if (!t.command_stdout.empty()) kc::write_file_atomic(build_ / t.command_stdout, r.out);
  else log_->output(r.out);
  return true;
}

// Each external module is built and installed with the kernel's own make
// (M=<copy in the build folder>), with the variables the modules target used
// for its own install, so its .ko files join the in-tree ones.
bool Build::build_external_modules(const fs::path& host_staging, const std::map<std::string, std::string>& install_vars,
                                   TargetResult& result) {
  auto failed = [&](const ExternalModule& m, const std::string& what, const kc::ProcessResult& r) {
    result.status = r.interrupted ? Status::Interrupted : Status::Fail;
    result.reason = "external module " + m.name + ": make " + what + " " + r.describe();
    record_.build["external_modules"] = external_modules_json(external_);
    return false;
  };
  for (auto& m : external_) {
    std::string dir = rt_build_ + "/external/" + m.name;
    log_->note("# external module " + m.name);
    auto r = exec(external_module_make_argv(ctx_, dir, {"modules"}), "");
    if (!r.ok()) return failed(m, "modules", r);
    m.built = kernel_objects_under(build_ / "external" / m.name);
    if (m.built.empty()) {
      result.status = Status::Fail;
      result.reason = "external module " + m.name + " built no .ko file; its Kbuild or Makefile needs obj-m";
      record_.build["external_modules"] = external_modules_json(external_);
      return false;
    }
    auto before = kernel_objects_under(host_staging);
    r = exec(external_module_make_argv(ctx_, dir, {"modules_install"}, install_vars), "");
    if (!r.ok()) return failed(m, "modules_install", r);
    m.installed.clear();
    for (const auto& f : kernel_objects_under(host_staging))
      if (!std::binary_search(before.begin(), before.end(), f)) m.installed.push_back(f);
  }
  record_.build["external_modules"] = external_modules_json(external_);
  return true;
}

std::map<std::string, std::string> Build::hook_env(const std::string& status) const {
  std::map<std::string, std::string> env = {
      {"KBUILD_HOOK_OUTPUT_DIR", out_.string()},     {"KBUILD_HOOK_STATUS", status},
      {"KBUILD_HOOK_ARCH", arch_.name},              {"KBUILD_HOOK_TOOLCHAIN", toolchain_.name},
      {"KBUILD_HOOK_SOURCE_DIR", src_.string()},     {"KBUILD_HOOK_BUILD_DIR", build_.string()},
      {"KBUILD_HOOK_METADATA", (out_ / "metadata.json").string()}};
  // One variable per artifact kind the targets declare (KBUILD_HOOK_KERNEL,
  // _MODULES, _DTBS, _CONFIG, ...): the first file of that kind, or empty.
  for (const auto& kind : catalog_.artifact_kinds()) {
    std::string var = "KBUILD_HOOK_" + kind;
    for (char& c : var) c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    auto it = record_.artifacts.find(kind);
    env[var] = it != record_.artifacts.end() && !it->second.empty() ? (out_ / it->second.front()).string() : "";
  }
  return env;
}

void Build::finish_metadata() {
  record_.errors = log_->counter().errors();
  record_.warnings = log_->counter().warnings();
  record_.total_seconds = seconds_since(start_);
  record_.artifacts["log"] = {"build.log", "build-debug.log"};
  // Once per build (the git facts are known by now): krun links its tests to
  // this build through the build_id.
  if (!record_.info.contains("kcidb"))
    record_.info["kcidb"] = kcidb_ids(metadata_json(record_), o_.kcidb_origin, start_wall_);
  save_metadata();
  if (metadata_is_stale()) return;
  if (!o_.junit.empty()) kc::junit::write(o_.junit, junit_suites(record_));
  if (!o_.kcidb.empty()) write_kcidb();
}

// metadata.json after each step. A write that fails (a full disk) leaves
// the last whole file and does not stop the build, so the container and
// folders are still cleaned; metadata_is_stale() tries again at the end.
void Build::save_metadata() {
  try {
    write_metadata(out_, record_);
    metadata_error_.clear();
  } catch (const kc::Error& e) {
    if (metadata_error_.empty())
      kc::console::warn("{}; metadata.json keeps its last whole version for now", e.what());
    metadata_error_ = e.what();
  }
}

// After a failed write: the temporary build folder is often what filled the
// disk, so it goes first, then the final metadata is written once more.
// True when metadata.json still describes an earlier step.
bool Build::metadata_is_stale() {
  if (metadata_error_.empty()) return false;
  if (temporary_build_dir_) {
    std::error_code ec;
    fs::remove_all(build_, ec);
  }
  save_metadata();
  return !metadata_error_.empty();
}

void Build::write_kcidb() {
  nlohmann::json report = kcidb_build_report(metadata_json(record_), out_, o_.kcidb_url_base);
  if (!kc::kcidb::write_and_submit(o_.kcidb, report, o_.kcidb_submit)) kcidb_submit_failed_ = true;
}

int Build::run() {
  validate();
  kc::signals::install();
  try {
    prepare();
  } catch (...) {
    if (rt_) rt_->stop();
    throw;
  }

  // Pre-build hooks run in the source tree before anything is built.
  auto pre = run_hooks("pre-build", o_.pre_build_hooks, src_, hook_env(to_string(Status::Running)));
  bool hook_failed = !pre.ok;
  if (!pre.ok && pre.interrupted) interrupted_signal_ = kc::signals::received();

  auto build_start = std::chrono::steady_clock::now();
  bool any_failed = false;
  std::map<std::string, Status> status_of;
  for (size_t i = 0; i < targets_.size() && !hook_failed; ++i) {
    const Target& t = targets_[i];
    TargetResult& result = record_.targets[i];
    ScheduleState state;
    state.interrupted = interrupted_signal_ != 0;
    state.any_failed = any_failed;
    state.fail_fast = o_.fail_fast;
    state.arch = arch_.name;
    state.arch_has_dtbs = arch_.dtbs;
    state.external_modules = !external_.empty();
    state.in_container = o_.runtime != "null";
    state.build_dir = build_;
    state.source_dir = src_;
    state.status_of = &status_of;
    state.config = [&] { return parse_config_symbols(read_config(build_ / ".config")); };
    TargetDecision decision = decide_target(t, state);
    if (!decision.run) {
      result.reason = decision.reason;
      if (!decision.usage_failure.empty()) usage_failure_ = decision.usage_failure;
      if (decision.skip) {
        status_of[t.name] = Status::Skip;
        // --fail-fast's skips are said once, by the failure itself.
        if (!(any_failed && o_.fail_fast)) progress_->skip_target(t.name, result.reason);
      }
      continue;
    }
    progress_->start_target(t.name);
    log_->note("# target " + t.name);
    result.status = Status::Running;
    result.reason.clear();
    save_metadata();
    auto t0 = std::chrono::steady_clock::now();
    try {
      if (t.runs_kconfig_plan) {
        bool ok = build_config();
        result.status = ok ? Status::Pass : (interrupted_signal_ ? Status::Interrupted : Status::Fail);
        if (!ok && !interrupted_signal_) result.reason = "configuration failed; see build.log";
        if (ok) collect_artifacts(t, result);
      } else {
        build_target(t, result);
      }
    } catch (const std::exception& e) {
      // Copying or packing an artifact failed (disk full, permissions...):
      // this target fails, the build goes on and metadata stays truthful.
      result.status = Status::Fail;
      result.reason = e.what();
      log_->note(std::string("# target ") + t.name + " failed: " + e.what());
    }
    result.duration = seconds_since(t0);
    if (interrupted_signal_) {
      result.status = Status::Interrupted;
      interrupted_target_ = t.name;
    }
    status_of[t.name] = result.status;
    if (result.status == Status::Fail) any_failed = true;
    progress_->finish_target(result.status, result.duration, result.reason);
    save_metadata();
  }
  record_.build_seconds = seconds_since(build_start);

  // Facts about the build environment, while the container still runs.
  if (!interrupted_signal_) {
    record_.info["compiler"] = compiler_info(*rt_, ctx_);
    record_.info["os"] = os_info(*rt_);
    record_.info["tools"] = tools_info(*rt_, ctx_);
    record_.info["vmlinux"] = vmlinux_info(*rt_, ctx_, build_);
    record_.info["source"] = source_info(*rt_, ctx_, src_.string());
    if (wrapper_ && !wrapper_->print_stats.empty()) {
      kc::ProcessOptions p;
      p.argv = wrapper_->print_stats;
      p.cwd = rt_build_;
      p.timeout = std::chrono::seconds(60);
      auto r = rt_->exec(p);
      nlohmann::json j = r.ok() ? parse_wrapper_stats(wrapper_->stats_format, r.out) : nlohmann::json();
      if (!j.is_null()) record_.info[o_.wrapper] = j;
    }
  }
  if (o_.wrapper == "distcc") {
    int fallbacks = log_->counter().distcc_fallbacks();
    record_.info["distcc"] = {{"hosts", env_.count("DISTCC_HOSTS") ? env_.at("DISTCC_HOSTS") : ""},
                              {"local_fallbacks", fallbacks}};
    if (fallbacks > 0)
      kc::console::warn("distcc could not reach its hosts ({}) for {} compile(s) and ran them here; see {}",
                        env_.count("DISTCC_HOSTS") ? env_.at("DISTCC_HOSTS") : "none set", fallbacks,
                        (out_ / "build.log").string());
  }
  record_.info["git"] = git_info(src_);
  if (!record_.info.contains("source")) record_.info["source"] = {{"kernel_tree", src_.string()}};
  if (fs::exists(build_ / "System.map"))
    if (auto offset = text_offset(kc::read_file(build_ / "System.map")))
      record_.info["system_map"] = {{"text_offset", *offset}};
  record_.info["resources"] = {{"disk_space", disk_usage_mb(build_)}};
  record_.info["hardware"] = hardware_info(build_);
  record_.info["uname"] = uname_info();
  rt_->stop();

  if (interrupted_signal_) {
    record_.status = Status::Interrupted;
    record_.interrupted = {{"signal", signal_name(interrupted_signal_)}, {"target", interrupted_target_}};
    finish_metadata();
    if (temporary_build_dir_) fs::remove_all(build_);
    kc::console::error("build interrupted by {} during {}; partial results in {}", signal_name(interrupted_signal_),
                       interrupted_target_.empty() ? std::string("setup") : "target " + interrupted_target_,
                       out_.string());
    BuildSummary interrupted;
    interrupted.interrupted_signal = interrupted_signal_;
    return build_exit_code(interrupted, o_.bisect);
  }
  record_.status = any_failed || hook_failed || !usage_failure_.empty() ? Status::Fail : Status::Pass;
  finish_metadata();
  log_->flush();
  if (!metadata_error_.empty()) {
    if (temporary_build_dir_) fs::remove_all(build_);
    kc::console::error("{}: metadata.json still describes an earlier step, so no hook ran; free space in {} and "
                       "build again",
                       metadata_error_, out_.string());
    BuildSummary stale;
    stale.metadata_stale = true;
    return build_exit_code(stale, o_.bisect);
  }

  auto env = hook_env(to_string(record_.status));
  auto post = run_hooks("post-build", o_.post_build_hooks, out_, env);
  HookOutcome results;
  if (record_.status == Status::Pass && post.ok) results = run_hooks("results", o_.results_hooks, out_, env);
  if (temporary_build_dir_) fs::remove_all(build_);

  BuildSummary summary;
  summary.usage_failure = !usage_failure_.empty();
  summary.pre_hook_failed = hook_failed;
  summary.target_failed = any_failed;
  summary.post_hook_failed = !post.ok;
  summary.results_hook_failed = !results.ok;
  summary.results_hook_exit_code = results.exit_code;
  summary.kcidb_failed = kcidb_submit_failed_;
  // The line that says why, for the cause that decides the code.
  if (summary.usage_failure) {
    kc::console::error("{}", usage_failure_);
  } else if (hook_failed) {
    kc::console::error("pre-build hook '{}' {}; nothing was built", pre.failed_hook, pre.description);
  } else if (any_failed) {
    std::string failed;
    for (const auto& t : record_.targets)
      if (t.status == Status::Fail) failed += (failed.empty() ? "" : ", ") + t.name;
    kc::console::error("target(s) failed: {}; see {}", failed, (out_ / "build.log").string());
  } else if (!post.ok) {
    kc::console::error("post-build hook '{}' {}", post.failed_hook, post.description);
  } else if (!results.ok) {
    kc::console::error("results hook '{}' {}", results.failed_hook, results.description);
  } else if (!kcidb_submit_failed_) {
    kc::console::info("build PASS: {}", out_.string());
  }
  return build_exit_code(summary, o_.bisect);
}

}  // namespace

std::string host_arch_name() {
  std::string m = kc::host_machine();
  Catalog c = Catalog::load(kc::data_dir("kbuild", "KBUILD_DATA_DIR"));
  for (const auto& name : c.arch_names()) {
    const Arch& a = c.arch(name);
    if (name == "um") continue;
    if (name == m) return name;
    for (const auto& n : a.native_machines)
      if (n == m) return name;
  }
  return m;
}

int run_build(Options options, BuildServices services) {
  Build b(std::move(options), std::move(services));
  return b.run();
}

}  // namespace kbuild
