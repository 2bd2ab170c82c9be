#include "krun/device/kconfig.h"

#include "common/atomic_file.h"
#include "common/kconfig_line.h"
#include "common/text_lines.h"

namespace krun {

KconfigValues parse_kconfig(std::string_view text) {
  KconfigValues values;
  kc::for_each_line(text, [&](std::string_view raw) {
    auto kv = kc::kconfig_line(kc::trim_blanks(raw));
    if (!kv) return;
    // krun compares values without their quotes ("x y", not "\"x y\"").
    std::string& value = kv->second;
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    values.insert_or_assign(std::move(kv->first), std::move(value));
  });
  return values;
}

KconfigValues read_kconfig_file(const std::filesystem::path& path) {
  return parse_kconfig(kc::read_file(path));
}

std::vector<KconfigMismatch> check_kconfig(const KconfigRequirements& wanted,
                                           const KconfigValues& config) {
  std::vector<KconfigMismatch> missing;
  for (const auto& [symbol, value] : wanted) {
    auto it = config.find(symbol);
    std::string actual = it == config.end() ? "n" : it->second;
    if (actual != value) missing.push_back({symbol, value, actual});
  }
  return missing;
}

}  // namespace krun
