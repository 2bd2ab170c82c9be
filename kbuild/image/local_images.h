// kbuild's own images as podman lists them, for `kbuild image list` and
// `kbuild -p` (one `podman images` for all, not one inspect per image).
#pragma once

#include <map>
#include <string>

#include "common/podman_images.h"

namespace kbuild::image {

// Every local image named localhost/kbuild/*:latest, by name without the
// "localhost/" prefix and tag ("kbuild/x86_64_gcc-12").
std::map<std::string, kc::LocalImage> list_kbuild_images();

}  // namespace kbuild::image
