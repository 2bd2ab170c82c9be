#pragma once
// A tiny podman image holding only the host's static busybox, made by the
// tests themselves (podman import), so runtime tests need no registry and no
// image build recipe.
#include <string>

namespace testenv {

// Returns the image name, creating it on first use; empty if busybox-static
// or podman is missing (callers use REQUIRE_OR_SKIP).
std::string busybox_image();

}  // namespace testenv
