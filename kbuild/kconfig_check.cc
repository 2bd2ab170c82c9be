#include "kbuild/kconfig_check.h"

namespace kbuild {

std::vector<MissingSymbol> check_kconfig(const std::vector<RequestedSymbol>& requested,
                                         const std::map<std::string, std::string>& final_config) {
  std::vector<MissingSymbol> missing;
  for (const auto& r : requested) {
    auto it = final_config.find(r.symbol);
    std::string actual = it == final_config.end() ? "n" : it->second;
    if (actual != r.value) missing.push_back({r, actual});
  }
  return missing;
}

nlohmann::json kconfig_check_json(const std::vector<RequestedSymbol>& requested,
                                  const std::vector<MissingSymbol>& missing) {
  nlohmann::json j;
  j["requested"] = requested.size();
  j["missing"] = nlohmann::json::array();
  for (const auto& m : missing)
    j["missing"].push_back({{"symbol", m.requested.symbol},
                            {"requested", m.requested.value},
                            {"actual", m.actual},
                            {"origin", m.requested.origin}});
  return j;
}

}  // namespace kbuild
