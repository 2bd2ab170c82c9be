#include "krun/images/package_image.h"

#include <cstdlib>
#include <regex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/console.h"
#include "common/errors.h"
#include "common/image_builder.h"
#include "common/container_images.h"
#include "common/recipe_file.h"
#include "common/sha256.h"
#include "common/yaml_file.h"

namespace krun {

namespace {

// Package names go into a RUN line: only Debian package names get there
// (krun's images are for the host's arch: no ":arch" qualifiers).
void check_package_name(const std::filesystem::path& file, const std::string& name) {
  if (!kc::is_debian_package_name(name, false))
    throw kc::recipe_error(file, fmt::format("'{}' is not a valid Debian package name", name));
}

// `base` names a recipe file beside this one (no folders, so the recipe
// cannot reach outside the recipes folder).
std::filesystem::path base_recipe_file(const std::filesystem::path& file, const std::string& base,
                                       const std::string& reinstall_hint) {
  static const std::regex yaml_name("[a-z0-9._-]+\\.yaml");
  if (!std::regex_match(base, yaml_name))
    throw kc::recipe_error(file, fmt::format("'base' is '{}'; it names the base recipe beside this file, "
                                             "e.g. base.yaml",
                                             base));
  std::filesystem::path base_file = file.parent_path() / base;
  if (!std::filesystem::is_regular_file(base_file))
    throw kc::recipe_error(file, fmt::format("its base recipe {} is missing; {}", base_file.string(), reinstall_hint));
  return base_file;
}

std::string registry() {
  for (const char* var : {"KRUN_IMAGE_REGISTRY", "KBUILD_IMAGE_REGISTRY"})
    if (const char* v = std::getenv(var); v && *v) return v;
  return "";
}

}  // namespace

PackageImageRecipe load_package_image_recipe(const std::filesystem::path& file, const YAML::Node& node,
                                             const std::string& reinstall_hint) {
  PackageImageRecipe r;
  r.file = file;
  r.suite = kc::recipe_string(node, "suite", file);
  r.packages = kc::yaml_string_list(node, "packages", file);
  if (r.packages.empty()) throw kc::recipe_error(file, "'packages' is empty");
  static const std::regex word("[a-z0-9._-]+");
  if (!std::regex_match(r.suite, word)) throw kc::recipe_error(file, "'suite' may hold only a-z 0-9 . _ -");
  for (const auto& p : r.packages) check_package_name(file, p);
  r.base_file = base_recipe_file(file, kc::recipe_string(node, "base", file), reinstall_hint);
  r.base = kc::load_base_recipe(r.base_file);
  return r;
}

std::string render_package_containerfile(const PackageImage& image) {
  const PackageImageRecipe& r = image.recipe;
  for (const auto& p : r.packages) check_package_name(r.file, p);
  const std::vector<std::string> packages = kc::sorted_unique(r.packages);
  std::string out;
  out += fmt::format("# {} (format {}), rendered from containers/{}\n", image.name, image.format_version,
                     image.recipe_name);
  out += fmt::format("FROM {}\n", kc::local_image_ref(kc::base_image_name(r.suite)));
  out += fmt::format("LABEL org.krun.image=\"{}\" org.krun.base-hash=\"{}\"\n", image.name,
                     kc::base_hash(r.base, r.suite));
  out += "ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8\n";
  out += "RUN apt-get update \\\n";
  out += fmt::format(" && apt-get install -y --no-install-recommends {} \\\n", fmt::join(packages, " "));
  out += " && apt-get clean && rm -rf /var/lib/apt/lists/*\n";
  return out;
}

std::string package_image_hash(const PackageImage& image) {
  return kc::sha256_hex(render_package_containerfile(image));
}

std::string ensure_package_image(const PackageImage& image) {
  kc::require_container_engine();
  const PackageImageRecipe& recipe = image.recipe;
  const std::string ref = kc::local_image_ref(image.name);
  const std::string hash = package_image_hash(image);
  const std::filesystem::path recipes_dir = recipe.file.parent_path();
  kc::ensure_current_image(image.name, hash, kc::image_lock_path("krun", image.name), registry(), [&] {
    kc::ensure_base_image(recipe.base, recipe.suite, registry(),
                          {"krun", recipes_dir, "KRUN_IMAGE_REGISTRY or KBUILD_IMAGE_REGISTRY"});
    kc::console::info("{} is {}: building it from {}", image.name, kc::inspect_image(ref) ? "outdated" : "missing",
                      recipe.file.string());
    kc::build_image_from_containerfile({"krun", image.name, render_package_containerfile(image), hash,
                                        recipe.suite, recipes_dir});
  });
  return ref;
}

}  // namespace krun
