#pragma once
// Helpers shared by the fuzz targets: the input as text, its lines, and
// the rule every target follows: kc::Error (a clear message for bad
// input) is an accepted outcome; anything else (a crash, a sanitizer
// report, another exception) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/errors.h"

namespace fuzz {

inline std::string_view text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline std::vector<std::string_view> lines(std::string_view t) {
  std::vector<std::string_view> out;
  while (!t.empty()) {
    size_t nl = t.find('\n');
    out.push_back(t.substr(0, nl));
    if (nl == std::string_view::npos) break;
    t.remove_prefix(nl + 1);
  }
  return out;
}

// Runs `f`; a kc::Error is the documented answer to bad input.
template <typename F>
void accepting_errors(F f) {
  try {
    f();
  } catch (const kc::Error&) {
  }
}

}  // namespace fuzz
