#pragma once
// The base image both tools build on: a minimal Debian with the tools every
// kernel build needs (containers/base.yaml), bootstrapped with mmdebstrap and
// imported into the container engine as kbuild/base_<suite>. kbuild's toolchain images and
// krun's qemu image start FROM it and name its hash in their Containerfile,
// so a changed base recipe rebuilds them as well.
#include <filesystem>
#include <string>
#include <vector>

namespace kc {

struct BaseRecipe {
  std::string mirror;
  std::vector<std::string> packages;
  std::vector<std::string> tools;  // what kbuild --check-environment requires
};

// Loads and validates a base recipe; throws kc::Error(Infrastructure) naming
// the file.
BaseRecipe load_base_recipe(const std::filesystem::path& file);

// "kbuild/base_<suite>": one name whichever tool makes it, so kbuild and krun
// share one image (and the bases already built or pushed to a registry).
std::string base_image_name(const std::string& suite);

// Canonical text of the base for one suite (what the base hash covers).
std::string render_base_recipe(const BaseRecipe& base, const std::string& suite);
std::string base_hash(const BaseRecipe& base, const std::string& suite);

// argv that bootstraps the base into a tarball. Throws kc::Error
// (Infrastructure) for a package name that is not a Debian package name.
std::vector<std::string> mmdebstrap_argv(const BaseRecipe& base, const std::string& suite,
                                         const std::string& mirror, const std::string& out_tar);

// What differs between the tools that make the base.
struct BaseImageTool {
  std::string tool;                   // whose cache holds logs and scratch: "kbuild", "krun"
  std::filesystem::path recipes_dir;  // where the recipe is, for messages
  std::string registry_setting;       // how a user sets a registry, for messages
};

// Makes kbuild/base_<suite> current: a local image labelled with the base
// hash is kept, else it is pulled from `registry` (when set and it has it),
// else bootstrapped (mmdebstrap from $KBUILD_DEBIAN_MIRROR or the recipe's
// mirror, then the engine's `import`). Throws kc::ImageBuildError / kc::Error
// naming the log.
void ensure_base_image(const BaseRecipe& base, const std::string& suite, const std::string& registry,
                       const BaseImageTool& tool);

}  // namespace kc
