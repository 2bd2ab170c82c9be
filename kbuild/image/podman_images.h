// The podman image operations (common/podman_images.h) under kbuild's names,
// plus the listing of kbuild's own images.
#pragma once

#include <map>
#include <string>

#include "common/podman_images.h"

namespace kbuild::image {

using kc::inspect_image;
using kc::LocalImage;
using kc::podman_argv;
using kc::require_podman;
using kc::run_podman;
inline void untag(const std::string& ref) { kc::untag_image(ref); }
inline void tag(const std::string& source, const std::string& target) { kc::tag_image(source, target); }

// Every local image named localhost/kbuild/*:latest, by name without the
// "localhost/" prefix and tag ("kbuild/x86_64_gcc-12").
std::map<std::string, LocalImage> list_kbuild_images();

}  // namespace kbuild::image
