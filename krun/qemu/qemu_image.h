#pragma once
// The container image qemu runs in for `--runtime podman`: recipe as data
// (containers/qemu.yaml), rendered into a Containerfile FROM the base image
// both tools share (common/base_image.h, recipe containers/base.yaml), and
// made current like kbuild's images (common/image_builder.h): a local image
// whose recipe-hash label matches → a registry pull → a local
// `podman build --pull=never`, after making the base current the same way.
#include <filesystem>
#include <string>
#include <vector>

#include "common/base_image.h"

namespace krun {

struct QemuImageRecipe {
  std::filesystem::path file;
  std::string suite;                  // Debian suite, e.g. "bookworm"
  std::filesystem::path base_file;    // the base recipe, beside `file` (containers/base.yaml)
  kc::BaseRecipe base;                // loaded from base_file
  std::vector<std::string> packages;
};

// containers/qemu.yaml in krun's data folder, or $KRUN_QEMU_IMAGE_RECIPE.
std::filesystem::path qemu_image_recipe_path();

// Loads the recipe and the base recipe it names. Throws
// kc::Error(Infrastructure) naming the file for a malformed recipe, a base
// that is not a recipe file beside it, or a package name that is not a
// Debian package name.
QemuImageRecipe load_qemu_image_recipe(const std::filesystem::path& file);

// "krun/qemu_<suite>".
std::string qemu_image_name(const QemuImageRecipe& recipe);
// Names the base image and the base hash, so the qemu image hash changes
// when the base recipe does.
std::string render_qemu_containerfile(const QemuImageRecipe& recipe);
std::string qemu_image_hash(const QemuImageRecipe& recipe);

// The local reference of a current qemu image ("localhost/krun/qemu_bookworm"),
// made when needed, with its base. Registry: $KRUN_IMAGE_REGISTRY, else
// $KBUILD_IMAGE_REGISTRY. Throws kc::Error(Infrastructure) with a one-line
// cause (podman or mmdebstrap missing, package Debian lacks with the log's
// path).
std::string ensure_qemu_image();

}  // namespace krun
