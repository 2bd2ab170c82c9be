#include "krun/results/html_console.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>

#include "krun/console/line_splitter.h"
#include "krun/console/message_text.h"
#include "krun/results/html_text.h"

namespace krun::html {

namespace {

// Sorted, merged ranges asked "does line n fall in one?" for n rising one
// by one, so each question costs O(1) amortised however many ranges.
class RangeCursor {
 public:
  explicit RangeCursor(std::vector<LineRange> ranges) : ranges_(std::move(ranges)) {
    for (auto& [first, last] : ranges_) last = std::max(first, last);
    std::sort(ranges_.begin(), ranges_.end());
    std::vector<LineRange> merged;
    for (const auto& r : ranges_) {
      if (!merged.empty() && r.first <= merged.back().second + 1)
        merged.back().second = std::max(merged.back().second, r.second);
      else
        merged.push_back(r);
    }
    ranges_ = std::move(merged);
  }
  bool contains(size_t n) {
    while (next_ < ranges_.size() && ranges_[next_].second < n) ++next_;
    return next_ < ranges_.size() && ranges_[next_].first <= n;
  }

 private:
  std::vector<LineRange> ranges_;
  size_t next_ = 0;
};

std::vector<LineRange> starts_of(const std::vector<LineRange>& ranges) {
  std::vector<LineRange> out;
  for (const auto& r : ranges) out.push_back({r.first, r.first});
  return out;
}

// The part of each range the page keeps when it falls between head and tail.
std::vector<LineRange> kept_parts(const ConsoleMarks& marks) {
  std::vector<LineRange> out;
  for (const auto* list : {&marks.crashes, &marks.failed_cases})
    for (const auto& [first, last] : *list)
      out.push_back({first, std::min(std::max(first, last), first + kMarkedLinesPerRange - 1)});
  return out;
}

class Renderer {
 public:
  Renderer(const ConsoleMarks& marks, const std::string& gap_note)
      : crash_(marks.crashes), crash_start_(starts_of(marks.crashes)), failed_(marks.failed_cases),
        kept_(kept_parts(marks)), gap_note_(gap_note) {}

  // A line, or one piece of an overlong one (LineSplitter hands every piece
  // with the same number): the first piece is shown, the rest only counted.
  void on_piece(size_t n, std::string_view piece) {
    if (n != line_no_) {
      end_line();
      line_no_ = n;
      text_.assign(piece);
      cut_bytes_ = 0;
      if (out_.linux_version.empty()) {
        std::string_view msg = message_text(text_);
        if (msg.starts_with("Linux version ")) out_.linux_version = msg.substr(0, 300);
      }
    } else {
      cut_bytes_ += piece.size();
    }
  }

  ConsoleHtml finish() {
    end_line();
    while (!tail_.empty()) {
      emit(tail_.front().line, tail_.front().html);
      tail_.pop_front();
    }
    if (last_emitted_ < line_no_) gap(last_emitted_ + 1, line_no_);
    out_.lines = line_no_;
    return std::move(out_);
  }

 private:
  struct Row {
    size_t line;
    std::string html;
    bool keep;
  };

  void end_line() {
    if (line_no_ == 0 || line_no_ == rendered_) return;
    rendered_ = line_no_;
    size_t n = line_no_;
    bool in_crash = crash_.contains(n), in_failed = failed_.contains(n);
    bool keep = kept_.contains(n);
    std::string cls = in_crash ? (crash_start_.contains(n) ? "c cs" : "c") : "";
    if (in_failed) cls += cls.empty() ? "f" : " f";
    std::string row = fmt::format("<div id=\"L{0}\"{1}><a href=\"#L{0}\">{0}</a>", n,
                                  cls.empty() ? "" : fmt::format(" class=\"{}\"", cls));
    append_text(row, text_);
    if (cut_bytes_ > 0) row += fmt::format("<span class=\"cut\"> … {} more bytes on this line</span>", cut_bytes_);
    row += "</div>\n";
    place(n, std::move(row), keep);
  }

  // Head rows go straight to the page; later ones wait in the tail window
  // and, pushed out of it, stay only when they belong to a crash or a
  // failed case (and the budget for those allows).
  void place(size_t n, std::string row, bool keep) {
    if (head_open_ && n <= kHeadLines && out_.rows.size() + row.size() <= kHeadHtmlBytes) {
      emit(n, row);
      return;
    }
    head_open_ = false;
    tail_bytes_ += row.size();
    tail_.push_back({n, std::move(row), keep});
    while (tail_.size() > kTailLines || tail_bytes_ > kTailHtmlBytes) {
      Row& r = tail_.front();
      if (r.keep && marked_bytes_ + r.html.size() <= kMarkedHtmlBytes) {
        marked_bytes_ += r.html.size();
        emit(r.line, r.html);
      }
      tail_bytes_ -= r.html.size();
      tail_.pop_front();
    }
  }

  void emit(size_t n, const std::string& row) {
    if (n > last_emitted_ + 1) gap(last_emitted_ + 1, n - 1);
    out_.rows += row;
    ++out_.shown_lines;
    last_emitted_ = n;
  }

  void gap(size_t first, size_t last) {
    size_t count = last - first + 1;
    out_.rows += fmt::format("<div class=\"gap\">⋯ {} not shown ({} line{}); {}</div>\n",
                             count == 1 ? fmt::format("line {}", first)
                                        : fmt::format("lines {}–{}", first, last),
                             count, count == 1 ? "" : "s", gap_note_);
  }

  RangeCursor crash_, crash_start_, failed_, kept_;
  const std::string& gap_note_;
  ConsoleHtml out_;
  size_t line_no_ = 0, rendered_ = 0, last_emitted_ = 0;
  std::string text_;
  size_t cut_bytes_ = 0;
  bool head_open_ = true;
  std::deque<Row> tail_;
  size_t tail_bytes_ = 0, marked_bytes_ = 0;
};

}  // namespace

ConsoleHtml render_console(std::istream& in, const ConsoleMarks& marks, const std::string& gap_note_html) {
  Renderer renderer(marks, gap_note_html);
  // The same splitter as the console parser, so line numbers agree with
  // crashes' first_line/last_line and cases' `lines`.
  LineSplitter splitter([&](size_t n, std::string_view piece) { renderer.on_piece(n, piece); }, kShownLineBytes);
  std::string chunk(1 << 16, '\0');
  uint64_t bytes = 0;
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    auto got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    bytes += got;
    splitter.feed(std::string_view(chunk.data(), got));
  }
  splitter.finish();
  bool read_error = in.bad();
  ConsoleHtml out = renderer.finish();
  out.bytes = bytes;
  out.read_error = read_error;
  return out;
}

}  // namespace krun::html
