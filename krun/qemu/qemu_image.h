#pragma once
// The container image qemu runs in for `--runtime podman`: recipe as data
// (containers/qemu.yaml), rendered into a Containerfile FROM the project's
// base image, and made current like kbuild's images (common/image_builder.h):
// a local image whose recipe-hash label matches → a registry pull → a local
// `podman build --pull=never`.
#include <filesystem>
#include <string>
#include <vector>

namespace krun {

struct QemuImageRecipe {
  std::filesystem::path file;
  std::string suite;                  // Debian suite, e.g. "bookworm"
  std::string base;                   // base image name, e.g. "kbuild/base_bookworm"
  std::vector<std::string> packages;
};

// containers/qemu.yaml in krun's data folder, or $KRUN_QEMU_IMAGE_RECIPE.
std::filesystem::path qemu_image_recipe_path();

// Throws kc::Error(Infrastructure) naming the file for a malformed recipe
// or a package name that is not a Debian package name.
QemuImageRecipe load_qemu_image_recipe(const std::filesystem::path& file);

// "krun/qemu_<suite>".
std::string qemu_image_name(const QemuImageRecipe& recipe);
std::string render_qemu_containerfile(const QemuImageRecipe& recipe);
std::string qemu_image_hash(const QemuImageRecipe& recipe);

// The local reference of a current qemu image ("localhost/krun/qemu_bookworm"),
// built when needed. Registry: $KRUN_IMAGE_REGISTRY, else $KBUILD_IMAGE_REGISTRY.
// Throws kc::Error(Infrastructure) with a one-line cause (podman missing, base
// image missing, package Debian lacks with the log's path).
std::string ensure_qemu_image();

}  // namespace krun
