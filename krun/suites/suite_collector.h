#pragma once
// Collects per-case results during the one console pass.
//
// The krun core calls on_line() for every console line (it is one more
// ConsoleParser listener) and tells the collector about the guest's test
// markers, which its marker parser already recognises:
//   `<<KRUN>> START <name>`      → on_test_start(name, line, host_seconds)
//   `<<KRUN>> END <name> <rc>`   → on_test_end(name, rc, line, host_seconds)
// Lines inside a test go to that test's parser; lines outside any test go
// to the kunit parser (built-in suites report at boot) when kunit was asked.
// finish() closes everything and fills SuiteResults.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "krun/console/crash.h"
#include "krun/suites/case_lines.h"
#include "krun/suites/ktap_parser.h"
#include "krun/suites/ltp_parser.h"
#include "krun/suites/suite_results.h"
#include "krun/suites/test_catalogue.h"

namespace krun::suites {

// How the console stream ended, for tests that were still open.
enum class RunEnd {
  Completed,  // `<<KRUN>> DONE` seen
  Crashed,    // kernel panic / guest died
  TimedOut,   // krun stopped the run (overall timeout or silence)
  Interrupted,  // the user stopped krun (SIGINT/SIGTERM)
};

// What an open test's reason says for each end: "timed out", "crashed",
// "interrupted".
const char* open_test_reason(RunEnd end);

class SuiteCollector {
 public:
  explicit SuiteCollector(TestPlan plan);
  SuiteCollector(const SuiteCollector&) = delete;
  SuiteCollector& operator=(const SuiteCollector&) = delete;

  void on_line(size_t line_no, std::string_view line);
  void on_test_start(std::string_view name, size_t line_no, double host_seconds);
  void on_test_end(std::string_view name, int exit_code, size_t line_no, double host_seconds);
  // `crashes`: the console's crash reports; one that started inside a case
  // krun's own scripts judged (a module's load) fails that case.
  void finish(RunEnd end, SuiteResults& results, const std::vector<Crash>& crashes = {});

 private:
  struct StepState {
    TestStep step;
    bool started = false, ended = false;
    int exit_code = 0;
    size_t first_line = 0, last_line = 0;
    double start_seconds = 0, end_seconds = 0;
    std::unique_ptr<KtapParser> ktap;  // Kselftest steps
    std::unique_ptr<LtpParser> ltp;    // Ltp steps
    std::unique_ptr<CaseMarkerParser> marked;  // Cases steps
    std::unique_ptr<PerfParser> perf;  // Perf steps
  };
  StepState* find(std::string_view name);
  void emit_step(StepState& s, RunEnd end, SuiteResults& results);
  void emit_kunit(SuiteResults& results);

  TestPlan plan_;
  std::vector<StepState> steps_;
  StepState* active_ = nullptr;
  KtapParser kunit_;  // boot-time suites and the kunit step's modules
  bool finished_ = false;
};

// Whether an exit code from the guest's `timeout` means the test was killed.
bool is_timeout_exit(int exit_code);

}  // namespace krun::suites
