#pragma once
// results.json in TuxRun's shape, {suite: {case: {result: ...}}}, and the
// exit code that follows from it (DESIGN.md): 0 all pass, 1 a test failed or
// a crash was found, 2 incomplete or infrastructure; --bisect maps these to
// git bisect run's good 0 / bad 1 / skip 125.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "krun/results/planned_case.h"
#include "krun/run/boot_run.h"

namespace krun {


// suites: "boot" {boot, kernel-messages}, then one suite per planned case's
// suite. A case that never ended is "unknown" (the run stopped first), exit
// code 124/137 is a failure with reason "timeout".
nlohmann::json shape_results(const BootOutcome& outcome, const std::vector<PlannedCase>& planned);

int exit_code_for(const BootOutcome& outcome, const nlohmann::json& results);
int bisect_exit_code(int exit_code);

}  // namespace krun
