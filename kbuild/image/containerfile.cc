#include "kbuild/image/containerfile.h"

#include <regex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/container_images.h"
#include "common/base_image.h"
#include "common/errors.h"
#include "common/image_builder.h"
#include "common/sha256.h"

namespace kbuild::image {
namespace {

// Bumped when the rendering changes in a way that must rebuild every image.
constexpr int kFormatVersion = 1;

void check_path_word(const std::string& word) {
  static const std::regex valid("[A-Za-z0-9_./+-]+");
  if (!std::regex_match(word, valid))
    throw kc::infra_error(fmt::format("recipe path or command name '{}' holds unsupported characters", word));
}

}  // namespace

std::string render_containerfile(const ImageRecipe& r) {
  std::string out;
  auto line = [&out](const std::string& s) { out += s + "\n"; };
  line(fmt::format("# {} (format {}), rendered from the recipes in containers/",
                   image_name(r.arch, r.toolchain), kFormatVersion));
  line("FROM " + kc::local_image_ref(kc::base_image_name(r.suite)));
  line(fmt::format("LABEL org.kbuild.image=\"{}\" org.kbuild.arch=\"{}\" "
                   "org.kbuild.toolchain=\"{}\" org.kbuild.base-hash=\"{}\"",
                   image_name(r.arch, r.toolchain), r.arch, r.toolchain,
                   kc::base_hash(r.base, r.suite)));
  line("ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8");
  std::vector<std::string> packages = kc::sorted_unique(r.packages);
  // Debian package names, optionally with an architecture qualifier; anything
  // else is refused before it reaches a shell.
  kc::require_debian_package_names(packages, true);
  if (!packages.empty()) {
    line("RUN apt-get update \\");
    line(fmt::format(" && apt-get install -y --no-install-recommends {} \\", fmt::join(packages, " ")));
    line(" && apt-get clean && rm -rf /var/lib/apt/lists/*");
  }
  for (const auto& [name, target] : r.links) {
    check_path_word(name);
    check_path_word(target);
    std::string absolute = target.find('/') == std::string::npos ? "/usr/bin/" + target : target;
    line(fmt::format("RUN ln -sf {} /usr/local/bin/{}", absolute, name));
  }
  std::vector<std::string> path = r.path;
  for (const auto& p : path) check_path_word(p);
  for (const char* p : {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"})
    path.push_back(p);
  line(fmt::format("ENV PATH={}", fmt::join(path, ":")));
  line(fmt::format("ENV KBUILD_IMAGE_ARCH={} KBUILD_IMAGE_TOOLCHAIN={}", r.arch, r.toolchain));
  return out;
}

std::string image_hash(const ImageRecipe& recipe) {
  return kc::sha256_hex(render_containerfile(recipe));
}

}  // namespace kbuild::image
