#pragma once
// Console lines carry prefixes the test output did not print: the printk
// level `<6>`, the timestamp `[    1.234567]` (CONFIG_PRINTK_TIME) and the
// caller id `[    T1]` (CONFIG_PRINTK_CALLER). Test parsers look past them,
// and keep the timestamp because it is the only clock that measures a kunit
// case from inside the guest.
#include <optional>
#include <string_view>

namespace krun::suites {

struct KernelLine {
  std::string_view text;            // the line without the prefixes, trailing \r and blanks
  std::optional<double> timestamp;  // seconds since boot, when the line had one
};

KernelLine strip_kernel_prefix(std::string_view line);

}  // namespace krun::suites
