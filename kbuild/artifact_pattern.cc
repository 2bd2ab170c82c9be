#include "kbuild/artifact_pattern.h"

#include <fnmatch.h>

#include <algorithm>

namespace kbuild {

namespace fs = std::filesystem;

bool is_file_pattern(const std::string& relative_path) {
  return fs::path(relative_path).filename().string().find_first_of("*?[") != std::string::npos;
}

std::vector<std::string> files_matching(const fs::path& dir, const std::string& relative_pattern) {
  const fs::path pattern(relative_pattern);
  const fs::path folder = pattern.parent_path();
  const std::string name_pattern = pattern.filename().string();
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir / folder, ec)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file(ec) && fnmatch(name_pattern.c_str(), name.c_str(), FNM_PERIOD) == 0)
      out.push_back((folder / name).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kbuild
