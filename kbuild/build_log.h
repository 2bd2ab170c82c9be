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
  void line(std::string_view l);
  std::string partial_;
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
