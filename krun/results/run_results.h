#pragma once
// results.json in TuxRun's shape, {suite: {case: {result: ...}}}, and the
// exit code that follows from it (docs/design.md, README "Exit codes"): 0 all pass, 1 a test failed or
// a crash was found, 2 incomplete or infrastructure; --bisect maps these to
// git bisect run's good 0 / bad 1 / skip 125 (krun/compare/bisect_decision.h).
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

}  // namespace krun
