#pragma once
// The build engine: validate → prepare the runtime → config → targets in
// dependency order → artifacts → metadata → hooks → cleanup (always).
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "common/container_runtime.h"
#include "kbuild/image/image.h"
#include "kbuild/options.h"

namespace kbuild {

// What a build takes from the world around it: where commands run (the
// container runtime: podman, the host, or a fake in unit tests), how its
// image is made current, how a URL is read, and where its data lives.
// Production uses the defaults; unit tests pass fakes (as ninja's Builder
// takes its CommandRunner and DiskInterface).
struct BuildServices {
  std::function<std::unique_ptr<kc::ContainerRuntime>(const std::string& name)> make_runtime;
  std::function<std::string(const image::Request&)> ensure_image;
  std::function<std::string(const std::string& url)> fetch;
  std::filesystem::path data_dir;  // empty: kbuild's (KBUILD_DATA_DIR or next to the binary)
};

// Runs one build and returns kbuild's exit code (0 ok, 2 a target or hook
// failed, 128+signal when interrupted; with --bisect the bisect mapping).
// Throws kc::Error for bad input (Usage) and infrastructure problems found
// before the build starts.
int run_build(Options options, BuildServices services = {});

// The architecture kbuild builds for when -a is not given.
std::string host_arch_name();

}  // namespace kbuild
