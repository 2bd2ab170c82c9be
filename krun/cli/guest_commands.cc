#include "krun/cli/guest_commands.h"

#include "common/process.h"

namespace krun {

namespace {

bool has_blank(const std::string& w) { return w.find_first_of(" \t\n") != std::string::npos; }

void add_group(const std::vector<std::string>& group, std::vector<std::string>& out) {
  if (group.empty()) return;
  if (has_blank(group.front())) {
    for (const std::string& line : group)
      if (!line.empty()) out.push_back(line);
    return;
  }
  out.push_back(kc::quote_command(group));
}

}  // namespace

std::vector<std::string> guest_commands(const std::vector<std::string>& words) {
  std::vector<std::string> out, group;
  for (const std::string& w : words) {
    if (w == "--") {
      add_group(group, out);
      group.clear();
    } else {
      group.push_back(w);
    }
  }
  add_group(group, out);
  return out;
}

}  // namespace krun
