#include "common/recipe_file.h"

#include <fmt/format.h>

#include "common/yaml_file.h"

namespace kc {

Error recipe_error(const std::filesystem::path& file, const std::string& what) {
  return infra_error(fmt::format("recipe {}: {}", file.string(), what));
}

std::string recipe_string(const YAML::Node& node, const char* key, const std::filesystem::path& file) {
  std::string value = yaml_string(node, key, file);
  if (value.empty()) throw recipe_error(file, fmt::format("'{}' is empty", key));
  return value;
}

}  // namespace kc
