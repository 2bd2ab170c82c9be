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

namespace {
Error bad_field(const fs::path& file, const char* key, const char* what) {
  return infra_error("data file " + file.string() + ": '" + key + "' " + what);
}
}  // namespace

std::string yaml_string(const YAML::Node& node, const char* key, const fs::path& file) {
  if (!node || !node[key] || node[key].IsNull()) throw bad_field(file, key, "is missing");
  if (!node[key].IsScalar()) throw bad_field(file, key, "must be a string");
  return node[key].as<std::string>();
}

std::string yaml_string_or(const YAML::Node& node, const char* key, const std::string& fallback) {
  if (!node || !node[key] || node[key].IsNull()) return fallback;
  return node[key].as<std::string>();
}

bool yaml_bool_or_false(const YAML::Node& node, const char* key, const fs::path& file) {
  if (!node || !node[key] || node[key].IsNull()) return false;
  bool value = false;
  if (!node[key].IsScalar() || !YAML::convert<bool>::decode(node[key], value))
    throw bad_field(file, key, "must be true or false");
  return value;
}

std::vector<std::string> yaml_string_list(const YAML::Node& node, const char* key, const fs::path& file) {
  std::vector<std::string> out;
  if (!node || !node[key] || node[key].IsNull()) return out;
  if (!node[key].IsSequence()) throw bad_field(file, key, "must be a list");
  for (const auto& item : node[key]) {
    if (!item.IsScalar()) throw bad_field(file, key, "must be a list of strings");
    out.push_back(item.as<std::string>());
  }
  return out;
}

std::map<std::string, std::string> yaml_string_map(const YAML::Node& node, const char* key, const fs::path& file) {
  std::map<std::string, std::string> out;
  if (!node || !node[key] || node[key].IsNull()) return out;
  if (!node[key].IsMap()) throw bad_field(file, key, "must be a mapping");
  for (const auto& kv : node[key]) {
    if (!kv.second.IsNull() && !kv.second.IsScalar()) throw bad_field(file, key, "must map names to strings");
    out[kv.first.as<std::string>()] = kv.second.IsNull() ? "" : kv.second.as<std::string>();
  }
  return out;
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
