#include "common/yaml_file.h"

#include <algorithm>

#include "common/errors.h"

namespace kc {

namespace fs = std::filesystem;

YAML::Node load_yaml_file(const fs::path& path) {
  try {
    return YAML::LoadFile(path.string());
  } catch (const YAML::BadFile&) {
    throw infra_error("cannot read data file " + path.string());
  } catch (const YAML::Exception& e) {
    throw infra_error("data file " + path.string() + " is invalid: " + e.what());
  }
}

std::vector<fs::path> yaml_files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace kc
