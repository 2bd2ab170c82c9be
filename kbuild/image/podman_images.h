// The few podman image operations the image code needs, each one process
// with the host's global podman arguments (kc::podman_global_args).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/process.h"

namespace kbuild::image {

struct LocalImage {
  std::string id;
  std::string recipe_hash;  // "" when the label is absent
};

// Throws kc::Error(Infrastructure) saying what to install when podman is
// not in PATH.
void require_podman();

// {"podman", <global args>..., args...}
std::vector<std::string> podman_argv(const std::vector<std::string>& args);

// Runs podman with output captured (callbacks unset) or streamed.
kc::ProcessResult run_podman(kc::ProcessOptions options,
                             std::chrono::seconds timeout = std::chrono::seconds(120));

// The local image `ref` (e.g. "localhost/kbuild/x86_64_gcc-12"), if present.
std::optional<LocalImage> inspect_image(const std::string& ref);

// Every local image named localhost/kbuild/*:latest, by name without the
// "localhost/" prefix and tag ("kbuild/x86_64_gcc-12").
std::map<std::string, LocalImage> list_kbuild_images();

// Removes a tag (not the layers another tag still uses); quiet when absent.
// Runs even while an interrupt is pending (it is cleanup).
void untag(const std::string& ref);

// Tags `source` as `target`; throws kc::Error(Infrastructure).
void tag(const std::string& source, const std::string& target);

}  // namespace kbuild::image
