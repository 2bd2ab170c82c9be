#include "krun/console/line_splitter.h"

#include <string.h>

#include <algorithm>
#include <utility>

namespace krun {

LineSplitter::LineSplitter(LineListener on_line, size_t max_line_bytes)
    : on_line_(std::move(on_line)),
      max_line_bytes_(max_line_bytes == 0 ? 1 : max_line_bytes) {
  pending_.reserve(max_line_bytes_);
}

void LineSplitter::deliver_piece() { deliver(pending_); }

void LineSplitter::deliver(std::string_view piece) {
  if (!line_started_) {
    ++line_no_;
    line_started_ = true;
  }
  on_line_(line_no_, piece);
  pending_.clear();
}

void LineSplitter::end_line() {
  // An overlong line already delivered its earlier pieces; only deliver the
  // rest when there is one, so a cut never adds an empty trailing piece.
  if (!line_started_ || !pending_.empty()) deliver_piece();
  line_started_ = false;
}

namespace {

// The first \n or \r in bytes[from, to), or `to`: memchr, which reads many
// bytes at a time, because this runs over every byte of the console.
size_t find_break(std::string_view bytes, size_t from, size_t to) {
  const char* begin = bytes.data() + from;
  const void* nl = memchr(begin, '\n', to - from);
  size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - bytes.data()) : to;
  const void* cr = memchr(begin, '\r', end - from);
  return cr ? static_cast<size_t>(static_cast<const char*>(cr) - bytes.data()) : end;
}

}  // namespace

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
    // The longest run of ordinary bytes that still fits the line cap.
    size_t limit = std::min(bytes.size(), i + (max_line_bytes_ - pending_.size()));
    size_t end = find_break(bytes, i, limit);
    if (pending_.empty() && end < limit) {
      // The rest of the line is in this chunk: deliver it without a copy,
      // and its break is handled on the next turn like any other.
      deliver(bytes.substr(i, end - i));
      i = end;
      continue;
    }
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
