#pragma once
// One crash found on a console: a kernel report from its first line to its
// last, with a title that stays the same when the same bug happens again
// (no addresses, offsets, timestamps, pids), like syzkaller's titles.
#include <cstddef>
#include <string>
#include <vector>

#include "krun/console/report_frames.h"

namespace krun {

struct Crash {
  std::string kind;      // "panic", "warning", "kasan", ... (docs/console-parser.md)
  std::string title;     // "KASAN: slab-use-after-free Read in foo"
  std::string function;  // the code the report points at, "" when it has none
  size_t first_line = 0, last_line = 0;  // 1-based console line numbers
  std::string excerpt;   // the report's lines, bounded (see DetectorLimits)
  bool truncated = false;  // the log ended before the report was complete
  bool panicked = false;   // the report ended in (or was) a kernel panic
  std::vector<Frame> frames;  // the faulting instruction and the call trace
};

}  // namespace krun
