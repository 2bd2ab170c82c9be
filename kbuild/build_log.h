#pragma once
// build.log (the build output, first line a command that reproduces the
// build) and build-debug.log (everything, each line stamped with the seconds
// since the start), plus error/warning counting over the build output.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace kbuild {

// Counts compiler/make diagnostics line by line (chunks may split lines).
class DiagnosticCounter {
 public:
  void feed(std::string_view chunk);
  void finish();  // counts a last line without a newline
  int errors() const { return errors_; }
  int warnings() const { return warnings_; }
  // Lines where distcc says it "failed to distribute" and compiled locally.
  int distcc_fallbacks() const { return distcc_fallbacks_; }

 private:
  // What the current line has shown so far.
  struct LineSigns {
    bool error = false, warning = false, make_stars = false, distcc_fallback = false;
  };
  void scan(std::string_view text);
  void end_line();
  // The unended line is held up to kMaxLine bytes: past that, what it holds
  // is scanned into signs_ and only its last kOverlap bytes are kept (a word
  // may straddle the cut), so a line of gigabytes without a newline costs
  // no more memory than a short one and is judged the same.
  static constexpr size_t kMaxLine = 64 * 1024;
  static constexpr size_t kOverlap = 32;
  std::string partial_;
  bool partial_starts_line_ = true;
  LineSigns signs_;
  int errors_ = 0, warnings_ = 0, distcc_fallbacks_ = 0;
};

class BuildLog {
 public:
  // Creates (truncates) both files in output_dir.
  BuildLog(const std::filesystem::path& output_dir, const std::string& reproducer);
  void output(std::string_view chunk);     // build output: both logs
  void note(const std::string& line);      // kbuild's own lines: debug log (and build.log when user-facing)
  void debug(const std::string& line);     // debug log only
  void flush();
  const DiagnosticCounter& counter() const { return counter_; }
  DiagnosticCounter& counter() { return counter_; }

 private:
  void stamp_debug(std::string_view text);
  std::ofstream log_, debug_;
  std::chrono::steady_clock::time_point start_;
  bool debug_at_line_start_ = true;
  DiagnosticCounter counter_;
};

}  // namespace kbuild
