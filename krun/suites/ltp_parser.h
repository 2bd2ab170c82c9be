#pragma once
// Streaming parser for LTP runner output as it reaches the console:
//  - ltp-pan blocks (runltp without -q): <<<test_start>>> tag=NAME ...
//    <<<test_output>>> ... <<<execution_status>>> duration=S
//    termination_type=T termination_id=N <<<test_end>>>
//  - the test library's result lines inside them ("foo.c:12: TPASS: ...",
//    old-style "name 1 TFAIL : ...")
//  - runltp's -p results table ("NAME   PASS|FAIL|CONF|BROK|WARN   EXIT")
//  - kirk's per-test lines ("NAME: pass|fail|skip|broken|warn  (0.01s)")
// The last authoritative word wins: a results-table or kirk line overrides
// what was counted from the test's own output.
// TCONF → skip, TBROK → fail, TWARN → fail (ltp-pan counts it as failed).
// A test that started and never ended fails with the finish() reason.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "krun/suites/outcome.h"

namespace krun::suites {

struct LtpCase {
  std::string name;
  Outcome outcome = Outcome::Fail;
  std::string reason;
  std::optional<double> duration;
  size_t first_line = 0, last_line = 0;
};

class LtpParser {
 public:
  void on_line(size_t line_no, std::string_view line);
  void finish(std::string_view reason = "crashed");
  // In the order the tests first appeared.
  std::vector<LtpCase> cases() const;

 private:
  struct Counts { int pass = 0, fail = 0, conf = 0, brok = 0, warn = 0; };
  enum class State { Idle, Header, Output, Status };
  LtpCase& get(const std::string& name, size_t line_no);
  void end_current(size_t line_no);
  void count_result_word(std::string_view text);

  State state_ = State::Idle;
  std::string current_;           // test between <<<test_start>>> and <<<test_end>>>
  Counts counts_;
  std::optional<int> exit_code_;
  std::map<std::string, size_t> index_;
  std::vector<LtpCase> cases_;
  size_t last_line_ = 0;
};

}  // namespace krun::suites
