#pragma once
// What this machine is, as `uname -m` says ("x86_64", "aarch64"): whether a
// build for a target is native or cross depends on it.
#include <string>

namespace kc {

// "unknown" when uname(2) fails.
std::string host_machine();

}  // namespace kc
