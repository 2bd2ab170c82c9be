#pragma once
// `krun log parse FILE`: runs the console parser over a saved console log
// and prints what it found as JSON on stdout.
#include <string>
#include <vector>

namespace krun {

// `args` are the arguments after `krun log parse`. Exit codes: 1 when a
// crash was found, 0 when none, 2 when the file cannot be read or the
// arguments are wrong.
int log_parse_main(const std::vector<std::string>& args);

}  // namespace krun
