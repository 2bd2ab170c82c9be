#pragma once
// krun's own container images (qemu for `--runtime podman`, the image LTP is
// built in): a list of Debian packages installed FROM the base image both
// tools share (common/base_image.h, recipe containers/base.yaml). A recipe is
// data (containers/<name>.yaml: suite, base, packages); the image carries
// the hash of its rendered Containerfile, which names the base hash, so a
// change to either recipe rebuilds it and an unchanged one means no work.
// Made current like kbuild's images (common/image_builder.h): a local image
// whose label matches → a registry pull → a local `podman build --pull=never`
// after making the base current the same way.
#include <filesystem>
#include <string>
#include <vector>

#include "common/base_image.h"
#include "yaml-cpp/yaml.h"

namespace krun {

struct PackageImageRecipe {
  std::filesystem::path file;
  std::string suite;                  // Debian suite, e.g. "bookworm"
  std::filesystem::path base_file;    // the base recipe, beside `file` (containers/base.yaml)
  kc::BaseRecipe base;                // loaded from base_file
  std::vector<std::string> packages;
};

// Reads `suite`, `base` and `packages` of a recipe (a recipe with more
// fields reads them from `node` itself). Throws kc::Error(Infrastructure)
// naming the file for a malformed recipe, a base that is not a recipe file
// beside it, an empty package list, or a package name that is not a Debian
// package name. `reinstall_hint` ends the message for a missing file.
PackageImageRecipe load_package_image_recipe(const std::filesystem::path& file, const YAML::Node& node,
                                             const std::string& reinstall_hint);

// What one image is: its name ("krun/qemu_bookworm"), the recipe, and a
// format version bumped when the rendering changes in a way that must
// rebuild existing images.
struct PackageImage {
  std::string name;
  PackageImageRecipe recipe;
  int format_version = 1;
  // The recipe's name in containers/ ("qemu.yaml"), for the Containerfile's
  // header: not its path, which must not change the hash.
  std::string recipe_name;
};

std::string render_package_containerfile(const PackageImage& image);
std::string package_image_hash(const PackageImage& image);

// The local reference of the current image ("localhost/<name>"), made when
// needed, with its base. Registry: $KRUN_IMAGE_REGISTRY, else
// $KBUILD_IMAGE_REGISTRY. Throws kc::Error(Infrastructure) with a one-line
// cause (podman or mmdebstrap missing, a package Debian lacks, with the
// log's path).
std::string ensure_package_image(const PackageImage& image);

}  // namespace krun
