// kbuild reads image build output with common/image_build_log.h.
#pragma once

#include "common/image_build_log.h"

namespace kbuild::image {
using kc::image_log::missing_packages;
using kc::image_log::network_failure;
using kc::image_log::progress_step;
}  // namespace kbuild::image
