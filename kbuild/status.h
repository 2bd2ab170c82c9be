#pragma once
// A target's or a build's status, as an enum in the code (like krun's
// EndReason) and as TuxMake's words in metadata.json, the hooks'
// KBUILD_HOOK_STATUS and the progress lines.
#include <string>

namespace kbuild {

enum class Status { Pass, Fail, Skip, Running, Interrupted };

// PASS, FAIL, SKIP, RUNNING, INTERRUPTED.
std::string to_string(Status status);

}  // namespace kbuild
