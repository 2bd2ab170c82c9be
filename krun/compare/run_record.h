#pragma once
// Runs' results as the comparison and the bisect decision see them: every
// case by "suite/case" with how often it passed and failed, and the titles
// of the crashes the console showed. Read from krun's results.json or
// TuxRun's (the same {suite: {case: {result}}} shape; TuxRun's boot is LAVA's
// login action). One side may hold several runs (several files, or one
// results.json of a `--repeat` run, whose cases carry "runs" and "fails"),
// so a case that failed in some runs only is told apart as flaky.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace krun::compare {

// krun's case that sums up the console's crashes; the comparison and the
// bisect decision judge crashes by their titles instead.
inline constexpr const char* kCrashSummaryCase = "boot/kernel-messages";

// How one case did over some runs.
struct CaseTally {
  int runs = 0;    // runs that gave it pass or fail
  int fails = 0;
  int skips = 0;   // runs where it was skip, unknown, or never reached ("not run: ...")
  // "pass" (never failed), "fail" (failed every run), "flaky" (some of
  // each), "skip" (never gave pass or fail).
  std::string status() const;
  void add(const CaseTally& other);
};

struct RunRecord {
  int runs = 0;
  std::map<std::string, CaseTally> cases;  // "suite/case"
  std::map<std::string, int> crashes;      // title → runs that showed it
  std::string boot_case;                   // see boot_case_name()
  std::string end_reason;                  // how krun's run ended (boot/boot's end_reason), "" for TuxRun
  void add(const RunRecord& other);
};

// From a results document.
RunRecord read_run(const nlohmann::json& results);
// A results.json, or an output folder holding one (krun --save-outputs,
// TuxRun's --save-outputs). Throws kc::Error(Usage) naming the path.
RunRecord load_run(const std::filesystem::path& file_or_folder);
// Several files tallied as one side.
RunRecord load_runs(const std::vector<std::filesystem::path>& files);

}  // namespace krun::compare
