#pragma once
// The console log as rows of an HTML page: one <div id="L<n>"> per line,
// numbered like krun's console parser numbers them (so a crash's
// first_line and a case's `lines` are anchors), the lines of crashes and
// failed cases marked with a CSS class.
//
// The log is read once, in chunks, and only what the page shows is kept:
// a runaway guest can leave a 500 MB console, and a page that size is one
// no browser opens. The page shows the first kHeadLines and the last
// kTailLines lines, plus the first kMarkedLinesPerRange lines of each
// crash and failed case in between (the links must land somewhere); every
// gap gets a note row saying which lines are left out, pointing at the
// full log.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <utility>
#include <vector>

namespace krun::html {

// The caps. With them the console part of a page stays under about
// 3 × 2 MiB of text plus ~100 bytes of markup per row, whatever the log.
inline constexpr size_t kHeadLines = 2000;
inline constexpr size_t kTailLines = 2000;
inline constexpr size_t kMarkedLinesPerRange = 200;
inline constexpr size_t kHeadHtmlBytes = 2u << 20;    // rendered bytes, each of head,
inline constexpr size_t kTailHtmlBytes = 2u << 20;    // tail, and the marked lines
inline constexpr size_t kMarkedHtmlBytes = 2u << 20;  // between them
inline constexpr size_t kShownLineBytes = 2048;       // a longer line is cut, saying so

// 1-based inclusive console line ranges.
using LineRange = std::pair<size_t, size_t>;

struct ConsoleMarks {
  std::vector<LineRange> crashes;
  std::vector<LineRange> failed_cases;
};

struct ConsoleHtml {
  std::string rows;        // the <div> rows and gap notes, in line order
  size_t lines = 0;        // lines in the log
  size_t shown_lines = 0;  // lines on the page
  uint64_t bytes = 0;      // bytes in the log
  bool read_error = false; // the stream failed before its end
  std::string linux_version;  // the kernel's "Linux version ..." banner, raw bytes
};

// `gap_note_html` ends each gap note ("the full log is <a>...</a>").
ConsoleHtml render_console(std::istream& in, const ConsoleMarks& marks, const std::string& gap_note_html);

}  // namespace krun::html
