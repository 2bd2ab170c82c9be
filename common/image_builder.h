#pragma once
// Making project images locally with the container engine (podman or docker): each step's full output goes to
// a log file (progress lines on stderr), a failure is explained (a package
// Debian lacks, no network) with the log's path, and an image is built into
// a temporary tag that is renamed to its real name only when the build
// succeeded, so an interrupted or failed build never leaves a half image
// under a good name.
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/errors.h"
#include "common/process.h"

namespace kc {

// A failed image build; `network` when the log shows the mirror unreachable
// (the caller may then fall back to an outdated local image).
class ImageBuildError : public Error {
 public:
  ImageBuildError(ErrorKind kind, const std::string& message, bool network)
      : Error(kind, message), network_(network) {}
  bool network() const { return network_; }

 private:
  bool network_;
};

// A Debian package name (policy 5.6.7), with an architecture qualifier
// (":amd64") only when `arch_qualifier` allows it. Recipes' package names go
// into a Containerfile RUN line: nothing else may get there.
bool is_debian_package_name(const std::string& name, bool arch_qualifier);
// The same check for a recipe's package list: throws kc::Error
// (Infrastructure) "recipe package name '<name>' is not a valid Debian
// package name" for the first one that is not.
void require_debian_package_names(const std::vector<std::string>& names, bool arch_qualifier);

// A recipe list in canonical order, repeats dropped: the order a recipe lists
// its packages in never changes what is rendered or hashed.
std::vector<std::string> sorted_unique(std::vector<std::string> names);

// Where image build logs go: <user cache of `tool`>/logs.
std::filesystem::path image_logs_dir(const std::string& tool);
// A new, unique log file for building `name` (e.g. "kbuild/base_bookworm").
std::filesystem::path new_image_log_path(const std::string& tool, const std::string& name);

// One step of an image build: output appended to the log, step lines shown
// as progress labelled `label`, the last part of the output kept to explain
// a failure.
struct LoggedRun {
  ProcessResult result;
  std::string tail;
};
LoggedRun run_logged(const std::vector<std::string>& argv, const std::filesystem::path& log_path,
                     const std::string& label, std::chrono::seconds timeout);

// Turns a failed step into the error a user can act on: interrupted, could
// not start, mirror unreachable, packages Debian `suite` lacks (fix the
// recipe in `recipes_dir`), or the exit status; always names the log.
[[noreturn]] void fail_image_step(const LoggedRun& run, const std::string& what,
                                  const std::filesystem::path& log_path, const std::string& suite,
                                  const std::filesystem::path& recipes_dir);

// "localhost/<name>:building-<pid>": where a build lands before it is named.
std::string temporary_image_ref(const std::string& name);

// One image from a rendered Containerfile: the engine's `build`, never pulling
// (its FROM image must exist locally), labelled with the recipe hash.
struct ContainerfileBuild {
  std::string tool;            // whose cache holds logs and scratch: "kbuild", "krun"
  std::string name;            // e.g. "krun/qemu_bookworm" (stored as localhost/<name>)
  std::string containerfile;   // rendered text
  std::string hash;            // recipe hash label value
  std::string suite;           // Debian suite, for messages
  std::filesystem::path recipes_dir;  // for messages
};
void build_image_from_containerfile(const ContainerfileBuild& build);

// Registry tag for an image built from a recipe with this hash.
std::string registry_image_tag(const std::string& hash);

// Pulls <registry>/<name>:<registry tag> and tags it as the local name when
// its recipe label matches `hash`. False (with a warning saying why) otherwise.
bool pull_image(const std::string& registry, const std::string& name, const std::string& hash);

// <user cache of `tool`>/locks/<name, '/' as '_'>.lock: the lock runs that
// make image `name` take, so that one makes it and the others reuse it.
std::filesystem::path image_lock_path(const std::string& tool, const std::string& name);

// The one way every image of both tools is made current (its recipe label
// equals `hash`): a current local image is kept; otherwise, holding `lock`
// (an image another run made while this one waited is reused), it is pulled
// from `registry` when one is set and has it, else made by `build`.
struct CurrentImage {
  std::string name, hash;
  std::filesystem::path lock;
  std::string registry;
  bool force = false;        // rebuild even a current image (kbuild image build --force)
  bool offline = false;      // no pull, no build: a local image, current or not, or an error
  std::string rebuild_hint;  // how the user makes it, for the offline messages ("kbuild image build x86_64_gcc-12")
  // When the build fails for lack of network, an older local image is used
  // (with a warning) rather than failing: a toolchain image is; a base is not
  // (the images on top of it would record a base they were not built on).
  bool older_when_offline = false;
};
// Returns the local reference.
std::string ensure_current_image(const CurrentImage& image, const std::function<void()>& build);
void ensure_current_image(const std::string& name, const std::string& hash, const std::filesystem::path& lock,
                          const std::string& registry, const std::function<void()>& build);

}  // namespace kc
