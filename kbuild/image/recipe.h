// Image recipes as data (containers/*.yaml): the base (common/base_image.h),
// one file per target architecture and one per toolchain. An ImageRecipe is one arch × toolchain
// with every template ({triplet}, {cross}, ...) already expanded, ready to be
// rendered into a Containerfile.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/base_image.h"

namespace kbuild::image {

struct ArchRecipe {
  std::string name;             // kernel ARCH, e.g. "arm64"
  std::string machine;          // uname -m of a machine that builds it natively
  std::string debian_arch;      // "arm64"
  std::string triplet;          // "aarch64-linux-gnu"
  std::string package_triplet;  // "aarch64-linux-gnu" ("x86-64-linux-gnu" for x86_64); empty: no Debian packages
  std::vector<std::string> cross_packages;
};

struct ToolchainRecipe {
  std::string name;  // "gcc-12"
  std::string suite;
  std::string version;  // expected major version
  std::vector<std::string> packages;
  std::vector<std::string> cross_packages;  // templates
  std::map<std::string, std::string> links;  // templates: /usr/local/bin name → target
  std::vector<std::string> path;             // prepended to PATH
  std::vector<std::string> cc;               // templates: compiler argv
  std::vector<std::string> tools;            // templates
  std::vector<std::string> arches;           // supported target arches
};

struct RecipeSet {
  std::filesystem::path dir;
  kc::BaseRecipe base;
  std::map<std::string, ArchRecipe> arches;
  std::map<std::string, ToolchainRecipe> toolchains;
};

// One arch × toolchain, templates expanded for a given build machine.
struct ImageRecipe {
  std::string arch;
  std::string toolchain;
  std::string suite;
  bool cross = false;
  std::vector<std::string> packages;  // toolchain + cross packages (base excluded)
  std::map<std::string, std::string> links;
  std::vector<std::string> path;
  std::vector<std::string> cc;     // e.g. {"aarch64-linux-gnu-gcc-12"}
  std::vector<std::string> tools;  // base tools + toolchain tools
  std::string version;
  kc::BaseRecipe base;
};

// containers/ in the data folder, or $KBUILD_CONTAINERS_DIR.
std::filesystem::path recipes_dir();

// Loads and validates every recipe; throws kc::Error(Infrastructure) naming
// the file for a malformed one.
RecipeSet load_recipes(const std::filesystem::path& dir);


bool is_supported(const RecipeSet& set, const std::string& arch, const std::string& toolchain);

// Throws kc::Error(Usage) for an unknown arch, toolchain or combination,
// listing what is known.
ImageRecipe resolve_recipe(const RecipeSet& set, const std::string& arch,
                           const std::string& toolchain, const std::string& machine);

// "kbuild/<arch>_<toolchain>".
std::string image_name(const std::string& arch, const std::string& toolchain);

// Splits "x86_64_gcc-12" (also "kbuild/..." or "localhost/kbuild/...") into
// arch and toolchain using the known arches; throws kc::Error(Usage).
std::pair<std::string, std::string> parse_image_name(const RecipeSet& set, std::string name);

}  // namespace kbuild::image
