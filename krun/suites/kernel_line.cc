#include "krun/suites/kernel_line.h"

#include "krun/console/printk_prefix.h"

namespace krun::suites {

KernelLine strip_kernel_prefix(std::string_view line) {
  KernelLine out;
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ' ||
                           line.back() == '\t'))
    line.remove_suffix(1);
  line.remove_prefix(printk_level_length(line));
  double ts = 0;
  if (size_t n = printk_timestamp_length(line, &ts)) {
    out.timestamp = ts;
    line.remove_prefix(n);
    line.remove_prefix(printk_caller_length(line));
    // printk puts exactly one blank between the prefix and the message;
    // anything after it is the message's own indentation (KTAP nesting).
    if (!line.empty() && line[0] == ' ') line.remove_prefix(1);
  }
  out.text = line;
  return out;
}

}  // namespace krun::suites
