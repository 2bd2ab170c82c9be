#include "kbuild/build_log.h"

#include <fmt/format.h>


namespace kbuild {

void DiagnosticCounter::feed(std::string_view chunk) {
  partial_.append(chunk);
  size_t start = 0, nl;
  while ((nl = partial_.find('\n', start)) != std::string::npos) {
    line(std::string_view(partial_).substr(start, nl - start));
    start = nl + 1;
  }
  partial_.erase(0, start);
}

void DiagnosticCounter::finish() {
  if (!partial_.empty()) line(partial_);
  partial_.clear();
}

namespace {

// `word` at the start of `l` or right after ':' or ' ' ("file:1:2: error:",
// "ld: error:", "fatal error:"). A linear scan: lines can be megabytes long.
bool has_diagnostic(std::string_view l, std::string_view word) {
  for (size_t pos = l.find(word); pos != std::string_view::npos; pos = l.find(word, pos + 1))
    if (pos == 0 || l[pos - 1] == ':' || l[pos - 1] == ' ') return true;
  return false;
}

// make's "*** [Makefile:12: vmlinux] Error 2".
bool is_make_error(std::string_view l) {
  size_t stars = l.find("*** ");
  if (stars == std::string_view::npos) return false;
  for (size_t pos = l.find("Error ", stars + 4); pos != std::string_view::npos; pos = l.find("Error ", pos + 1))
    if (pos + 6 < l.size() && l[pos + 6] >= '0' && l[pos + 6] <= '9') return true;
  return false;
}

}  // namespace

void DiagnosticCounter::line(std::string_view l) {
  // gcc/clang "file:line:col: error:", ld "... error:", make "*** [..] Error 2".
  if (has_diagnostic(l, "error:") || is_make_error(l)) ++errors_;
  else if (has_diagnostic(l, "warning:")) ++warnings_;
  // distcc could not reach its hosts and compiled this file here.
  if (l.find("failed to distribute") != std::string_view::npos) ++distcc_fallbacks_;
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
