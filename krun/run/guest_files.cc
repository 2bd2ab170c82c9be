#include "krun/run/guest_files.h"

#include <fmt/format.h>

#include "common/errors.h"

namespace krun {

namespace {

// Single-quoted for the guest's sh: parameters are data, never code.
std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

bool valid_env_name(const std::string& k) {
  if (k.empty() || std::isdigit(static_cast<unsigned char>(k[0]))) return false;
  for (char c : k)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

}  // namespace

GuestPlan plan_guest_commands(const std::vector<std::vector<std::string>>& commands,
                              const std::map<std::string, std::string>& timeouts,
                              const std::map<std::string, std::string>& parameters) {
  GuestPlan plan;
  std::string exports;
  for (const auto& [k, v] : parameters) {
    if (!valid_env_name(k))
      throw kc::usage_error(fmt::format("--parameters: '{}' is not a valid variable name", k));
    exports += fmt::format("export {}={}\n", k, sh_quote(v));
  }
  int n = 0;
  for (const auto& words : commands) {
    ++n;
    std::string line;
    for (const auto& w : words) line += (line.empty() ? "" : " ") + w;
    std::string name = fmt::format("command-{}", n);
    std::string base = fmt::format("/krun/tests/{:03d}-{}", n, name);
    plan.files[base + ".sh"] = exports + line + "\n";
    if (auto it = timeouts.find(name); it != timeouts.end()) plan.files[base + ".timeout"] = it->second + "\n";
    plan.cases.push_back({"commands", name, line});
  }
  return plan;
}

}  // namespace krun
