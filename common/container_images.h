#pragma once
// The container engine the project drives, podman (the default) or docker
// (Debian's docker.io), and the few image operations its image code needs
// (kbuild's toolchain images, krun's qemu image), each one process of the
// engine's command line. Both engines build the same images from the same
// recipes and run them with the same options; where their command lines
// differ, these functions (and container_runtime.cc) speak each one's.
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

// "podman" or "docker".
bool is_container_engine(const std::string& name);

// The engine of this process: the one select_container_engine() chose
// (kbuild -r, krun --runtime), else podman when installed, else docker when
// installed, else podman (whose absence require_container_engine reports).
std::string container_engine();

// Chooses the engine for the rest of the process; throws kc::Error(Usage)
// for a name that is not one.
void select_container_engine(const std::string& engine);

// Throws kc::Error(Infrastructure) saying what to install when the engine
// is not in PATH.
void require_container_engine();

// {engine, <podman's global args>..., args...}
std::vector<std::string> engine_argv(const std::vector<std::string>& args);

// Runs the engine with output captured (callbacks unset) or streamed.
ProcessResult run_engine(ProcessOptions options, std::chrono::seconds timeout = std::chrono::seconds(120));

// Local names are kept under localhost/ (podman's own convention; docker
// reads "localhost" as a registry host name and keeps the name as given).
std::string local_image_ref(const std::string& name);

// The local image `ref` (e.g. "localhost/kbuild/x86_64_gcc-12"), if present.
std::optional<LocalImage> inspect_image(const std::string& ref);

// The recipe-hash label from an image's "Labels" object as the engine prints
// it in JSON ("" when absent).
std::string recipe_hash_label(const nlohmann::json& labels);

// Removes a tag (not the layers another tag still uses); quiet when absent.
// Runs even while an interrupt is pending (it is cleanup).
void untag_image(const std::string& ref);

// Tags `source` as `target`; throws kc::Error(Infrastructure).
void tag_image(const std::string& source, const std::string& target);

}  // namespace kc
