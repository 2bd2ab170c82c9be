#pragma once
// Turns a console byte stream into lines, one chunk at a time.
//
// A console log is whatever the serial port produced: any bytes (not only
// UTF-8), `\n` or `\r\n` line ends from the kernel's tty, bare `\r` from
// programs that redraw a line, and sometimes an endless line from a guest
// that never prints a newline. So:
//   - a break is `\n`, or a run of `\r` optionally followed by `\n`
//     (`\r\n` and `\r\r\n` are one break, so line numbers match an editor's);
//   - bytes are passed through untouched (no decoding, NUL included);
//   - a line longer than max_line_bytes is cut into pieces of at most that
//     size; every piece is delivered with the same 1-based line number, so
//     memory stays bounded and numbers still point at the log file's line.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace krun {

using LineListener = std::function<void(size_t line_no, std::string_view line)>;

class LineSplitter {
 public:
  static constexpr size_t kDefaultMaxLineBytes = 4096;

  explicit LineSplitter(LineListener on_line,
                        size_t max_line_bytes = kDefaultMaxLineBytes);

  // Feeds the next chunk; a chunk may end anywhere (even between \r and \n).
  void feed(std::string_view bytes);
  // End of stream: delivers a last line that had no line end.
  void finish();

  // Lines delivered so far (the number of the last one).
  size_t lines() const { return line_no_; }

 private:
  void deliver_piece();
  void deliver(std::string_view piece);
  void end_line();

  LineListener on_line_;
  size_t max_line_bytes_;
  std::string pending_;        // bytes of the current line not yet delivered
  bool line_started_ = false;  // the current line has bytes or pieces already
  bool after_cr_ = false;      // last break was \r: a following \n belongs to it
  size_t line_no_ = 0;
};

}  // namespace krun
