#pragma once
// A file artifact named by a pattern (TuxMake's `linux-*.tar.gz`): the
// kernel's package targets name their files after the release, which is
// only known once the build has run, and rpmbuild puts its packages in a
// folder named after the machine (rpmbuild/RPMS/*/kernel-*.rpm). Each
// component is shell-style (fnmatch), one folder level each.
#include <filesystem>
#include <string>
#include <vector>

namespace kbuild {

// True when the path has a wildcard (* ? [).
bool is_file_pattern(const std::string& relative_path);

// The regular files under `dir` that `relative_pattern` matches, as paths
// relative to `dir`, sorted; empty when none (or the folder is missing).
std::vector<std::string> files_matching(const std::filesystem::path& dir, const std::string& relative_pattern);

}  // namespace kbuild
