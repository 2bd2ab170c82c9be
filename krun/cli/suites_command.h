#pragma once
// `krun suites ...`: the test-suite logic on its own, without booting.
//   krun suites list
//   krun suites scripts --output DIR [--tests T]... [--parameters K=V]... [--timeouts K=V]... [-- cmd...]
//       writes the /krun/... guest files a run would inject, under DIR
//   krun suites parse LOG [--tests T]... [--skipfile F] [--results FILE] [-- cmd...]
//       replays a saved console log through the test parsers; prints
//       results.json (stdout or FILE) and the summary table (stderr)
// Exit codes: 0 all pass, 1 a case failed, 2 bad input.
#include <string>
#include <vector>

namespace krun::suites {

int suites_main(const std::vector<std::string>& args);

}  // namespace krun::suites
