#include "krun/qemu/qemu_image.h"

#include <cstdlib>
#include <regex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/console.h"
#include "common/data_dir.h"
#include "common/errors.h"
#include "common/image_builder.h"
#include "common/podman_images.h"
#include "common/recipe_file.h"
#include "common/sha256.h"
#include "common/yaml_file.h"

namespace krun {

namespace {

// Bumped when the rendering changes in a way that must rebuild the image
// (2: the base hash label).
constexpr int kFormatVersion = 2;

// Package names go into a RUN line: only Debian package names get there
// (the qemu image is for the host's arch: no ":arch" qualifiers).
void check_package_name(const std::filesystem::path& file, const std::string& name) {
  if (!kc::is_debian_package_name(name, false))
    throw kc::recipe_error(file, fmt::format("'{}' is not a valid Debian package name", name));
}

// `base` names a recipe file beside qemu.yaml (no folders, so the recipe
// cannot reach outside the recipes folder).
std::filesystem::path base_recipe_file(const std::filesystem::path& file, const std::string& base) {
  static const std::regex yaml_name("[a-z0-9._-]+\\.yaml");
  if (!std::regex_match(base, yaml_name))
    throw kc::recipe_error(file, fmt::format("'base' is '{}'; it names the base recipe beside this file, "
                                             "e.g. base.yaml",
                                             base));
  std::filesystem::path base_file = file.parent_path() / base;
  if (!std::filesystem::is_regular_file(base_file))
    throw kc::recipe_error(file, fmt::format("its base recipe {} is missing; reinstall krun or set "
                                             "KRUN_QEMU_IMAGE_RECIPE",
                                             base_file.string()));
  return base_file;
}

std::string registry() {
  for (const char* var : {"KRUN_IMAGE_REGISTRY", "KBUILD_IMAGE_REGISTRY"})
    if (const char* v = std::getenv(var); v && *v) return v;
  return "";
}

}  // namespace

std::filesystem::path qemu_image_recipe_path() {
  if (const char* env = std::getenv("KRUN_QEMU_IMAGE_RECIPE"); env && *env) return env;
  return kc::data_dir("krun", "KRUN_DATA_DIR") / "containers" / "qemu.yaml";
}

QemuImageRecipe load_qemu_image_recipe(const std::filesystem::path& file) {
  if (!std::filesystem::is_regular_file(file))
    throw kc::infra_error(fmt::format("qemu image recipe {} is missing; reinstall krun or set "
                                      "KRUN_QEMU_IMAGE_RECIPE", file.string()));
  YAML::Node node = kc::load_yaml_file(file);
  QemuImageRecipe r;
  r.file = file;
  r.suite = kc::recipe_string(node, "suite", file);
  r.packages = kc::yaml_string_list(node, "packages", file);
  if (r.packages.empty()) throw kc::recipe_error(file, "'packages' is empty");
  static const std::regex word("[a-z0-9._-]+");
  if (!std::regex_match(r.suite, word)) throw kc::recipe_error(file, "'suite' may hold only a-z 0-9 . _ -");
  for (const auto& p : r.packages) check_package_name(file, p);
  r.base_file = base_recipe_file(file, kc::recipe_string(node, "base", file));
  r.base = kc::load_base_recipe(r.base_file);
  return r;
}

std::string qemu_image_name(const QemuImageRecipe& recipe) { return "krun/qemu_" + recipe.suite; }

std::string render_qemu_containerfile(const QemuImageRecipe& r) {
  const std::vector<std::string> packages = kc::sorted_unique(r.packages);
  std::string out;
  out += fmt::format("# {} (format {}), rendered from containers/qemu.yaml\n", qemu_image_name(r), kFormatVersion);
  out += fmt::format("FROM {}\n", kc::local_image_ref(kc::base_image_name(r.suite)));
  out += fmt::format("LABEL org.krun.image=\"{}\" org.krun.base-hash=\"{}\"\n", qemu_image_name(r),
                     kc::base_hash(r.base, r.suite));
  out += "ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8\n";
  out += "RUN apt-get update \\\n";
  out += fmt::format(" && apt-get install -y --no-install-recommends {} \\\n", fmt::join(packages, " "));
  out += " && apt-get clean && rm -rf /var/lib/apt/lists/*\n";
  return out;
}

std::string qemu_image_hash(const QemuImageRecipe& recipe) {
  return kc::sha256_hex(render_qemu_containerfile(recipe));
}

std::string ensure_qemu_image() {
  QemuImageRecipe recipe = load_qemu_image_recipe(qemu_image_recipe_path());
  kc::require_podman();
  const std::string name = qemu_image_name(recipe);
  const std::string ref = kc::local_image_ref(name);
  const std::string hash = qemu_image_hash(recipe);
  const std::filesystem::path recipes_dir = recipe.file.parent_path();
  kc::ensure_current_image(name, hash, kc::image_lock_path("krun", name), registry(), [&] {
    kc::ensure_base_image(recipe.base, recipe.suite, registry(),
                          {"krun", recipes_dir, "KRUN_IMAGE_REGISTRY or KBUILD_IMAGE_REGISTRY"});
    kc::console::info("{} is {}: building it from {}", name, kc::inspect_image(ref) ? "outdated" : "missing",
                      recipe.file.string());
    kc::build_image_from_containerfile({"krun", name, render_qemu_containerfile(recipe), hash, recipe.suite,
                                        recipes_dir});
  });
  return ref;
}

}  // namespace krun
