// Turning a recipe into what podman and mmdebstrap consume, and the hashes
// that identify a recipe: an image carries its recipe hash as a label, so a
// changed recipe is seen as an outdated image and an unchanged one is reused.
#pragma once

#include <string>
#include <vector>

#include "common/podman_images.h"
#include "kbuild/image/recipe.h"

namespace kbuild::image {

inline constexpr const char* kHashLabel = kc::kImageRecipeHashLabel;

// Canonical text of the base for one suite (what the base hash covers).
std::string render_base_recipe(const BaseRecipe& base, const std::string& suite);
std::string base_hash(const BaseRecipe& base, const std::string& suite);

// The Containerfile for an image; it names the base image and the base hash,
// so the image hash changes when the base recipe does. Throws
// kc::Error(Infrastructure) for a package or path name that is not safe to
// put into a RUN line.
std::string render_containerfile(const ImageRecipe& recipe);
std::string image_hash(const ImageRecipe& recipe);

// argv that bootstraps the base into a tarball.
std::vector<std::string> mmdebstrap_argv(const BaseRecipe& base, const std::string& suite,
                                         const std::string& mirror, const std::string& out_tar);

}  // namespace kbuild::image
