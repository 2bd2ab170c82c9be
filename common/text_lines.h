#pragma once
// Reading text a line at a time without copying it: the one line splitter
// and blank trimmer the parsers of data files, consoles and scripts share.
// Lines end at '\n'; a last line without one still counts; "\r\n" files
// read the same as "\n" ones once a line is trimmed.
#include <string>
#include <string_view>

namespace kc {

// `s` without leading and trailing spaces, tabs, carriage returns and
// newlines (a header line keeps its "\r\n").
std::string_view trim_blanks(std::string_view s);

// `text` up to its first '\n' (all of it when there is none): the line a
// one-line message quotes from a tool's output.
inline std::string_view first_line(std::string_view text) { return text.substr(0, text.find('\n')); }

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

// Length of the ANSI escape sequence starting with ESC at s[i]: CSI
// (ESC [ params final), OSC (ESC ] ... BEL or ESC \), and the short
// ESC-intermediates-final forms. One that the text cuts off ends there.
size_t ansi_escape_length(std::string_view s, size_t i);
// `s` without its ANSI escape sequences (colours, as perf prints them).
std::string strip_ansi(std::string_view s);

}  // namespace kc
