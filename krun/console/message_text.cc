#include "krun/console/message_text.h"

#include "krun/console/printk_prefix.h"

namespace krun {
namespace {

// Where a timestamp starts in the middle of the line (text written by
// userspace without a newline, then the kernel's line), or npos. Only the
// kernel's exact "[%5lu.%06lu]" shape counts there, so a bracketed number in
// a message is not mistaken for one.
size_t find_inner_timestamp(std::string_view s) {
  for (size_t at = s.find('[', 1); at != std::string_view::npos;
       at = s.find('[', at + 1)) {
    size_t len = printk_timestamp_length(s.substr(at));
    if (len >= 9 && s[at + len - 8] == '.') return at;
  }
  return std::string_view::npos;
}

}  // namespace

std::string_view message_text(std::string_view line) {
  std::string_view s = line;
  s.remove_prefix(printk_level_length(s));
  size_t ts = printk_timestamp_length(s);
  if (ts == 0) {
    size_t inner = find_inner_timestamp(s);
    if (inner != std::string_view::npos) {
      s.remove_prefix(inner);
      ts = printk_timestamp_length(s);
    }
  }
  s.remove_prefix(ts);
  std::string_view after_ts = s;
  while (ts != 0 && !s.empty() && s.front() == ' ') s.remove_prefix(1);
  size_t caller = printk_caller_length(s);
  if (caller == 0) s = after_ts;
  s.remove_prefix(caller);
  // One space separates the decorations from the message; more spaces are
  // the message's own indentation (call trace frames), which the detector
  // uses, so keep them.
  if (s.size() != line.size() && !s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

}  // namespace krun
