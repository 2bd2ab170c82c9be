// Container images for kbuild: one image per target architecture × toolchain,
// named kbuild/<arch>_<toolchain>, made from the recipes in containers/.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace kbuild::image {

struct Request {
  std::string arch;
  std::string toolchain;
  std::string registry;  // empty: none
  bool offline = false;
};

// Local image reference ready to run, e.g. "localhost/kbuild/x86_64_gcc-12":
// local image whose recipe-hash label matches → registry pull → local build.
// Throws kc::Error.
std::string ensure(const Request&);
// ensure(), and with `force` a rebuild even of a current image.
std::string ensure_image(const Request&, bool force);

// `kbuild image <list|build|push|rm> ...`
int main(const std::vector<std::string>& args);

// `kbuild --check-environment`: 0 when the image has everything a build
// needs, otherwise the kbuild exit code for the failure after printing what
// is missing.
int check_environment(const Request&);

// `kbuild -p`: arch × toolchain from the recipes, with the local state.
void print_support_matrix(std::ostream&);

// Hash of the rendered Containerfile and the base recipe; stored as a label
// on the image so a changed recipe is noticed.
std::string recipe_hash(const std::string& arch, const std::string& toolchain);

}  // namespace kbuild::image
