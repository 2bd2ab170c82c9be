#pragma once
// The decorations printk and the console put in front of a kernel message,
// scanned the same way for every reader of the console (the crash
// detector's message_text(), the test parsers' strip_kernel_prefix()):
//   "<4>"             the log level (a console with ignore_loglevel, syslog format)
//   "[   12.345678]"  the timestamp (CONFIG_PRINTK_TIME)
//   "[    T1]", "[  C0]"  the caller id (CONFIG_PRINTK_CALLER)
// Each returns the length of its decoration at the start of `s`, 0 when
// there is none there.
#include <cstddef>
#include <string_view>

namespace krun {

size_t printk_level_length(std::string_view s);
// `seconds`, when given, receives the timestamp's value.
size_t printk_timestamp_length(std::string_view s, double* seconds = nullptr);
size_t printk_caller_length(std::string_view s);

}  // namespace krun
