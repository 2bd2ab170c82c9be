#pragma once
// `krun ltp ...`: LTP builds on their own, to fill the cache ahead of runs
// (a CI image, a machine that will be offline).
//   krun ltp build (--device D | --arch A) --tests ltp-smoke[,ltp-syscalls...]
//                  [--parameters LTP_SOURCE=PATH|URL] [--cache-dir DIR] [-j N]
//       builds (or finds in the cache) the LTP install those tests need for
//       the device's userland and prints the install archive's path
// Exit codes: 0 done, 2 bad input or a failed build (the E: line names the
// step and the log).
#include <string>
#include <vector>

namespace krun::ltp {

int ltp_main(const std::vector<std::string>& args);

}  // namespace krun::ltp
