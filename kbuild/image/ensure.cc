// Image resolution: a current local image → a registry pull → a local build.
#include <cstdlib>

#include <fmt/format.h>

#include "common/console.h"
#include "common/data_dir.h"
#include "common/errors.h"
#include "kbuild/image/builder.h"
#include "kbuild/image/containerfile.h"
#include "kbuild/image/file_lock.h"
#include "kbuild/image/image.h"
#include "kbuild/image/podman_images.h"
#include "kbuild/image/recipe.h"

namespace kbuild::image {
namespace {

std::string effective_registry(const Request& req) {
  if (!req.registry.empty()) return req.registry;
  const char* env = std::getenv("KBUILD_IMAGE_REGISTRY");
  return env ? env : "";
}

std::filesystem::path lock_path(const std::string& name) {
  std::string file = name;
  for (char& c : file)
    if (c == '/') c = '_';
  return kc::user_cache_dir("kbuild") / "locks" / (file + ".lock");
}

// The base image for a suite, made current (pulled or bootstrapped).
void ensure_base(const BaseRecipe& base, const std::string& suite, const std::string& registry) {
  const std::string name = base_image_name(suite);
  const std::string hash = base_hash(base, suite);
  auto current = [&] {
    auto img = inspect_image(local_ref(name));
    return img && img->recipe_hash == hash;
  };
  if (current()) return;
  FileLock lock(lock_path(name), name);
  if (current()) return;  // made by the kbuild we waited for
  if (!registry.empty() && pull_image(registry, name, hash)) return;
  build_base(base, suite, hash);
}

}  // namespace

std::string recipe_hash(const std::string& arch, const std::string& toolchain) {
  RecipeSet set = load_recipes(recipes_dir());
  return image_hash(resolve_recipe(set, arch, toolchain, host_machine()));
}

std::string ensure_image(const Request& req, bool force) {
  RecipeSet set = load_recipes(recipes_dir());
  ImageRecipe recipe = resolve_recipe(set, req.arch, req.toolchain, host_machine());
  require_podman();
  const std::string name = image_name(req.arch, req.toolchain);
  const std::string ref = local_ref(name);
  const std::string hash = image_hash(recipe);

  auto local = inspect_image(ref);
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

  FileLock lock(lock_path(name), name);
  local = inspect_image(ref);
  if (!force && local && local->recipe_hash == hash) return ref;
  if (local)
    kc::console::info("{} is outdated (its recipe changed): rebuilding", name);
  const std::string registry = effective_registry(req);
  if (!registry.empty() && pull_image(registry, name, hash)) return ref;
  try {
    ensure_base(recipe.base, recipe.suite, registry);
    build_image(recipe, hash);
  } catch (const BuildError& e) {
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
