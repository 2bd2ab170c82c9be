// kbuild's image builds serialise on common/file_lock.h.
#pragma once

#include "common/file_lock.h"

namespace kbuild::image {
using kc::FileLock;
}  // namespace kbuild::image
