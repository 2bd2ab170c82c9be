#pragma once
// What changed between two sides of runs (`krun compare BASE NEW`, and
// `--bisect-on regressions`): per case, regressed (pass in every BASE run,
// fail in every NEW run), fixed (the reverse), flaky in NEW (failed in some
// NEW runs only), new, gone and no longer tested (skip or unknown in NEW);
// crashes whose title is in NEW but not in BASE (krun's boot/kernel-messages
// case, their summary, is left out); and the boot case of each.
// Only regressions and new crashes make `regressed()`: a case that is new
// and fails has no history to regress from, and a flaky one is reported for
// the user to look at, not counted.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/junit.h"
#include "krun/compare/run_record.h"

namespace krun::suites {
class SkipList;
}

namespace krun::compare {

struct CaseChange {
  std::string name;           // "suite/case"
  std::string base, now;      // CaseTally::status() on each side, "" when absent
  CaseTally base_tally, new_tally;
};

struct Comparison {
  int base_runs = 0, new_runs = 0;
  std::vector<CaseChange> regressions, fixes, flaky, added, gone, untested;
  std::vector<std::string> new_crashes, gone_crashes;
  CaseChange boot;            // name empty when neither side has a boot case
  std::string base_end, new_end;  // how the runs ended (krun's end_reason), "" when not recorded
  int unchanged = 0;          // cases with the same status on both sides
  bool regressed() const { return !regressions.empty() || !new_crashes.empty(); }
};

// Cases the skip list names are left out of both sides, as a run would force
// them to skip.
Comparison compare_runs(const RunRecord& base, const RunRecord& now, const suites::SkipList& skips);

nlohmann::json to_json(const Comparison& c);
// The table for the terminal: one line per change, grouped, then a summary.
std::string to_table(const Comparison& c);
// One <testsuite> "regressions": a failing case per regression and new
// crash, a passing one per fix and unchanged case, skips for the rest.
std::vector<kc::junit::Suite> to_junit(const Comparison& c);

}  // namespace krun::compare
