#include "krun/console/line_splitter.h"

#include <utility>

namespace krun {

LineSplitter::LineSplitter(LineListener on_line, size_t max_line_bytes)
    : on_line_(std::move(on_line)),
      max_line_bytes_(max_line_bytes == 0 ? 1 : max_line_bytes) {
  pending_.reserve(max_line_bytes_);
}

void LineSplitter::deliver_piece() {
  if (!line_started_) {
    ++line_no_;
    line_started_ = true;
  }
  on_line_(line_no_, pending_);
  pending_.clear();
}

void LineSplitter::end_line() {
  // An overlong line already delivered its earlier pieces; only deliver the
  // rest when there is one, so a cut never adds an empty trailing piece.
  if (!line_started_ || !pending_.empty()) deliver_piece();
  line_started_ = false;
}

void LineSplitter::feed(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    char c = bytes[i];
    if (after_cr_ && (c == '\r' || c == '\n')) {
      // Still the same break: \r\n, \r\r\n, \r\r...
      if (c == '\n') after_cr_ = false;
      ++i;
      continue;
    }
    after_cr_ = false;
    if (c == '\n' || c == '\r') {
      end_line();
      after_cr_ = (c == '\r');
      ++i;
      continue;
    }
    // Copy the longest run of ordinary bytes that still fits the line cap.
    size_t end = i;
    size_t room = max_line_bytes_ - pending_.size();
    while (end < bytes.size() && end - i < room && bytes[end] != '\n' &&
           bytes[end] != '\r')
      ++end;
    pending_.append(bytes.data() + i, end - i);
    i = end;
    if (pending_.size() == max_line_bytes_) deliver_piece();
  }
}

void LineSplitter::finish() {
  if (!pending_.empty()) end_line();
  line_started_ = false;
  after_cr_ = false;
}

}  // namespace krun
