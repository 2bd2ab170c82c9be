#pragma once
// The /krun/... files the guest init reads (guest protocol in the team
// brief): one /krun/tests/NNN-<name>.sh per command or test, with an
// optional NNN-<name>.timeout, in the order they should run.
#include <map>
#include <string>
#include <vector>

#include "krun/results/planned_case.h"

namespace krun {

struct GuestPlan {
  std::vector<PlannedCase> cases;
  std::map<std::string, std::string> files;  // guest path → content
};

// commands: each is argv-like words joined with spaces into one guest shell
// line (like TuxRun: `-- 'echo c > /proc/sysrq-trigger'` works). Cases are
// named command-1, command-2... timeouts: seconds by case name; parameters
// are exported to every script.
GuestPlan plan_guest_commands(const std::vector<std::vector<std::string>>& commands,
                              const std::map<std::string, std::string>& timeouts,
                              const std::map<std::string, std::string>& parameters);

}  // namespace krun
