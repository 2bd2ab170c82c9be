#pragma once
// `krun compare BASE NEW`: what regressed between two runs (results.json
// files or output folders, krun's or TuxRun's).
//   krun compare BASE NEW [--base MORE]... [--new MORE]... [--skipfile F]
//                [--json FILE|-] [--junit FILE]
// More runs per side (--base/--new, or a --repeat run's results) tell a
// flaky case from a broken one. Exit codes: 0 no regression, 1 regressions
// (a case that passed in every BASE run fails in every NEW run, or a crash
// title NEW has and BASE has not), 2 bad input.
#include <string>
#include <vector>

namespace krun::compare {

int compare_main(const std::vector<std::string>& args);

}  // namespace krun::compare
