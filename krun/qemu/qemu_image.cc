#include "krun/qemu/qemu_image.h"

#include <algorithm>
#include <cstdlib>
#include <regex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/console.h"
#include "common/data_dir.h"
#include "common/errors.h"
#include "common/file_lock.h"
#include "common/image_builder.h"
#include "common/podman_images.h"
#include "common/sha256.h"
#include "common/yaml_file.h"

namespace krun {

namespace {

// Bumped when the rendering changes in a way that must rebuild the image.
constexpr int kFormatVersion = 1;

kc::Error bad_recipe(const std::filesystem::path& file, const std::string& what) {
  return kc::infra_error(fmt::format("recipe {}: {}", file.string(), what));
}

// Package names go into a RUN line: only Debian package names get there
// (the qemu image is for the host's arch: no ":arch" qualifiers).
void check_package_name(const std::filesystem::path& file, const std::string& name) {
  if (!kc::is_debian_package_name(name, false))
    throw bad_recipe(file, fmt::format("'{}' is not a valid Debian package name", name));
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
  r.suite = kc::yaml_string(node, "suite", file);
  r.base = kc::yaml_string(node, "base", file);
  r.packages = kc::yaml_string_list(node, "packages", file);
  if (r.suite.empty()) throw bad_recipe(file, "'suite' is empty");
  if (r.base.empty()) throw bad_recipe(file, "'base' is empty");
  if (r.packages.empty()) throw bad_recipe(file, "'packages' is empty");
  static const std::regex word("[a-z0-9._/-]+");
  if (!std::regex_match(r.suite, word) || !std::regex_match(r.base, word))
    throw bad_recipe(file, "'suite' and 'base' may hold only a-z 0-9 . _ / -");
  for (const auto& p : r.packages) check_package_name(file, p);
  return r;
}

std::string qemu_image_name(const QemuImageRecipe& recipe) { return "krun/qemu_" + recipe.suite; }

std::string render_qemu_containerfile(const QemuImageRecipe& r) {
  std::vector<std::string> packages = r.packages;
  std::sort(packages.begin(), packages.end());
  packages.erase(std::unique(packages.begin(), packages.end()), packages.end());
  std::string out;
  out += fmt::format("# {} (format {}), rendered from containers/qemu.yaml\n", qemu_image_name(r), kFormatVersion);
  out += fmt::format("FROM {}\n", kc::local_image_ref(r.base));
  out += fmt::format("LABEL org.krun.image=\"{}\"\n", qemu_image_name(r));
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
  auto current = [&] {
    auto img = kc::inspect_image(ref);
    return img && img->recipe_hash == hash;
  };
  if (current()) return ref;
  std::string file = name;
  std::replace(file.begin(), file.end(), '/', '_');
  kc::FileLock lock(kc::user_cache_dir("krun") / "locks" / (file + ".lock"), name);
  if (current()) return ref;  // made by the run we waited for
  if (!registry().empty() && kc::pull_image(registry(), name, hash)) return ref;
  if (!kc::inspect_image(kc::local_image_ref(recipe.base)))
    throw kc::infra_error(fmt::format(
        "cannot build {}: its base image {} is not present locally; make it with "
        "`kbuild image build x86_64_gcc-12` (or set KRUN_IMAGE_REGISTRY to a registry that has {})",
        name, recipe.base, name));
  kc::console::info("{} is {}: building it from {}", name, kc::inspect_image(ref) ? "outdated" : "missing",
                    recipe.file.string());
  kc::build_image_from_containerfile({"krun", name, render_qemu_containerfile(recipe), hash, recipe.suite,
                                      recipe.file.parent_path()});
  return ref;
}

}  // namespace krun
