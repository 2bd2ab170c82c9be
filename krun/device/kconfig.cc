#include "krun/device/kconfig.h"

#include "common/atomic_file.h"
#include "common/text_lines.h"

namespace krun {

KconfigValues parse_kconfig(std::string_view text) {
  KconfigValues values;
  kc::for_each_line(text, [&](std::string_view raw) {
    std::string_view line = kc::trim_blanks(raw);
    constexpr std::string_view off_prefix = "# CONFIG_";
    constexpr std::string_view off_suffix = " is not set";
    if (line.starts_with(off_prefix) && line.ends_with(off_suffix)) {
      std::string_view sym = line.substr(2, line.size() - 2 - off_suffix.size());
      values.insert_or_assign(std::string(sym), std::string("n"));
      return;
    }
    if (!line.starts_with("CONFIG_")) return;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) return;
    std::string value(kc::trim_blanks(line.substr(eq + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    values[std::string(kc::trim_blanks(line.substr(0, eq)))] = value;
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
