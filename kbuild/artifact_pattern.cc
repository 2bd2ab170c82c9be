#include "kbuild/artifact_pattern.h"

#include <fnmatch.h>

#include <algorithm>

namespace kbuild {

namespace fs = std::filesystem;

namespace {

bool has_wildcard(const std::string& s) { return s.find_first_of("*?[") != std::string::npos; }

// Every path under dir/`prefix` that the components [i, end) match, one
// folder level per component (a wildcard never crosses a '/').
void match_from(const fs::path& dir, const fs::path& prefix, const std::vector<std::string>& parts, size_t i,
                std::vector<std::string>& out) {
  std::error_code ec;
  const bool last = i + 1 == parts.size();
  if (!has_wildcard(parts[i])) {
    const fs::path next = prefix / parts[i];
    if (last) {
      if (fs::is_regular_file(dir / next, ec)) out.push_back(next.string());
    } else if (fs::is_directory(dir / next, ec)) {
      match_from(dir, next, parts, i + 1, out);
    }
    return;
  }
  for (const auto& e : fs::directory_iterator(dir / prefix, ec)) {
    const std::string name = e.path().filename().string();
    if (fnmatch(parts[i].c_str(), name.c_str(), FNM_PERIOD) != 0) continue;
    if (last && e.is_regular_file(ec)) out.push_back((prefix / name).string());
    if (!last && e.is_directory(ec)) match_from(dir, prefix / name, parts, i + 1, out);
  }
}

}  // namespace

bool is_file_pattern(const std::string& relative_path) { return has_wildcard(relative_path); }

std::vector<std::string> files_matching(const fs::path& dir, const std::string& relative_pattern) {
  std::vector<std::string> parts;
  for (const auto& p : fs::path(relative_pattern)) {
    const std::string s = p.string();
    if (s.empty() || s == ".") continue;
    if (s == ".." || p.is_absolute()) return {};  // patterns stay inside the folder
    parts.push_back(s);
  }
  std::vector<std::string> out;
  if (!parts.empty()) match_from(dir, "", parts, 0, out);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kbuild
