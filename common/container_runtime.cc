#include "common/container_runtime.h"

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <limits>
#include <random>
#include <sstream>
#include <cerrno>

#include "common/console.h"
#include "common/container_images.h"
#include "common/errors.h"

namespace kc {

namespace fs = std::filesystem;

namespace {

// Runs on the host: paths are host paths, env from the spec is merged in.
class NullRuntime : public ContainerRuntime {
 public:
  std::string name() const override { return "null"; }
  void check_available() const override {}
  void start(const ContainerSpec& spec) override { spec_ = spec; }
  ProcessResult exec(ProcessOptions options) override {
    for (const auto& [k, v] : spec_.env) options.env.emplace(k, v);
    return run_process(options);
  }
  void stop() override {}
  std::string path_of(const Mount& mount) const override { return mount.host.string(); }
  std::vector<std::string> reproducer_prefix() const override { return {}; }

 private:
  ContainerSpec spec_;
};

std::string random_suffix() {
  std::random_device rd;
  std::uniform_int_distribution<unsigned> dist(0, 0xffffff);
  char buf[16];
  snprintf(buf, sizeof buf, "%06x", dist(rd));
  return buf;
}

// One long-lived container per build (`sleep infinity` as its main process),
// commands run with `<engine> exec`, removed with `<engine> rm -f` by stop()
// or the destructor, so an error or a signal never leaves it behind. The
// engine is podman or docker (container_images.h): the same options, but for
// the few each spells its own way.
class EngineRuntime : public ContainerRuntime {
 public:
  explicit EngineRuntime(std::string engine) : engine_(std::move(engine)) {}
  ~EngineRuntime() override { stop(); }
  std::string name() const override { return engine_; }

  void check_available() const override {
    select_container_engine(engine_);
    require_container_engine();
  }

  void start(const ContainerSpec& spec) override {
    check_available();
    spec_ = spec;
    ProcessOptions exists;
    exists.argv = engine_argv({"image", "inspect", "--format", "{{.Id}}", spec.image});
    if (run_process(exists).exit_code != 0)
      throw infra_error("container image " + spec.image + " is not available locally");
    remove_stale_containers(spec.name_prefix);
    container_ = spec.name_prefix + "-" + std::to_string(getpid()) + "-" + random_suffix();
    ProcessOptions run;
    run.argv = engine_argv({"run", "-d", "--name", container_});
    auto args = run_args();
    run.argv.insert(run.argv.end(), args.begin(), args.end());
    run.argv.insert(run.argv.end(), {"--entrypoint", "sleep", spec.image, "infinity"});
    run.timeout = std::chrono::seconds(120);
    console::debug("starting container: {}", quote_command(run.argv));
    ProcessResult r = run_process(run);
    if (!r.ok()) {
      std::string detail = r.err.empty() ? r.describe() : r.err.substr(0, r.err.find('\n'));
      remove_container();
      throw infra_error(engine_ + " could not start a container from " + spec.image + ": " + detail +
                        hint_for(r.err));
    }
    started_ = true;
  }

  ProcessResult exec(ProcessOptions options) override {
    std::vector<std::string> argv = engine_argv({"exec"});
    if (options.stdin_data) argv.push_back("-i");
    if (!options.cwd.empty()) argv.insert(argv.end(), {"-w", options.cwd.string()});
    for (const auto& [k, v] : options.env) argv.insert(argv.end(), {"-e", k + "=" + v});
    argv.push_back(container_);
    argv.insert(argv.end(), options.argv.begin(), options.argv.end());
    options.argv = std::move(argv);
    options.cwd.clear();
    options.env.clear();  // they went to the container, not to the engine's client
    return run_process(options);
  }

  void stop() override {
    if (!started_ && container_.empty()) return;
    remove_container();
    started_ = false;
    container_.clear();
  }

  std::string path_of(const Mount& mount) const override { return mount.guest; }

  std::vector<std::string> reproducer_prefix() const override {
    std::vector<std::string> argv = engine_argv({"run", "--rm"});
    auto args = run_args();
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back(spec_.image);
    return argv;
  }

  std::string image_digest() const override {
    ProcessOptions o;
    // docker keeps no digest for a local image: its ID is the content's hash.
    o.argv = engine_argv({"image", "inspect", "--format", engine_ == "docker" ? "{{.Id}}" : "{{.Digest}}", spec_.image});
    auto r = run_process(o);
    std::string d = r.out.substr(0, r.out.find('\n'));
    return r.ok() ? d : "";
  }

  std::string version() const override {
    ProcessOptions o;
    o.argv = {engine_, "version", "--format", "{{.Client.Version}}"};
    auto r = run_process(o);
    return r.ok() ? r.out.substr(0, r.out.find('\n')) : "";
  }

 private:
  std::vector<std::string> run_args() const {
    std::vector<std::string> a;
    if (engine_ == "podman") a = podman_ulimit_args();
    // docker runs as root unless told: the files a build writes into the
    // user's folders are then the user's, as rootless podman's are.
    if (engine_ == "docker" && ::getuid() != 0)
      a.insert(a.end(), {"--user", std::to_string(::getuid()) + ":" + std::to_string(::getgid())});
    if (!spec_.network) a.push_back("--network=none");
    else if (!spec_.network_name.empty()) a.push_back("--network=" + spec_.network_name);
    for (const auto& m : spec_.mounts)
      a.insert(a.end(), {"-v", m.host.string() + ":" + m.guest + (m.read_only ? ":ro" : "")});
    for (const auto& [k, v] : spec_.env) a.insert(a.end(), {"-e", k + "=" + v});
    for (const auto& d : spec_.devices) a.insert(a.end(), {"--device", d});
    if (!spec_.workdir.empty()) a.insert(a.end(), {"-w", spec_.workdir});
    return a;
  }

