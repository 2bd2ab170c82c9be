#include "krun/suites/kernel_line.h"

#include <cctype>
#include <charconv>

namespace krun::suites {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "<N>" with N digits.
size_t level_prefix_length(std::string_view s) {
  if (s.size() < 3 || s[0] != '<' || !is_digit(s[1])) return 0;
  size_t i = 1;
  while (i < s.size() && is_digit(s[i])) ++i;
  return (i < s.size() && s[i] == ']') ? 0 : (i < s.size() && s[i] == '>' ? i + 1 : 0);
}

// "[  SEC.USEC]": returns the length and the value.
size_t timestamp_length(std::string_view s, double* value) {
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
  double v = 0;
  auto [p, ec] = std::from_chars(s.data() + start, s.data() + i, v);
  if (ec != std::errc()) return 0;
  *value = v;
  return i + 1;
}

// "[    T1]" or "[  C0]" (printk caller id).
size_t caller_length(std::string_view s) {
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

}  // namespace

KernelLine strip_kernel_prefix(std::string_view line) {
  KernelLine out;
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ' ||
                           line.back() == '\t'))
    line.remove_suffix(1);
  line.remove_prefix(level_prefix_length(line));
  double ts = 0;
  if (size_t n = timestamp_length(line, &ts)) {
    out.timestamp = ts;
    line.remove_prefix(n);
    line.remove_prefix(caller_length(line));
    // printk puts exactly one blank between the prefix and the message;
    // anything after it is the message's own indentation (KTAP nesting).
    if (!line.empty() && line[0] == ' ') line.remove_prefix(1);
  }
  out.text = line;
  return out;
}

}  // namespace krun::suites
