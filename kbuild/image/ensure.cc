// Image resolution: a current local image → a registry pull → a local build.
#include <cstdlib>

#include <fmt/format.h>

#include "common/base_image.h"
#include "common/console.h"
#include "common/errors.h"
#include "common/host_machine.h"
#include "common/image_builder.h"
#include "common/container_images.h"
#include "kbuild/image/containerfile.h"
#include "kbuild/image/image.h"
#include "kbuild/image/recipe.h"

namespace kbuild::image {
namespace {

std::string effective_registry(const Request& req) {
  if (!req.registry.empty()) return req.registry;
  const char* env = std::getenv("KBUILD_IMAGE_REGISTRY");
  return env ? env : "";
}

// kbuild/<arch>_<toolchain> from its rendered Containerfile; the base must
// exist locally.
void build_image(const ImageRecipe& recipe, const std::string& hash) {
  kc::build_image_from_containerfile({"kbuild", image_name(recipe.arch, recipe.toolchain),
                                      render_containerfile(recipe), hash, recipe.suite, recipes_dir()});
}

}  // namespace

std::string recipe_hash(const std::string& arch, const std::string& toolchain) {
  RecipeSet set = load_recipes(recipes_dir());
  return image_hash(resolve_recipe(set, arch, toolchain, kc::host_machine()));
}

std::string ensure_image(const Request& req, bool force) {
  RecipeSet set = load_recipes(recipes_dir());
  ImageRecipe recipe = resolve_recipe(set, req.arch, req.toolchain, kc::host_machine());
  kc::require_container_engine();
  const std::string name = image_name(req.arch, req.toolchain);
  const std::string registry = effective_registry(req);
  kc::CurrentImage image{name, image_hash(recipe), kc::image_lock_path("kbuild", name), registry, force, req.offline,
                         fmt::format("kbuild image build {}_{}", req.arch, req.toolchain), true};
  return kc::ensure_current_image(image, [&] {
    kc::ensure_base_image(recipe.base, recipe.suite, registry,
                          {"kbuild", recipes_dir(), "--image-registry or KBUILD_IMAGE_REGISTRY"});
    build_image(recipe, image.hash);
  });
}

std::string ensure(const Request& req) { return ensure_image(req, false); }

}  // namespace kbuild::image
