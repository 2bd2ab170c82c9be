#include "common/text_lines.h"

namespace kc {

std::string_view trim_blanks(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

size_t ansi_escape_length(std::string_view s, size_t i) {
  size_t j = i + 1;
  if (j >= s.size()) return 1;
  auto c = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  if (s[j] == '[') {
    ++j;
    while (j < s.size() && c(j) >= 0x20 && c(j) <= 0x3f) ++j;  // parameters, intermediates
    if (j < s.size() && c(j) >= 0x40 && c(j) <= 0x7e) ++j;     // final byte
    return j - i;
  }
  if (s[j] == ']') {
    for (++j; j < s.size(); ++j) {
      if (s[j] == '\a') return j + 1 - i;
      if (s[j] == '\x1b' && j + 1 < s.size() && s[j + 1] == '\\') return j + 2 - i;
    }
    return j - i;
  }
  while (j < s.size() && c(j) >= 0x20 && c(j) <= 0x2f) ++j;  // "ESC ( B" and the like
  if (j < s.size() && c(j) >= 0x30 && c(j) <= 0x7e) ++j;
  return j - i;
}


std::string strip_ansi(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '\x1b') {
      i += ansi_escape_length(s, i);
    } else {
      out += s[i++];
    }
  }
  return out;
}

}  // namespace kc
