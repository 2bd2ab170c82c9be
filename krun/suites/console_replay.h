#pragma once
// A saved console (krun's own console.log, or the guest's output taken out
// of a LAVA job's log) replayed through what a live run uses: the console
// parser's crash detection, the guest markers, and the test suites' parsers
// for a test plan. `krun suites parse` and `krun lava results` are built on it.
#include <istream>
#include <vector>

#include "krun/console/crash.h"
#include "krun/suites/suite_results.h"
#include "krun/suites/test_catalogue.h"

namespace krun::suites {

struct Replay {
  SuiteResults results;
  std::vector<Crash> crashes;
  bool booted = false;  // `<<KRUN>> BOOT` was seen
  bool done = false;    // `<<KRUN>> DONE` was seen
  size_t lines = 0;
};

// `seconds`: when each console line arrived (line N at seconds[N-1]), for
// the cases' durations; empty when unknown (then no case has a duration
// of its own beyond what the test printed).
Replay replay_console(std::istream& console, const TestPlan& plan, const std::vector<double>& seconds = {});

}  // namespace krun::suites
