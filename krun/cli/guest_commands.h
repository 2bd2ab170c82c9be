#pragma once
// The guest commands after `--`, read the way both command lines people
// bring mean them:
//   krun ... -- cat /proc/cpuinfo            TuxRun's form: the words are one
//                                            command (argv, each word quoted)
//   krun ... -- 'uname -a' 'dmesg | tail'    krun's form: each word is one
//                                            shell line (its first word has a
//                                            blank, which no program name has)
//   krun ... -- uname -a -- cat /proc/version   a further `--` starts another
// A command whose first word holds a blank would run a program named with
// a blank in TuxRun, so no working TuxRun command line changes meaning.
#include <string>
#include <vector>

namespace krun {

// `words`: everything after the first `--` (further `--` included). Each
// result is one shell line, one case in suite `commands`.
std::vector<std::string> guest_commands(const std::vector<std::string>& words);

}  // namespace krun
