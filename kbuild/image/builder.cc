#include "kbuild/image/builder.h"

#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/atomic_file.h"
#include "common/console.h"
#include "common/container_runtime.h"
#include "common/data_dir.h"
#include "common/process.h"
#include "common/scratch_folder.h"
#include "kbuild/image/containerfile.h"
#include "kbuild/image/podman_images.h"

namespace kbuild::image {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void fail(const kc::LoggedRun& run, const std::string& what, const fs::path& log_path,
                       const std::string& suite) {
  kc::fail_image_step(run, what, log_path, suite, recipes_dir());
}

}  // namespace

fs::path logs_dir() { return kc::image_logs_dir("kbuild"); }

std::string registry_tag(const std::string& hash) { return kc::registry_image_tag(hash); }

void build_base(const BaseRecipe& base, const std::string& suite, const std::string& hash) {
  const std::string name = base_image_name(suite);
  if (kc::find_program("mmdebstrap").empty())
    throw kc::infra_error(fmt::format(
        "cannot bootstrap {}: mmdebstrap is not installed (not found in PATH); install it "
        "(apt-get install mmdebstrap) or set an image registry that has the image "
        "(--image-registry or KBUILD_IMAGE_REGISTRY)",
        name));
  const char* mirror_env = std::getenv("KBUILD_DEBIAN_MIRROR");
  std::string mirror = mirror_env && *mirror_env ? mirror_env : base.mirror;
  fs::path log_path = kc::new_image_log_path("kbuild", name);
  kc::ScratchFolder scratch(kc::user_cache_dir("kbuild") / "tmp", "base-" + suite);
  fs::path tar = scratch.path() / "base.tar";
  kc::console::info("bootstrapping {} from {} with mmdebstrap (about a minute); log: {}", name,
                    mirror, log_path.string());
  auto strap = kc::run_logged(mmdebstrap_argv(base, suite, mirror, tar.string()), log_path, name,
                              std::chrono::seconds(3600));
  if (!strap.result.ok()) fail(strap, "bootstrapping " + name, log_path, suite);

  const std::string tmp = kc::temporary_image_ref(name);
  auto import = kc::run_logged(
      podman_argv({"import", "--change", fmt::format("LABEL {}={}", kHashLabel, hash), "--change",
                   "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                   tar.string(), tmp}),
      log_path, name, std::chrono::seconds(1800));
  if (!import.result.ok()) {
    untag(tmp);
    fail(import, "importing " + name, log_path, suite);
  }
  tag(tmp, local_ref(name));
  untag(tmp);
  kc::console::info("{} ready", name);
}

void build_image(const ImageRecipe& recipe, const std::string& hash) {
  kc::build_image_from_containerfile({"kbuild", image_name(recipe.arch, recipe.toolchain),
                                      render_containerfile(recipe), hash, recipe.suite, recipes_dir()});
}

bool pull_image(const std::string& registry, const std::string& name, const std::string& hash) {
  return kc::pull_image(registry, name, hash);
}

}  // namespace kbuild::image
