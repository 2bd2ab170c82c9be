#pragma once
// Loading the project's YAML data files with errors that name the file.
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace kc {

// Throws kc::Error(Infrastructure) naming the file and line on a parse error.
YAML::Node load_yaml_file(const std::filesystem::path& path);

// Field readers shared by every data-file loader. A broken data file is an
// installation problem (kc::Error Infrastructure); messages name the file
// and the field.
// Required scalar (may be the empty string "").
std::string yaml_string(const YAML::Node& node, const char* key, const std::filesystem::path& file);
// Optional scalar: `fallback` when absent or null.
std::string yaml_string_or(const YAML::Node& node, const char* key, const std::string& fallback = "");
// Optional flag: false when absent or null, else true or false.
bool yaml_bool_or_false(const YAML::Node& node, const char* key, const std::filesystem::path& file);
// Absent or null: empty. Otherwise a sequence of strings (null items are
// refused: quote "null" where the word is meant).
std::vector<std::string> yaml_string_list(const YAML::Node& node, const char* key,
                                          const std::filesystem::path& file);
// Absent or null: empty. Otherwise a mapping of scalars.
std::map<std::string, std::string> yaml_string_map(const YAML::Node& node, const char* key,
                                                   const std::filesystem::path& file);

// Every `*.yaml` file directly in `dir`, sorted by name.
std::vector<std::filesystem::path> yaml_files_in(const std::filesystem::path& dir);

}  // namespace kc
