#pragma once
// results.json in TuxRun's shape, {suite: {case: {result: ...}}}, and the
// exit code that follows from it (docs/design.md, README "Exit codes"): 0 all pass, 1 a test failed or
// a crash was found, 2 incomplete or infrastructure; --bisect maps these to
// git bisect run's good 0 / bad 1 / skip 125 (krun/compare/bisect_decision.h).
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "krun/run/boot_run.h"
#include "krun/suites/suite_collector.h"

namespace krun {

// Suite "boot" {boot, kernel-messages}; the test suites' cases are merged
// in by the caller (krun/suites).
nlohmann::json shape_results(const BootOutcome& outcome);

// Adds the test suites' results (krun::suites::SuiteResults::to_json()); the
// run's own "boot" suite is kept as it is.
void merge_suites(nlohmann::json& results, const nlohmann::json& suites);

// How the console stream ended, for tests still open at the end: the guest's
// DONE, krun stopping the run (timeouts, a signal), or the guest dying.
suites::RunEnd run_end_for(const BootOutcome& outcome);

int exit_code_for(const BootOutcome& outcome, const nlohmann::json& results);

// krun's exit code once the outputs are delivered: `code` is the results'
// (exit_code_for over the --repeat boots, already 2 when a KCIDB submission
// failed after a good run); a failed delivery (KCIDB, a results hook) makes
// a good run 2. Under --bisect the verdict's code (0 good, 1 bad, 125 cannot
// test) is the exit code, and a failed delivery after a good verdict is 125:
// git bisect cannot call a commit good whose results did not arrive.
int delivered_exit_code(int code, bool delivery_failed, std::optional<int> bisect_verdict);

}  // namespace krun
