#pragma once
// Where build commands run: on the host ("null") or in one long-lived
// container per build ("podman" or "docker", the engine that runs it). The container is started once, commands are
// exec'd in it, and it is always removed at the end: by stop(), by the
// destructor on error paths, and after SIGINT/SIGTERM (the caller returns
// normally after process.h reports `interrupted`, so destructors run).
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/process.h"

namespace kc {

struct Mount {
  std::filesystem::path host;
  std::string guest;  // fixed path inside the container, e.g. /kbuild/src
  bool read_only = false;
};

struct ContainerSpec {
  std::string image;                          // ignored by the null runtime
  std::vector<Mount> mounts;
  std::map<std::string, std::string> env;     // applied to every exec
  std::string workdir;                        // guest path
  bool network = false;                       // false: --network=none
  std::string network_name;                   // with network: an engine network to join ("" = the engine's default)
  std::string name_prefix = "kbuild";         // container name prefix
  std::vector<std::string> devices;           // host devices passed in (/dev/kvm)
};

class ContainerRuntime {
 public:
  virtual ~ContainerRuntime() = default;
  virtual std::string name() const = 0;
  // Checks the runtime is usable (binary present, image present). Throws
  // kc::Error(Infrastructure) with a message saying what to install/do.
  virtual void check_available() const = 0;
  virtual void start(const ContainerSpec& spec) = 0;
  // Runs argv inside. options.cwd and paths in argv are runtime paths (see
  // path_of). options.env adds to the spec's env.
  virtual ProcessResult exec(ProcessOptions options) = 0;
  // Idempotent; removes the container.
  virtual void stop() = 0;
  // Path under which a mount is seen by commands run through exec(): the
  // guest path in a container, the host path for null.
  virtual std::string path_of(const Mount& mount) const = 0;
  // The argv prefix that reproduces one exec by hand (for build.log's first line).
  virtual std::vector<std::string> reproducer_prefix() const = 0;
  // Image identity for metadata ("" for null).
  virtual std::string image_digest() const { return ""; }
  virtual std::string version() const { return ""; }
};

// "null", "podman" or "docker"; throws kc::Error(Usage) for anything else.
// A container runtime makes its engine the process's (select_container_engine).
std::unique_ptr<ContainerRuntime> make_container_runtime(const std::string& name);

// Podman's global arguments for this host: `--runtime runc` where crun cannot
// work (cgroups v1/hybrid) and explicit --ulimit values at our own limits
// (podman's defaults fail without CAP_SYS_RESOURCE). Overridable with
// $KBUILD_PODMAN_RUNTIME (an OCI runtime name, or "default").
std::vector<std::string> podman_global_args();
// Removes the engine's containers and networks named <prefix>-<pid>-<random>
// whose owning process is gone: what a run killed with SIGKILL left.
void remove_stale_containers(const std::string& prefix);
std::vector<std::string> podman_ulimit_args();

}  // namespace kc
