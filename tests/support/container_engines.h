#pragma once
// The container engines the system tests drive for real (podman, docker):
// whether one can run containers here, and the project's containers it holds.
#include <string>
#include <vector>

namespace testenv {

// "" when `engine` is installed and, for docker, its daemon answers
// (Debian's docker.io starts none in a container or chroot; .ci/run starts
// one); else why not, for REQUIRE_OR_SKIP.
std::string container_engine_problem(const std::string& engine);

// Names of the engine's containers (running or not) starting with `prefix`
// ("krun-", "kbuild-").
std::vector<std::string> container_names(const std::string& engine, const std::string& prefix);

}  // namespace testenv
