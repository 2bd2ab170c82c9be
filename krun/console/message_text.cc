#include "krun/console/message_text.h"

#include <cctype>

namespace krun {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of a "<N>" log-level prefix at the start of s, or 0.
size_t level_prefix(std::string_view s) {
  if (s.size() < 3 || s[0] != '<') return 0;
  size_t i = 1;
  while (i < s.size() && i < 6 && is_digit(s[i])) ++i;
  return (i > 1 && i < s.size() && s[i] == '>') ? i + 1 : 0;
}

// Length of "[   12.345678]" at the start of s, or 0.
size_t timestamp(std::string_view s) {
  if (s.empty() || s[0] != '[') return 0;
  size_t i = 1;
  while (i < s.size() && s[i] == ' ') ++i;
  size_t digits = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == digits || i >= s.size() || s[i] != '.') return 0;
  ++i;
  size_t frac = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == frac || i >= s.size() || s[i] != ']') return 0;
  return i + 1;
}

// Length of a CONFIG_PRINTK_CALLER id "[    T123]" / "[  C1]" at the start
// of s, or 0.
size_t caller_id(std::string_view s) {
  if (s.empty() || s[0] != '[') return 0;
  size_t i = 1;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i >= s.size() || (s[i] != 'T' && s[i] != 'C')) return 0;
  ++i;
  size_t digits = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == digits || i >= s.size() || s[i] != ']') return 0;
  return i + 1;
}

// Where a timestamp starts in the middle of the line (text written by
// userspace without a newline, then the kernel's line), or npos. Only the
// kernel's exact "[%5lu.%06lu]" shape counts there, so a bracketed number in
// a message is not mistaken for one.
size_t find_inner_timestamp(std::string_view s) {
  for (size_t at = s.find('[', 1); at != std::string_view::npos;
       at = s.find('[', at + 1)) {
    size_t len = timestamp(s.substr(at));
    if (len >= 9 && s[at + len - 8] == '.') return at;
  }
  return std::string_view::npos;
}

}  // namespace

std::string_view message_text(std::string_view line) {
  std::string_view s = line;
  s.remove_prefix(level_prefix(s));
  size_t ts = timestamp(s);
  if (ts == 0) {
    size_t inner = find_inner_timestamp(s);
    if (inner != std::string_view::npos) {
      s.remove_prefix(inner);
      ts = timestamp(s);
    }
  }
  s.remove_prefix(ts);
  std::string_view after_ts = s;
  while (ts != 0 && !s.empty() && s.front() == ' ') s.remove_prefix(1);
  size_t caller = caller_id(s);
  if (caller == 0) s = after_ts;
  s.remove_prefix(caller);
  // One space separates the decorations from the message; more spaces are
  // the message's own indentation (call trace frames), which the detector
  // uses, so keep them.
  if (s.size() != line.size() && !s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

}  // namespace krun
