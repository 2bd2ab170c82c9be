#include "krun/qemu/qemu_image.h"

#include <cstdlib>

#include <fmt/format.h>

#include "common/data_dir.h"
#include "common/errors.h"
#include "common/yaml_file.h"

namespace krun {

namespace {

// Bumped when the rendering changes in a way that must rebuild the image
// (2: the base hash label).
constexpr int kFormatVersion = 2;

PackageImage qemu_image(const QemuImageRecipe& recipe) {
  return {qemu_image_name(recipe), recipe, kFormatVersion, "qemu.yaml"};
}

}  // namespace

std::filesystem::path qemu_image_recipe_path() {
  if (const char* env = std::getenv("KRUN_QEMU_IMAGE_RECIPE"); env && *env) return env;
  return kc::data_dir("krun", "KRUN_DATA_DIR") / "containers" / "qemu.yaml";
}

QemuImageRecipe load_qemu_image_recipe(const std::filesystem::path& file) {
  const std::string hint = "reinstall krun or set KRUN_QEMU_IMAGE_RECIPE";
  if (!std::filesystem::is_regular_file(file))
    throw kc::infra_error(fmt::format("qemu image recipe {} is missing; {}", file.string(), hint));
  return load_package_image_recipe(file, kc::load_yaml_file(file), hint);
}

std::string qemu_image_name(const QemuImageRecipe& recipe) { return "krun/qemu_" + recipe.suite; }

std::string render_qemu_containerfile(const QemuImageRecipe& r) { return render_package_containerfile(qemu_image(r)); }

std::string qemu_image_hash(const QemuImageRecipe& recipe) { return package_image_hash(qemu_image(recipe)); }

std::string ensure_qemu_image() {
  return ensure_package_image(qemu_image(load_qemu_image_recipe(qemu_image_recipe_path())));
}

}  // namespace krun
