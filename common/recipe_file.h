#pragma once
// Reading image recipes (containers/*.yaml): every error names the recipe
// file, so a broken installation or a bad edit points at the file to fix.
#include <filesystem>
#include <string>

#include <yaml-cpp/yaml.h>

#include "common/errors.h"

namespace kc {

// kc::Error(Infrastructure) "recipe <file>: <what>".
Error recipe_error(const std::filesystem::path& file, const std::string& what);

// A required string that may not be empty either (an empty mirror or name
// would only fail later, far from the recipe).
std::string recipe_string(const YAML::Node& node, const char* key, const std::filesystem::path& file);

}  // namespace kc
