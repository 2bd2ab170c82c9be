#pragma once
// One case the guest was asked to run, in order (the name is also the guest
// test's name in the START/END markers).
#include <string>

namespace krun {

struct PlannedCase {
  std::string suite;     // "commands" or a test suite name
  std::string name;      // case name, also the guest test name
  std::string command;   // shown in results for commands
};

}  // namespace krun
