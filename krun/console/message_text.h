#pragma once
// The kernel's message inside one console line: what is left after the
// decorations printk and the console add in front of it.
//
//   <4>[    1.234567][    T1] WARNING: CPU: 0 ...   ->  "WARNING: CPU: 0 ..."
//   [  12.5] BUG: ...                                 ->  "BUG: ..."
//   [ C1] rcu: INFO: ...                              ->  "rcu: INFO: ..."
//
// A console line can also start with bytes from userspace that were written
// without a newline before the kernel printed ("hello[    3.1] Oops: ...");
// the message then starts after the first timestamp found in the line.
#include <string_view>

namespace krun {

std::string_view message_text(std::string_view line);

}  // namespace krun
