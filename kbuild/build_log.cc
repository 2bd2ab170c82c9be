#include "kbuild/build_log.h"

#include <fmt/format.h>


namespace kbuild {

namespace {

// `word` at the start of `l` or right after ':' or ' ' ("file:1:2: error:",
// "ld: error:", "fatal error:"). A linear scan: lines can be megabytes long.
// `l` not starting a line: a match at 0 was judged in the text before it.
bool has_diagnostic(std::string_view l, std::string_view word, bool starts_line) {
  for (size_t pos = l.find(word); pos != std::string_view::npos; pos = l.find(word, pos + 1))
    if ((pos == 0 && starts_line) || (pos > 0 && (l[pos - 1] == ':' || l[pos - 1] == ' '))) return true;
  return false;
}

// make's "*** [Makefile:12: vmlinux] Error 2": "Error <digit>" after the stars
// (seen earlier on the line, or in `l`).
bool has_make_error(std::string_view l, bool stars_seen) {
  size_t from = 0;
  if (!stars_seen) {
    size_t stars = l.find("*** ");
    if (stars == std::string_view::npos) return false;
    from = stars + 4;
  }
  for (size_t pos = l.find("Error ", from); pos != std::string_view::npos; pos = l.find("Error ", pos + 1))
    if (pos + 6 < l.size() && l[pos + 6] >= '0' && l[pos + 6] <= '9') return true;
  return false;
}

}  // namespace

void DiagnosticCounter::feed(std::string_view chunk) {
  while (!chunk.empty()) {
    size_t nl = chunk.find('\n');
    partial_.append(chunk.substr(0, nl));
    if (partial_.size() > kMaxLine) {
      scan(partial_);
      partial_.erase(0, partial_.size() - kOverlap);
      partial_starts_line_ = false;
    }
    if (nl == std::string_view::npos) return;
    end_line();
    chunk.remove_prefix(nl + 1);
  }
}

void DiagnosticCounter::finish() {
  if (!partial_.empty() || !partial_starts_line_) end_line();
}

void DiagnosticCounter::scan(std::string_view text) {
  // gcc/clang "file:line:col: error:", ld "... error:", make "*** [..] Error 2".
  signs_.error = signs_.error || has_diagnostic(text, "error:", partial_starts_line_) ||
                 has_make_error(text, signs_.make_stars);
  signs_.make_stars = signs_.make_stars || text.find("*** ") != std::string_view::npos;
  signs_.warning = signs_.warning || has_diagnostic(text, "warning:", partial_starts_line_);
  // distcc could not reach its hosts and compiled this file here.
  signs_.distcc_fallback = signs_.distcc_fallback || text.find("failed to distribute") != std::string_view::npos;
}

void DiagnosticCounter::end_line() {
  scan(partial_);
  if (signs_.error) ++errors_;
  else if (signs_.warning) ++warnings_;
  if (signs_.distcc_fallback) ++distcc_fallbacks_;
  partial_.clear();
  partial_starts_line_ = true;
  signs_ = {};
}

BuildLog::BuildLog(const std::filesystem::path& dir, const std::string& reproducer)
    : log_(dir / "build.log", std::ios::binary | std::ios::trunc),
      debug_(dir / "build-debug.log", std::ios::binary | std::ios::trunc),
      start_(std::chrono::steady_clock::now()) {
  log_ << reproducer << "\n";
  stamp_debug(reproducer + "\n");
  flush();
}

void BuildLog::stamp_debug(std::string_view text) {
  double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  for (char c : text) {
    if (debug_at_line_start_) debug_ << fmt::format("[{:10.3f}] ", t);
    debug_.put(c);
    debug_at_line_start_ = c == '\n';
  }
}

void BuildLog::output(std::string_view chunk) {
  log_.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
  stamp_debug(chunk);
  counter_.feed(chunk);
}

void BuildLog::note(const std::string& line) {
  log_ << line << "\n";
  stamp_debug(line + "\n");
}

void BuildLog::debug(const std::string& line) { stamp_debug(line + "\n"); }

void BuildLog::flush() {
  log_.flush();
  debug_.flush();
}

}  // namespace kbuild
