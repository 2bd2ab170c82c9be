#pragma once
// The results of a `--repeat N` run (N boots of the same kernel, rootfs and
// tests) as one results.json, so that a flaky case is told from a broken
// one. Every case keeps the fields of its first run (of its first failing
// run, when one failed) and gains "runs" (boots that gave it pass or fail)
// and "fails"; a case that failed in some runs only is "fail" with
// "flaky": true. Crashes are listed once per title with "seen_in_runs".
// One run's results come back unchanged.
#include <vector>

#include <nlohmann/json.hpp>

namespace krun {

nlohmann::json merge_repeated_results(const std::vector<nlohmann::json>& runs);

// The exit code of N boots from each boot's: a definite failure (1) in any
// boot wins, then an incomplete one (2), else 0.
int merge_exit_codes(const std::vector<int>& codes);

}  // namespace krun
