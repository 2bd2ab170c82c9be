#pragma once
// After the final olddefconfig, Kconfig may have silently dropped symbols a
// fragment asked for (unmet dependencies, typos). TuxMake does not notice;
// kbuild compares every requested symbol with the resulting .config.
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kbuild/kconfig_plan.h"

namespace kbuild {

struct MissingSymbol {
  RequestedSymbol requested;
  std::string actual;  // value in the final .config; "n" when not set or absent
};

std::vector<MissingSymbol> check_kconfig(const std::vector<RequestedSymbol>& requested,
                                         const std::map<std::string, std::string>& final_config);

// metadata.json "kconfig_check": {requested, missing: [{symbol, requested, actual, origin}]}.
nlohmann::json kconfig_check_json(const std::vector<RequestedSymbol>& requested,
                                  const std::vector<MissingSymbol>& missing);

}  // namespace kbuild
