// `kbuild image <list|build|show|check|push|rm>` and `kbuild -p`.
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "common/console.h"
#include "common/base_image.h"
#include "common/errors.h"
#include "common/host_machine.h"
#include "common/image_builder.h"
#include "common/container_images.h"
#include "common/signals.h"
#include "kbuild/image/containerfile.h"
#include "kbuild/image/image.h"
#include "kbuild/image/local_images.h"
#include "kbuild/image/recipe.h"

namespace kbuild::image {
namespace {

enum class LocalState { Present, Outdated, Missing, Unknown };

const char* state_name(LocalState s) {
  switch (s) {
    case LocalState::Present: return "present";
    case LocalState::Outdated: return "outdated";
    case LocalState::Missing: return "missing";
    case LocalState::Unknown: return "unknown";
  }
  return "unknown";
}

// Local images by name, or nullopt when the engine is absent or unusable.
std::optional<std::map<std::string, kc::LocalImage>> local_images() {
  if (kc::find_program(kc::container_engine()).empty()) return std::nullopt;
  try {
    return list_kbuild_images();
  } catch (const kc::Error&) {
    return std::nullopt;
  }
}

LocalState state_of(const std::optional<std::map<std::string, kc::LocalImage>>& images,
                    const std::string& name, const std::string& hash) {
  if (!images) return LocalState::Unknown;
  auto it = images->find(name);
  if (it == images->end()) return LocalState::Missing;
  return it->second.recipe_hash == hash ? LocalState::Present : LocalState::Outdated;
}

struct Known {
  std::string arch, toolchain, name, hash;
};

std::vector<Known> known_images(const RecipeSet& set) {
  std::vector<Known> out;
  for (const auto& [arch, a] : set.arches)
    for (const auto& [tc, t] : set.toolchains)
      if (is_supported(set, arch, tc))
        out.push_back({arch, tc, image_name(arch, tc),
                       image_hash(resolve_recipe(set, arch, tc, kc::host_machine()))});
  return out;
}

int list_command() {
  RecipeSet set = load_recipes(recipes_dir());
  auto images = local_images();
  if (!images) kc::console::warn("podman is not usable here: local state unknown");
  std::cout << fmt::format("{:<28} {:<9} {}\n", "IMAGE", "STATE", "RECIPE");
  std::set<std::string> suites;
  for (const auto& [tc, t] : set.toolchains) suites.insert(t.suite);
  for (const auto& suite : suites) {
    const std::string name = kc::base_image_name(suite), hash = kc::base_hash(set.base, suite);
    std::cout << fmt::format("{:<28} {:<9} {}\n", name, state_name(state_of(images, name, hash)),
                             hash.substr(0, 16));
  }
  for (const auto& k : known_images(set))
    std::cout << fmt::format("{:<28} {:<9} {}\n", k.name, state_name(state_of(images, k.name, k.hash)),
                             k.hash.substr(0, 16));
  return 0;
}

int build_command(const std::string& which, const std::string& registry, bool offline, bool force) {
  RecipeSet set = load_recipes(recipes_dir());
  std::vector<std::pair<std::string, std::string>> todo;
  if (which == "all") {
    for (const auto& k : known_images(set)) todo.emplace_back(k.arch, k.toolchain);
  } else {
    todo.push_back(parse_image_name(set, which));
  }
  for (const auto& [arch, tc] : todo) {
    Request req{arch, tc, registry, offline};
    std::string ref = ensure_image(req, force);
    auto img = kc::inspect_image(ref);
    std::cout << ref << " " << (img ? img->id.substr(0, 12) : "") << "\n";
  }
  return 0;
}

int show_command(const std::string& which) {
  RecipeSet set = load_recipes(recipes_dir());
  auto [arch, tc] = parse_image_name(set, which);
  ImageRecipe recipe = resolve_recipe(set, arch, tc, kc::host_machine());
  std::cout << "# recipe hash " << image_hash(recipe) << "\n" << render_containerfile(recipe);
  return 0;
}

// Resolves a user-given name to (local name, recipe hash); "base_<suite>"
// names a base image.
std::pair<std::string, std::string> name_and_hash(const RecipeSet& set, std::string which) {
  for (const char* prefix : {"localhost/", "kbuild/"})
    if (which.rfind(prefix, 0) == 0) which = which.substr(std::string(prefix).size());
  if (which.rfind("base_", 0) == 0) {
    std::string suite = which.substr(5);
    return {kc::base_image_name(suite), kc::base_hash(set.base, suite)};
  }
  auto [arch, tc] = parse_image_name(set, which);
  return {image_name(arch, tc), image_hash(resolve_recipe(set, arch, tc, kc::host_machine()))};
}

int push_command(const std::string& which, const std::string& registry) {
  RecipeSet set = load_recipes(recipes_dir());
  auto [name, hash] = name_and_hash(set, which);
  kc::require_container_engine();
  auto img = kc::inspect_image(kc::local_image_ref(name));
  if (!img || img->recipe_hash != hash)
    throw kc::usage_error(fmt::format("{} is {} locally: build it first (kbuild image build {})", name,
                                      img ? "outdated" : "missing", which));
  for (const std::string& tag : {kc::registry_image_tag(hash), std::string("latest")}) {
    std::string remote = fmt::format("{}/{}:{}", registry, name, tag);
    kc::console::info("pushing {}", remote);
    kc::ProcessOptions o;
    o.argv = {"push", kc::local_image_ref(name), remote};
    auto r = kc::run_engine(o, std::chrono::seconds(3600));
    if (!r.ok())
      throw kc::infra_error(fmt::format("{} push {} failed ({}): {}", kc::container_engine(), remote, r.describe(), r.err));
  }
  return 0;
}

int rm_command(const std::string& which) {
  RecipeSet set = load_recipes(recipes_dir());
  auto [name, hash] = name_and_hash(set, which);
  kc::require_container_engine();
  if (!kc::inspect_image(kc::local_image_ref(name))) {
    kc::console::info("{} is not present locally", name);
    return 0;
  }
  kc::ProcessOptions o;
  o.argv = {"rmi", kc::local_image_ref(name)};
  auto r = kc::run_engine(o);
  if (!r.ok()) throw kc::infra_error(fmt::format("{} rmi {} failed: {}", kc::container_engine(), name, r.err));
  kc::console::info("removed {}", name);
  return 0;
}

int exit_code_for(kc::ErrorKind kind) {
  switch (kind) {
    case kc::ErrorKind::Usage: return 1;
    case kc::ErrorKind::Failure: return 2;
    default: return 3;
  }
}

}  // namespace

void print_support_matrix(std::ostream& out) {
  RecipeSet set = load_recipes(recipes_dir());
  auto images = local_images();
  size_t width = 8;
  for (const auto& [tc, t] : set.toolchains) width = std::max(width, tc.size() + 1);
  out << fmt::format("{:<8}", "arch");
  for (const auto& [tc, t] : set.toolchains) out << fmt::format("{:<{}}", tc, width);
  out << "\n";
  for (const auto& [arch, a] : set.arches) {
    out << fmt::format("{:<8}", arch);
    for (const auto& [tc, t] : set.toolchains) {
      std::string cell = "-";
      if (is_supported(set, arch, tc)) {
        auto state = state_of(images, image_name(arch, tc),
                              image_hash(resolve_recipe(set, arch, tc, kc::host_machine())));
        cell = state == LocalState::Present ? "local" : state == LocalState::Outdated ? "outdated" : "yes";
      }
      out << fmt::format("{:<{}}", cell, width);
    }
    out << "\n";
  }
  out << "yes: supported (image built on first use), local: image present, outdated: "
         "local image from an older recipe, -: unsupported\n";
  if (!images) out << "(podman not usable here: local state unknown)\n";
}

int main(const std::vector<std::string>& raw_args) {
  kc::signals::install();
  std::vector<std::string> args = raw_args;
  if (!args.empty() && args.front() == "image") args.erase(args.begin());

  CLI::App app{"Manage kbuild's container images (one per architecture x toolchain, built from "
               "the recipes in containers/)", "kbuild image"};
  app.require_subcommand(1);
  std::string which, registry, engine;
  app.add_option("-r,--runtime", engine,
                 "Container engine whose images these are: podman or docker (default: podman when installed, "
                 "else docker)")
      ->check(CLI::IsMember({"podman", "docker"}));
  bool offline = false, force = false;

  auto* list = app.add_subcommand("list", "List known images and their local state (present, outdated, missing)");
  auto* build = app.add_subcommand("build", "Make an image current: reuse, pull from a registry, or build locally");
  build->add_option("name", which, "Image (<arch>_<toolchain>, e.g. x86_64_gcc-12) or 'all'")->required();
  build->add_option("--registry,--image-registry", registry,
                    "Registry to pull from before building (default: $KBUILD_IMAGE_REGISTRY)");
  build->add_flag("--offline", offline, "Never pull or build; use what is local");
  build->add_flag("--force", force, "Rebuild even when the local image is current");
  auto* show = app.add_subcommand("show", "Print the rendered Containerfile and recipe hash of an image");
  show->add_option("name", which, "Image, e.g. arm64_gcc-12")->required();
  auto* check = app.add_subcommand("check", "Check an image like --check-environment (compiler, version, tools)");
  check->add_option("name", which, "Image, e.g. arm64_gcc-12")->required();
  check->add_option("--registry,--image-registry", registry, "Registry to pull from before building");
  check->add_flag("--offline", offline, "Never pull or build; use what is local");
  auto* push = app.add_subcommand("push", "Push a current local image to a registry");
  push->add_option("name", which, "Image, e.g. arm64_gcc-12 or base_bookworm")->required();
  push->add_option("--registry,--image-registry", registry, "Registry, e.g. registry.example.com/team")
      ->required();
  auto* rm = app.add_subcommand("rm", "Remove a local image");
  rm->add_option("name", which, "Image, e.g. arm64_gcc-12 or base_bookworm")->required();

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    kc::console::error("kbuild image: {} (see kbuild image --help)", e.what());
    return 1;
  }
  try {
    if (!engine.empty()) kc::select_container_engine(engine);
    if (*list) return list_command();
    if (*build) return build_command(which, registry, offline, force);
    if (*show) return show_command(which);
    if (*check) {
      auto [arch, tc] = parse_image_name(load_recipes(recipes_dir()), which);
      return check_environment({arch, tc, registry, offline});
    }
    if (*push) return push_command(which, registry);
    if (*rm) return rm_command(which);
  } catch (const kc::Error& e) {
    kc::console::error("{}", e.what());
    return exit_code_for(e.kind());
  }
  return 1;
}

}  // namespace kbuild::image
