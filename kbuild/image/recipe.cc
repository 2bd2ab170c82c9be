#include "kbuild/image/recipe.h"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/data_dir.h"
#include "common/errors.h"
#include "common/recipe_file.h"
#include "common/yaml_file.h"

namespace kbuild::image {
namespace {

ArchRecipe load_arch(const std::filesystem::path& file) {
  YAML::Node node = kc::load_yaml_file(file);
  ArchRecipe arch;
  arch.name = kc::recipe_string(node, "name", file);
  arch.machine = kc::recipe_string(node, "machine", file);
  arch.debian_arch = kc::yaml_string_or(node, "debian_arch");  // none for an arch Debian has no port of
  arch.triplet = kc::recipe_string(node, "triplet", file);
  arch.package_triplet = kc::yaml_string_or(node, "package_triplet");  // none: Debian packages nothing for it
  arch.cross_packages = kc::yaml_string_list(node, "cross_packages", file);
  return arch;
}

ToolchainRecipe load_toolchain(const std::filesystem::path& file) {
  YAML::Node node = kc::load_yaml_file(file);
  ToolchainRecipe tc;
  tc.name = kc::recipe_string(node, "name", file);
  tc.suite = kc::recipe_string(node, "suite", file);
  tc.version = kc::recipe_string(node, "version", file);
  tc.packages = kc::yaml_string_list(node, "packages", file);
  tc.cross_packages = kc::yaml_string_list(node, "cross_packages", file);
  tc.path = kc::yaml_string_list(node, "path", file);
  tc.cc = kc::yaml_string_list(node, "cc", file);
  tc.tools = kc::yaml_string_list(node, "tools", file);
  tc.arches = kc::yaml_string_list(node, "arches", file);
  if (node["links"]) {
    if (!node["links"].IsMap()) throw kc::recipe_error(file, "'links' must be a mapping");
    for (const auto& kv : node["links"])
      tc.links[kv.first.as<std::string>()] = kv.second.as<std::string>();
  }
  if (tc.cc.empty()) throw kc::recipe_error(file, "'cc' is empty");
  if (tc.arches.empty()) throw kc::recipe_error(file, "'arches' is empty");
  return tc;
}

// Expands {triplet}, {package_triplet} and {cross} ("<triplet>-" when cross
// compiling, "" otherwise).
std::string expand(std::string text, const ArchRecipe& arch, bool cross) {
  const std::pair<std::string, std::string> vars[] = {
      {"{triplet}", arch.triplet},
      {"{package_triplet}", arch.package_triplet},
      {"{cross}", cross ? arch.triplet + "-" : ""},
  };
  for (const auto& [key, value] : vars) {
    for (size_t pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos + value.size()))
      text.replace(pos, key.size(), value);
  }
  return text;
}

std::vector<std::string> expand_all(const std::vector<std::string>& in, const ArchRecipe& arch,
                                    bool cross) {
  std::vector<std::string> out;
  for (const auto& s : in) out.push_back(expand(s, arch, cross));
  return out;
}

std::vector<std::string> keys(const auto& map) {
  std::vector<std::string> out;
  for (const auto& [k, v] : map) out.push_back(k);
  return out;
}

}  // namespace

std::filesystem::path recipes_dir() {
  if (const char* env = std::getenv("KBUILD_CONTAINERS_DIR"); env && *env) return env;
  return kc::data_dir("kbuild", "KBUILD_DATA_DIR") / "containers";
}

RecipeSet load_recipes(const std::filesystem::path& dir) {
  RecipeSet set;
  set.dir = dir;
  if (!std::filesystem::is_regular_file(dir / "base.yaml"))
    throw kc::infra_error(fmt::format("no image recipes in {} (base.yaml missing); set "
                                      "KBUILD_CONTAINERS_DIR or reinstall kbuild",
                                      dir.string()));
  set.base = kc::load_base_recipe(dir / "base.yaml");
  for (const auto& file : kc::yaml_files_in(dir / "arches")) {
    ArchRecipe arch = load_arch(file);
    if (arch.name != file.stem().string())
      throw kc::recipe_error(file, fmt::format("name '{}' differs from the file name", arch.name));
    set.arches[arch.name] = arch;
  }
  for (const auto& file : kc::yaml_files_in(dir / "toolchains")) {
    ToolchainRecipe tc = load_toolchain(file);
    if (tc.name != file.stem().string())
      throw kc::recipe_error(file, fmt::format("name '{}' differs from the file name", tc.name));
    for (const auto& a : tc.arches)
      if (!set.arches.count(a)) throw kc::recipe_error(file, fmt::format("unknown arch '{}'", a));
    set.toolchains[tc.name] = tc;
  }
  return set;
}

