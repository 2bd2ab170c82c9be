#include "common/base_image.h"

#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/console.h"
#include "common/data_dir.h"
#include "common/image_builder.h"
#include "common/container_images.h"
#include "common/process.h"
#include "common/recipe_file.h"
#include "common/scratch_folder.h"
#include "common/sha256.h"
#include "common/yaml_file.h"

namespace kc {
namespace fs = std::filesystem;
namespace {

// Bumped when the rendering changes in a way that must rebuild the base (and
// with it every image on top of it).
constexpr int kFormatVersion = 1;

// mmdebstrap → the engine's import, into a temporary tag renamed only on success.
void bootstrap_base_image(const BaseRecipe& base, const std::string& suite, const std::string& hash,
                          const BaseImageTool& tool) {
  const std::string name = base_image_name(suite);
  if (find_program("mmdebstrap").empty())
    throw infra_error(fmt::format(
        "cannot bootstrap {}: mmdebstrap is not installed (not found in PATH); install it "
        "(apt-get install mmdebstrap) or set an image registry that has the image ({})",
        name, tool.registry_setting));
  const char* mirror_env = std::getenv("KBUILD_DEBIAN_MIRROR");
  std::string mirror = mirror_env && *mirror_env ? mirror_env : base.mirror;
  fs::path log_path = new_image_log_path(tool.tool, name);
  ScratchFolder scratch(user_cache_dir(tool.tool) / "tmp", "base-" + suite);
  fs::path tar = scratch.path() / "base.tar";
  console::info("bootstrapping {} from {} with mmdebstrap (about a minute); log: {}", name, mirror,
                log_path.string());
  auto strap = run_logged(mmdebstrap_argv(base, suite, mirror, tar.string()), log_path, name,
                          std::chrono::seconds(3600));
  if (!strap.result.ok()) fail_image_step(strap, "bootstrapping " + name, log_path, suite, tool.recipes_dir);

  const std::string tmp = temporary_image_ref(name);
  auto import = run_logged(
      engine_argv({"import", "--change", fmt::format("LABEL {}={}", kImageRecipeHashLabel, hash), "--change",
                   "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", tar.string(),
                   tmp}),
      log_path, name, std::chrono::seconds(1800));
  if (!import.result.ok()) {
    untag_image(tmp);
    fail_image_step(import, "importing " + name, log_path, suite, tool.recipes_dir);
  }
  tag_image(tmp, local_image_ref(name));
  untag_image(tmp);
  console::info("{} ready", name);
}

}  // namespace

BaseRecipe load_base_recipe(const fs::path& file) {
  YAML::Node node = load_yaml_file(file);
  BaseRecipe base;
  base.mirror = recipe_string(node, "mirror", file);
  base.packages = yaml_string_list(node, "packages", file);
  base.tools = yaml_string_list(node, "tools", file);
  if (base.packages.empty()) throw recipe_error(file, "'packages' is empty");
  return base;
}

std::string base_image_name(const std::string& suite) { return "kbuild/base_" + suite; }

std::string render_base_recipe(const BaseRecipe& base, const std::string& suite) {
  // The mirror is left out: the same suite from any mirror is the same base.
  // The text (and so the hash) is what kbuild always rendered: bases made
  // before both tools shared this code stay current.
  return fmt::format("kbuild base v{}\nsuite: {}\nvariant: minbase\npackages: {}\n", kFormatVersion, suite,
                     fmt::join(sorted_unique(base.packages), " "));
}

std::string base_hash(const BaseRecipe& base, const std::string& suite) {
  return sha256_hex(render_base_recipe(base, suite));
}

std::vector<std::string> mmdebstrap_argv(const BaseRecipe& base, const std::string& suite,
                                         const std::string& mirror, const std::string& out_tar) {
  std::vector<std::string> packages = sorted_unique(base.packages);
  // Package names reach mmdebstrap's command line: nothing else may.
  require_debian_package_names(packages, true);
  return {"mmdebstrap", "--variant=minbase", "--include=" + fmt::format("{}", fmt::join(packages, ",")),
          suite, out_tar, mirror};
}

void ensure_base_image(const BaseRecipe& base, const std::string& suite, const std::string& registry,
                       const BaseImageTool& tool) {
  const std::string name = base_image_name(suite);
  const std::string hash = base_hash(base, suite);
  // kbuild's lock file whichever tool asks: kbuild and krun (also a kbuild
  // older than this shared code, which knows only this path) then never
  // bootstrap the same base at once.
  ensure_current_image(name, hash, image_lock_path("kbuild", name), registry,
                       [&] { bootstrap_base_image(base, suite, hash, tool); });
}

}  // namespace kc
