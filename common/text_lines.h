#pragma once
// Reading text a line at a time without copying it: the one line splitter
// and blank trimmer the parsers of data files, consoles and scripts share.
// Lines end at '\n'; a last line without one still counts; "\r\n" files
// read the same as "\n" ones once a line is trimmed.
#include <string_view>

namespace kc {

// `s` without leading and trailing spaces, tabs and carriage returns.
std::string_view trim_blanks(std::string_view s);

// Calls `fn(line)` for each line of `text`, without its '\n'.
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    fn(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
}

}  // namespace kc