bool is_supported(const RecipeSet& set, const std::string& arch, const std::string& toolchain) {
  auto tc = set.toolchains.find(toolchain);
  if (tc == set.toolchains.end() || !set.arches.count(arch)) return false;
  return std::find(tc->second.arches.begin(), tc->second.arches.end(), arch) != tc->second.arches.end();
}

ImageRecipe resolve_recipe(const RecipeSet& set, const std::string& arch_name,
                           const std::string& toolchain_name, const std::string& machine) {
  auto arch_it = set.arches.find(arch_name);
  if (arch_it == set.arches.end())
    throw kc::usage_error(fmt::format("unknown architecture '{}'; known: {}", arch_name,
                                      fmt::join(keys(set.arches), ", ")));
  auto tc_it = set.toolchains.find(toolchain_name);
  if (tc_it == set.toolchains.end())
    throw kc::usage_error(fmt::format("unknown toolchain '{}'; known: {}", toolchain_name,
                                      fmt::join(keys(set.toolchains), ", ")));
  const ArchRecipe& arch = arch_it->second;
  const ToolchainRecipe& tc = tc_it->second;
  if (!is_supported(set, arch_name, toolchain_name))
    throw kc::usage_error(fmt::format("toolchain '{}' does not support architecture '{}'; it "
                                      "supports: {} (see kbuild --print-support-matrix)",
                                      toolchain_name, arch_name, fmt::join(tc.arches, ", ")));
  ImageRecipe r;
  r.arch = arch.name;
  r.toolchain = tc.name;
  r.suite = tc.suite;
  r.cross = arch.machine != machine;
  r.version = tc.version;
  r.base = set.base;
  r.packages = expand_all(tc.packages, arch, r.cross);
  if (r.cross) {
    // A toolchain's per-arch package (binutils-{package_triplet}) does not
    // exist for an arch Debian packages nothing for: clang alone serves it.
    for (const auto& p : tc.cross_packages)
      if (!arch.package_triplet.empty() || p.find("{package_triplet}") == std::string::npos)
        r.packages.push_back(expand(p, arch, true));
    for (const auto& p : arch.cross_packages) r.packages.push_back(p);
  }
  for (const auto& [name, target] : tc.links)
    r.links[expand(name, arch, r.cross)] = expand(target, arch, r.cross);
  r.path = expand_all(tc.path, arch, r.cross);
  r.cc = expand_all(tc.cc, arch, r.cross);
  r.tools = set.base.tools;
  for (const auto& t : expand_all(tc.tools, arch, r.cross)) r.tools.push_back(t);
  return r;
}

std::string image_name(const std::string& arch, const std::string& toolchain) {
  return "kbuild/" + arch + "_" + toolchain;
}

std::pair<std::string, std::string> parse_image_name(const RecipeSet& set, std::string name) {
  for (const char* prefix : {"localhost/", "kbuild/"})
    if (name.rfind(prefix, 0) == 0) name = name.substr(std::string(prefix).size());
  // Arch names may hold '_' (x86_64): take the longest known arch prefix.
  std::string best;
  for (const auto& [arch, recipe] : set.arches)
    if (name.rfind(arch + "_", 0) == 0 && arch.size() > best.size()) best = arch;
  if (best.empty())
    throw kc::usage_error(fmt::format("'{}' is not an image name: expected <arch>_<toolchain> "
                                      "with arch one of {}, e.g. x86_64_gcc-12",
                                      name, fmt::join(keys(set.arches), ", ")));
  return {best, name.substr(best.size() + 1)};
}

}  // namespace kbuild::image