  void remove_container() {
    if (container_.empty()) return;
    ProcessOptions rm;
    // podman waits out a stop timeout unless told 0; docker's rm -f kills at once.
    rm.argv = engine_ == "docker" ? engine_argv({"rm", "-f", container_}) : engine_argv({"rm", "-f", "-t", "0", container_});
    rm.timeout = std::chrono::seconds(60);
    rm.ignore_interrupts = true;  // cleanup runs even while a SIGINT is pending
    auto r = run_process(rm);
    if (!r.ok() && r.err.find("no such container") == std::string::npos)
      console::warn("could not remove container {}: {}", container_, r.err.empty() ? r.describe() : r.err);
  }

  static std::string hint_for(const std::string& err) {
    if (err.find("cgroup") != std::string::npos)
      return " (this host uses cgroups v1: install runc, or set KBUILD_PODMAN_RUNTIME=runc)";
    if (err.find("setrlimit") != std::string::npos || err.find("RLIMIT") != std::string::npos)
      return " (raise or lower the limits with KBUILD_PODMAN_ULIMITS, e.g. 'nofile=4096:4096 nproc=4096:4096')";
    return "";
  }

  std::string engine_;
  ContainerSpec spec_;
  std::string container_;
  bool started_ = false;
};

}  // namespace

std::unique_ptr<ContainerRuntime> make_container_runtime(const std::string& name) {
  if (name == "null") return std::make_unique<NullRuntime>();
  if (is_container_engine(name)) return std::make_unique<EngineRuntime>(name);
  throw usage_error("unknown runtime '" + name + "': use podman, docker or null");
}

// A run killed with SIGKILL cannot clean up after itself. Container (and
// network) names carry the owning PID (<prefix>-<pid>-<random>), so the next
// run removes the ones whose owner is gone.
void remove_stale_containers(const std::string& prefix) {
  struct Kind {
    const char* what;
    std::vector<std::string> list, remove;
  };
  const Kind kinds[] = {
      {"container", {"ps", "-a", "--filter", "name=^" + prefix + "-", "--format", "{{.Names}}"}, {"rm", "-f", "-t", "0"}},
      // docker's network rm has no -f (and needs none: the containers are gone first).
      {"network", {"network", "ls", "--format", "{{.Name}}"},
       container_engine() == "docker" ? std::vector<std::string>{"network", "rm"}
                                      : std::vector<std::string>{"network", "rm", "-f"}},
  };
  for (const Kind& kind : kinds) {
    ProcessOptions ls;
    ls.argv = engine_argv(kind.list);
    ls.timeout = std::chrono::seconds(60);
    std::istringstream names(run_process(ls).out);
    for (std::string name; std::getline(names, name);) {
      std::optional<pid_t> owner = owner_pid_in_name(name, prefix);
      if (!owner) continue;
      if (::kill(*owner, 0) == 0 || errno != ESRCH) continue;
      console::info("removing {} {} left behind by a killed run", kind.what, name);
      ProcessOptions rm;
      rm.argv = engine_argv(kind.remove);
      rm.argv.push_back(name);
      rm.timeout = std::chrono::seconds(60);
      run_process(rm);
    }
  }
}

std::vector<std::string> podman_global_args() {
  if (const char* env = std::getenv("KBUILD_PODMAN_RUNTIME"); env && *env) {
    if (std::string(env) == "default") return {};
    return {"--runtime", env};
  }
  // cgroups v2 (unified) hosts work with podman's default runtime; on v1 or
  // hybrid hosts crun refuses to run, runc works.
  bool unified = fs::exists("/sys/fs/cgroup/cgroup.controllers");
  if (!unified && !find_program("runc").empty()) return {"--runtime", "runc"};
  return {};
}

std::vector<std::string> podman_ulimit_args() {
  // Podman's default rlimits are above ours where we lack CAP_SYS_RESOURCE,
  // and then the container fails to start; passing our own (capped) soft
  // limits works everywhere.
  if (const char* env = std::getenv("KBUILD_PODMAN_ULIMITS"); env && *env) {
    std::vector<std::string> out;
    std::string s = env;
    size_t pos = 0;
    while (pos < s.size()) {
      size_t sp = s.find(' ', pos);
      std::string item = s.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos);
      if (!item.empty()) out.insert(out.end(), {"--ulimit", item});
      if (sp == std::string::npos) break;
      pos = sp + 1;
    }
    return out;
  }
  auto limit = [](int resource, rlim_t cap) {
    struct rlimit rl {};
    getrlimit(resource, &rl);
    rlim_t v = rl.rlim_cur == RLIM_INFINITY ? cap : std::min(rl.rlim_cur, cap);
    return std::to_string(v) + ":" + std::to_string(v);
  };
  return {"--ulimit", "nofile=" + limit(RLIMIT_NOFILE, 65536),
          "--ulimit", "nproc=" + limit(RLIMIT_NPROC, 8192)};
}

}  // namespace kc
