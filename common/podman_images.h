#pragma once
// The few podman image operations the project's image code needs (kbuild's
// toolchain images, krun's qemu image), each one process with the host's
// global podman arguments (kc::podman_global_args).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/process.h"

namespace kc {

// Every image the project builds carries the hash of its recipe under this
// label: a changed recipe is seen as an outdated image, an unchanged one is
// reused without work.
inline constexpr const char* kImageRecipeHashLabel = "org.kbuild.recipe-hash";

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
ProcessResult run_podman(ProcessOptions options, std::chrono::seconds timeout = std::chrono::seconds(120));

// Podman stores unqualified local names under localhost/.
std::string local_image_ref(const std::string& name);

// The local image `ref` (e.g. "localhost/kbuild/x86_64_gcc-12"), if present.
std::optional<LocalImage> inspect_image(const std::string& ref);

// The recipe-hash label from an image's "Labels" object as podman prints it
// in JSON ("" when absent).
std::string recipe_hash_label(const nlohmann::json& labels);

// Removes a tag (not the layers another tag still uses); quiet when absent.
// Runs even while an interrupt is pending (it is cleanup).
void untag_image(const std::string& ref);

// Tags `source` as `target`; throws kc::Error(Infrastructure).
void tag_image(const std::string& source, const std::string& target);

}  // namespace kc
