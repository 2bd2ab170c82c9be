// Image resolution: a current local image → a registry pull → a local build.
#include <cstdlib>

#include <fmt/format.h>

#include "common/base_image.h"
#include "common/console.h"
#include "common/errors.h"
#include "common/host_machine.h"
#include "common/file_lock.h"
#include "common/image_builder.h"
#include "common/podman_images.h"
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
  kc::require_podman();
  const std::string name = image_name(req.arch, req.toolchain);
  const std::string ref = local_ref(name);
  const std::string hash = image_hash(recipe);

  auto local = kc::inspect_image(ref);
  if (!force && local && local->recipe_hash == hash) {
    kc::console::debug("{} is current (recipe {})", ref, hash.substr(0, 16));
    return ref;
  }
  if (req.offline) {
    if (local) {
      kc::console::warn("offline: using the local {} although its recipe changed; run "
                        "`kbuild image build {}_{}` when the network is back",
                        ref, req.arch, req.toolchain);
      return ref;
    }
    throw kc::infra_error(fmt::format(
        "offline: image {} is not available locally and cannot be pulled or built without "
        "network; build it first with `kbuild image build {}_{}`",
        name, req.arch, req.toolchain));
  }

  kc::FileLock lock(kc::image_lock_path("kbuild", name), name);
  local = kc::inspect_image(ref);
  if (!force && local && local->recipe_hash == hash) return ref;
  if (local)
    kc::console::info("{} is outdated (its recipe changed): rebuilding", name);
  const std::string registry = effective_registry(req);
  if (!registry.empty() && kc::pull_image(registry, name, hash)) return ref;
  try {
    kc::ensure_base_image(recipe.base, recipe.suite, registry,
                          {"kbuild", recipes_dir(), "--image-registry or KBUILD_IMAGE_REGISTRY"});
    build_image(recipe, hash);
  } catch (const kc::ImageBuildError& e) {
    if (e.network() && local) {
      kc::console::error("{}", e.what());
      kc::console::warn("no network: using the existing local {} built from an older recipe", ref);
      return ref;
    }
    throw;
  }
  return ref;
}

std::string ensure(const Request& req) { return ensure_image(req, false); }

}  // namespace kbuild::image
