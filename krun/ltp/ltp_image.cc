#include "krun/ltp/ltp_image.h"

#include <cstdlib>

#include <fmt/format.h>

#include "common/data_dir.h"
#include "common/errors.h"
#include "common/recipe_file.h"
#include "common/yaml_file.h"

namespace krun::ltp {

namespace {

// Bumped when the rendering changes in a way that must rebuild the image.
constexpr int kFormatVersion = 1;

std::string expand(std::string s, const rootfs::ArchRecipe& arch) {
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"{triplet}", arch.triplet},
                                   {"{package_triplet}", arch.package_triplet},
                                   {"{debian_arch}", arch.debian_arch}}) {
    for (size_t pos; (pos = s.find(key)) != std::string::npos;) s.replace(pos, key.size(), value);
  }
  return s;
}

}  // namespace

std::filesystem::path ltp_image_recipe_path() {
  if (const char* env = std::getenv("KRUN_LTP_IMAGE_RECIPE"); env && *env) return env;
  return kc::data_dir("krun", "KRUN_DATA_DIR") / "containers" / "ltp.yaml";
}

LtpToolchain ltp_toolchain(const std::filesystem::path& file, const rootfs::ArchRecipe& arch,
                           const std::string& host_machine) {
  const std::string hint = "reinstall krun or set KRUN_LTP_IMAGE_RECIPE";
  if (!std::filesystem::is_regular_file(file))
    throw kc::infra_error(fmt::format("LTP build image recipe {} is missing; {}", file.string(), hint));
  YAML::Node node = kc::load_yaml_file(file);
  LtpToolchain t;
  t.debian_arch = arch.debian_arch;
  t.cross = host_machine != arch.debian_arch &&
            std::find(arch.aliases.begin(), arch.aliases.end(), host_machine) == arch.aliases.end();
  // Expanded before the package names are checked: a template is not one.
  YAML::Node expanded = YAML::Clone(node);
  YAML::Node packages = expanded["packages"];
  if (t.cross)
    for (const auto& p : kc::yaml_string_list(node, "cross_packages", file)) packages.push_back(expand(p, arch));
  t.image.recipe = krun::load_package_image_recipe(file, expanded, hint);
  t.image.name = "krun/ltp-build_" + arch.debian_arch;
  t.image.format_version = kFormatVersion;
  t.image.recipe_name = "ltp.yaml";
  t.triplet = arch.triplet;
  t.compiler = expand(kc::recipe_string(node, t.cross ? "cross_compiler" : "native_compiler", file), arch);
  t.strip = expand(kc::recipe_string(node, t.cross ? "cross_strip" : "native_strip", file), arch);
  return t;
}

}  // namespace krun::ltp
