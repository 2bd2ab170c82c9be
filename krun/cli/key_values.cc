#include "krun/cli/key_values.h"

#include <fmt/format.h>

#include "common/errors.h"

namespace krun {

std::pair<std::string, std::string> split_key_value(const std::string& option, const std::string& kv) {
  size_t eq = kv.find('=');
  if (eq == std::string::npos || eq == 0)
    throw kc::usage_error(fmt::format("{} expects KEY=VALUE, got '{}'", option, kv));
  return {kv.substr(0, eq), kv.substr(eq + 1)};
}

std::map<std::string, std::string> key_values(const std::string& option, const std::vector<std::string>& items) {
  std::map<std::string, std::string> out;
  for (const std::string& kv : items) {
    auto [k, v] = split_key_value(option, kv);
    out[k] = v;
  }
  return out;
}

}  // namespace krun
