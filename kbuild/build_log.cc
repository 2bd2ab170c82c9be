#include "kbuild/build_log.h"

#include <fmt/format.h>

#include <regex>

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

void DiagnosticCounter::line(std::string_view l) {
  // gcc/clang "file:line:col: error:", ld "... error:", make "*** [..] Error 2".
  static const std::regex error_re("(^|[: ])(fatal )?error:|\\*\\*\\* .*Error [0-9]+", std::regex::extended);
  static const std::regex warning_re("(^|[: ])warning:", std::regex::extended);
  std::string s(l);
  if (std::regex_search(s, error_re)) ++errors_;
  else if (std::regex_search(s, warning_re)) ++warnings_;
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
