#pragma once
// A file artifact named by a pattern (TuxMake's `linux-*.tar.gz`): the
// kernel's package targets name their files after the release, which is
// only known once the build has run. The pattern is shell-style (fnmatch)
// in the file name only; the folder part is a plain path.
#include <filesystem>
#include <string>
#include <vector>

namespace kbuild {

// True when the file name part has a wildcard (* ? [).
bool is_file_pattern(const std::string& relative_path);

// The regular files under `dir` that `relative_pattern` matches, as paths
// relative to `dir`, sorted; empty when none (or the folder is missing).
std::vector<std::string> files_matching(const std::filesystem::path& dir, const std::string& relative_pattern);

}  // namespace kbuild
