#pragma once
// JSON files through nlohmann-json, written atomically and pretty-printed
// (metadata.json and results.json are read by humans too).
#include <filesystem>
#include <nlohmann/json.hpp>

namespace kc {

void write_json_atomic(const std::filesystem::path& path, const nlohmann::json& value);
// Throws kc::Error(Usage) naming the file when it is missing or not JSON.
nlohmann::json read_json_file(const std::filesystem::path& path);

}  // namespace kc
