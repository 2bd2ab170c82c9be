#pragma once
// Per-case results of a run in TuxRun's results.json shape:
//   {"<suite>": {"<case>": {"result": "pass|fail|skip", "duration": s,
//                           "reason": "...", "lines": [first, last]}}}
// plus the end-of-run summary table (pass/fail/skip per suite).
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "krun/suites/outcome.h"

namespace krun::suites {

class SkipList;

struct CaseRecord {
  Outcome result = Outcome::Fail;
  std::optional<double> duration;  // seconds
  std::string reason;
  size_t first_line = 0, last_line = 0;  // console lines; 0 = unknown
};

class SuiteResults {
 public:
  // A name already used in the suite gets " #2", " #3", ... so nothing is lost.
  void add(const std::string& suite, const std::string& test_case, CaseRecord record);
  // Listed cases become skip (reason "in skip list"), whatever they did.
  void apply_skip_list(const SkipList& list);
  // A kernel crash that started on a console line inside a case of one of
  // `suites` (the cases krun's own scripts judge: a module's load, the
  // torture test) fails that case, with "crash: <title>" as its reason.
  struct CrashAt { size_t line; std::string title; };
  void fail_cases_with_crashes(const std::vector<std::string>& suites, const std::vector<CrashAt>& crashes);

  nlohmann::json to_json() const;
  // A fixed-width table for the end of the run, then one line per failed case.
  std::string summary_table() const;
  bool any_failed() const;
  bool empty() const { return suites_.empty(); }
  const std::map<std::string, std::map<std::string, CaseRecord>>& suites() const { return suites_; }

 private:
  std::map<std::string, std::map<std::string, CaseRecord>> suites_;
};

}  // namespace krun::suites
