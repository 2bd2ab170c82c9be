#include "common/json_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "common/atomic_file.h"
#include "common/errors.h"

namespace kc {
namespace {

std::filesystem::path scratch(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("kc-json-" + std::to_string(getpid()) + "-" + name);
}

void expect_usage_error_naming(const std::filesystem::path& file) {
  try {
    read_json_file(file);
    ADD_FAILURE() << file << " was read";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find(file.filename().string()), std::string::npos) << e.what();
  }
}

TEST(JsonFile, RoundTrip) {
  auto f = scratch("ok.json");
  write_json_atomic(f, {{"a", 1}, {"b", {"x", "y"}}});
  EXPECT_EQ(read_json_file(f)["b"][1], "y");
  std::filesystem::remove(f);
}

TEST(JsonFile, BadFilesAreUsageErrorsNamingTheFile) {
  expect_usage_error_naming(scratch("missing.json"));
  auto truncated = scratch("truncated.json");
  write_file_atomic(truncated, "{\"build\": ");
  expect_usage_error_naming(truncated);
  // A number no double can hold is nlohmann's out_of_range, not a parse error.
  auto huge = scratch("huge.json");
  write_file_atomic(huge, "{\"duration\": 1e999}");
  expect_usage_error_naming(huge);
  std::filesystem::remove(truncated);
  std::filesystem::remove(huge);
}

}  // namespace
}  // namespace kc
