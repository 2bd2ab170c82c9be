// kbuild's own images as the container engine lists them, for `kbuild image
// list` and `kbuild -p`: one listing of names, then an inspect of each
// kbuild image (the listing formats of podman and docker share only names).
#pragma once

#include <map>
#include <string>

#include "common/container_images.h"

namespace kbuild::image {

// Every local image named localhost/kbuild/*:latest, by name without the
// "localhost/" prefix and tag ("kbuild/x86_64_gcc-12").
std::map<std::string, kc::LocalImage> list_kbuild_images();

}  // namespace kbuild::image
