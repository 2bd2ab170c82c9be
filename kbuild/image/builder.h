// Making images locally: the base with mmdebstrap + `podman import`, an
// arch × toolchain image with `podman build`, each into a temporary tag that
// is renamed to the real name only when the build succeeded, so an
// interrupted or failed build never leaves a half image under a good name.
// Progress goes to stderr (I: lines), the full output to a log file that an
// error names.
#pragma once

#include <filesystem>
#include <string>

#include "common/image_builder.h"
#include "kbuild/image/recipe.h"

namespace kbuild::image {

// A failed image build; `network` when the log shows the mirror unreachable
// (the caller may then fall back to an outdated local image).
using BuildError = kc::ImageBuildError;

// Where build logs go: <user cache>/logs.
std::filesystem::path logs_dir();

// Bootstraps kbuild/base_<suite> (mmdebstrap → podman import) labelled with
// `hash`. Throws BuildError / kc::Error naming the log.
void build_base(const BaseRecipe& base, const std::string& suite, const std::string& hash);

// Builds kbuild/<arch>_<toolchain> from its rendered Containerfile, labelled
// with `hash`; the base must exist locally.
void build_image(const ImageRecipe& recipe, const std::string& hash);

// Pulls <registry>/<name>:<hash prefix> and tags it as the local name when
// its label matches `hash`. False (with a warning saying why) otherwise.
bool pull_image(const std::string& registry, const std::string& name, const std::string& hash);

// Registry tag for an image built from a recipe with this hash.
std::string registry_tag(const std::string& hash);

}  // namespace kbuild::image
