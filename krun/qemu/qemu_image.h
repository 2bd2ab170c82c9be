#pragma once
// The container image qemu runs in for `--runtime podman`: recipe as data
// (containers/qemu.yaml), one of krun's package images
// (krun/images/package_image.h) FROM the base image both tools share.
#include <filesystem>
#include <string>

#include "krun/images/package_image.h"

namespace krun {

using QemuImageRecipe = PackageImageRecipe;

// containers/qemu.yaml in krun's data folder, or $KRUN_QEMU_IMAGE_RECIPE.
std::filesystem::path qemu_image_recipe_path();

// Loads the recipe and the base recipe it names. Throws
// kc::Error(Infrastructure) naming the file (see load_package_image_recipe).
QemuImageRecipe load_qemu_image_recipe(const std::filesystem::path& file);

// "krun/qemu_<suite>".
std::string qemu_image_name(const QemuImageRecipe& recipe);
std::string render_qemu_containerfile(const QemuImageRecipe& recipe);
std::string qemu_image_hash(const QemuImageRecipe& recipe);

// The local reference of a current qemu image ("localhost/krun/qemu_bookworm"),
// made when needed, with its base.
std::string ensure_qemu_image();

}  // namespace krun
