#pragma once
// Unit tests feed recorded console logs from krun/suites/testdata/ line by
// line, the way the console pass does.
#include <filesystem>
#include <fstream>
#include <string>

namespace krun::suites::testing {

inline std::filesystem::path testdata(const std::string& name) {
  return std::filesystem::path(KPROJECT_SOURCE_DIR) / "krun/suites/testdata" / name;
}

template <typename Listener>
size_t feed_file(const std::filesystem::path& path, Listener&& on_line) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing test data " + path.string());
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) on_line(++n, line);
  return n;
}

}  // namespace krun::suites::testing
