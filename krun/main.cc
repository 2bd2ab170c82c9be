// krun: boot a kernel in a QEMU device profile, run tests, catch crashes.
// Subcommands `log parse`, `compare`, `lava`, `ltp`, `rootfs` and `suites` are dispatched to their owners; every
// other command line is a run. User errors become one E: line and the
// documented exit code (2 for anything that kept the run from completing).
#include <string>
#include <vector>

#include "common/console.h"
#include "common/errors.h"
#include "krun/cli/run_command.h"
#include "krun/compare/compare_cli.h"
#include "krun/console/log_parse.h"
#include "krun/lava/lava_cli.h"
#include "krun/ltp/ltp_cli.h"
#include "krun/rootfs/rootfs.h"
#include "krun/suites/suites_cli.h"

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
    if (args.size() >= 2 && args[0] == "log" && args[1] == "parse")
      return krun::log_parse_main(std::vector<std::string>(args.begin() + 2, args.end()));
    if (!args.empty() && args[0] == "log")
      throw kc::usage_error("unknown `krun log` command; use `krun log parse FILE`");
    if (!args.empty() && args[0] == "compare")
      return krun::compare::compare_main(std::vector<std::string>(args.begin() + 1, args.end()));
    if (!args.empty() && args[0] == "rootfs")
      return krun::rootfs::main(std::vector<std::string>(args.begin() + 1, args.end()));
    if (!args.empty() && args[0] == "lava")
      return krun::lava::lava_main(std::vector<std::string>(args.begin() + 1, args.end()));
    if (!args.empty() && args[0] == "ltp")
      return krun::ltp::ltp_main(std::vector<std::string>(args.begin() + 1, args.end()));
    if (!args.empty() && args[0] == "suites")
      return krun::suites::suites_main(std::vector<std::string>(args.begin() + 1, args.end()));
    return krun::run_main(args);
  } catch (const kc::Error& e) {
    kc::console::error("{}", e.what());
    return exit_code_for(e.kind(), bisect);
  } catch (const std::exception& e) {
    kc::console::error("internal error: {}", e.what());
    return exit_code_for(kc::ErrorKind::Infrastructure, bisect);
  }
}
