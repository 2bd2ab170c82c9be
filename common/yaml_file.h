#pragma once
// Loading the project's YAML data files with errors that name the file.
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

namespace kc {

// Throws kc::Error(Infrastructure) naming the file and line on a parse error.
YAML::Node load_yaml_file(const std::filesystem::path& path);

// Every `*.yaml` file directly in `dir`, sorted by name.
std::vector<std::filesystem::path> yaml_files_in(const std::filesystem::path& dir);

}  // namespace kc
