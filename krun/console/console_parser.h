#pragma once
// One streaming pass over a console: bytes -> LineSplitter -> CrashDetector,
// plus any extra line listeners (the boot-marker and KTAP parsers of a run),
// so a console of any size is read once, in bounded memory.
#include <cstddef>
#include <istream>
#include <string_view>
#include <vector>

#include "krun/console/crash_detector.h"
#include "krun/console/line_splitter.h"

namespace krun {

class ConsoleParser {
 public:
  explicit ConsoleParser(DetectorLimits limits = {},
                         size_t max_line_bytes = LineSplitter::kDefaultMaxLineBytes);
  ConsoleParser(const ConsoleParser&) = delete;
  ConsoleParser& operator=(const ConsoleParser&) = delete;

  // Listeners see every line after the crash detector, in order.
  void add_listener(LineListener listener);

  void feed(std::string_view bytes);
  // Reads `in` to its end in fixed-size chunks (does not call finish()).
  void feed(std::istream& in);
  // End of the console: delivers a last unterminated line and closes an
  // open report (flagged truncated).
  void finish();

  const std::vector<Crash>& crashes() const { return detector_.crashes(); }
  const CrashDetector& detector() const { return detector_; }
  bool panicked() const { return detector_.panicked(); }
  size_t lines() const { return splitter_.lines(); }

 private:
  void on_line(size_t line_no, std::string_view line);

  CrashDetector detector_;
  std::vector<LineListener> listeners_;
  LineSplitter splitter_;
};

}  // namespace krun
