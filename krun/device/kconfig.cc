#include "krun/device/kconfig.h"

#include "common/atomic_file.h"

namespace krun {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

KconfigValues parse_kconfig(std::string_view text) {
  KconfigValues values;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    constexpr std::string_view off_prefix = "# CONFIG_";
    constexpr std::string_view off_suffix = " is not set";
    if (line.starts_with(off_prefix) && line.ends_with(off_suffix)) {
      std::string_view sym = line.substr(2, line.size() - 2 - off_suffix.size());
      values[std::string(sym)] = "n";
      continue;
    }
    if (!line.starts_with("CONFIG_")) continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string value(trim(line.substr(eq + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    values[std::string(trim(line.substr(0, eq)))] = value;
  }
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
