#include "krun/console/printk_prefix.h"

#include <charconv>

namespace krun {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

size_t printk_level_length(std::string_view s) {
  if (s.size() < 3 || s[0] != '<') return 0;
  size_t i = 1;
  while (i < s.size() && i < 6 && is_digit(s[i])) ++i;
  return (i > 1 && i < s.size() && s[i] == '>') ? i + 1 : 0;
}

size_t printk_timestamp_length(std::string_view s, double* seconds) {
  if (s.empty() || s[0] != '[') return 0;
  size_t i = 1;
  while (i < s.size() && s[i] == ' ') ++i;
  size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == start || i >= s.size() || s[i] != '.') return 0;
  ++i;
  size_t frac = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == frac || i >= s.size() || s[i] != ']') return 0;
  if (seconds) {
    double v = 0;
    auto [p, ec] = std::from_chars(s.data() + start, s.data() + i, v);
    if (ec != std::errc()) return 0;
    *seconds = v;
  }
  return i + 1;
}

size_t printk_caller_length(std::string_view s) {
  if (s.empty() || s[0] != '[') return 0;
  size_t i = 1;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i >= s.size() || (s[i] != 'T' && s[i] != 'C')) return 0;
  ++i;
  size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == start || i >= s.size() || s[i] != ']') return 0;
  return i + 1;
}

}  // namespace krun
