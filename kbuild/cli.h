#pragma once
// kbuild's entry point: `kbuild image ...` goes to the image manager, the
// informational options print and exit, everything else is a build. Errors
// become one `E:` line and the documented exit code.
#include <string>
#include <vector>

namespace kbuild {

int main_with_args(const std::vector<std::string>& args);

// kbuild exit codes (README "Exit codes").
enum ExitCode { kExitOk = 0, kExitUsage = 1, kExitFailed = 2, kExitInfrastructure = 3 };

}  // namespace kbuild
