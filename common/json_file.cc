#include "common/json_file.h"

#include "common/atomic_file.h"
#include "common/errors.h"

namespace kc {

void write_json_atomic(const std::filesystem::path& path, const nlohmann::json& value) {
  // Replace invalid UTF-8 (console excerpts can hold any bytes) instead of throwing.
  write_file_atomic(path, value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

nlohmann::json read_json_file(const std::filesystem::path& path) {
  std::string text = read_file(path);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    // parse_error, and out_of_range for a number no double holds (1e999).
    throw usage_error(path.string() + " is not valid JSON: " + e.what());
  }
}

}  // namespace kc
