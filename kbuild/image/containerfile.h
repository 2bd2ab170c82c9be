// Turning an image recipe into the Containerfile podman builds, and the hash
// that identifies it: an image carries its recipe hash as a label, so a
// changed recipe is seen as an outdated image and an unchanged one is reused.
// (The base it starts from: common/base_image.h.)
#pragma once

#include <string>

#include "kbuild/image/recipe.h"

namespace kbuild::image {

// The Containerfile for an image; it names the base image and the base hash,
// so the image hash changes when the base recipe does. Throws
// kc::Error(Infrastructure) for a package or path name that is not safe to
// put into a RUN line.
std::string render_containerfile(const ImageRecipe& recipe);
std::string image_hash(const ImageRecipe& recipe);

}  // namespace kbuild::image
