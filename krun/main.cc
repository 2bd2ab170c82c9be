// krun: boot a kernel in a QEMU device profile, run tests, catch crashes.
// Subcommands are dispatched from one table (krun/cli/subcommands.cc); every
// other command line is a run. User errors become one E: line and the
// documented exit code (2 for anything that kept the run from completing).
#include <optional>
#include <string>
#include <vector>

#include "common/console.h"
#include "common/errors.h"
#include "krun/cli/run_command.h"
#include "krun/cli/subcommands.h"

namespace {

int exit_code_for(kc::ErrorKind kind, bool bisect) {
  // krun: usage and infrastructure problems both mean "could not test".
  int code = kind == kc::ErrorKind::Failure ? 1 : 2;
  if (bisect) return code == 1 ? 1 : 125;
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  bool bisect = false;
  for (const auto& a : args) {
    if (a == "--") break;
    if (a == "--bisect" || a == "--bisect-on" || a.starts_with("--bisect-on=")) bisect = true;
  }
  try {
    if (std::optional<int> code = krun::run_subcommand(args)) return *code;
    return krun::run_main(args);
  } catch (const kc::Error& e) {
    kc::console::error("{}", e.what());
    return exit_code_for(e.kind(), bisect);
  } catch (const std::exception& e) {
    kc::console::error("internal error: {}", e.what());
    return exit_code_for(kc::ErrorKind::Infrastructure, bisect);
  }
}
