#pragma once
// Reading the output of mmdebstrap and `podman build`: which step is running
// (for progress lines) and why a build failed (a package Debian does not
// have, no network), so the error names the cause instead of "exit 1".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kc::image_log {

// The progress text for one output line, if it starts a step:
// podman's "STEP 2/6: RUN ..." and mmdebstrap's "I: downloading ...".
std::optional<std::string> progress_step(std::string_view line);

// Package names apt reported as unknown or uninstallable, in order, unique.
std::vector<std::string> missing_packages(std::string_view log);

// True when the log shows the Debian mirror (or the network) unreachable.
bool network_failure(std::string_view log);

}  // namespace kc::image_log
