#pragma once
// The KEY=VALUE arguments of krun's options (`--parameters`, `--timeouts`),
// split the same way in a run and in every subcommand.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace krun {

// "K=V" → {K, V} (V may hold more '='); throws kc::Error(Usage) naming the
// option when there is no '=' or no key.
std::pair<std::string, std::string> split_key_value(const std::string& option, const std::string& kv);

// Every item split as above; a later key replaces an earlier one.
std::map<std::string, std::string> key_values(const std::string& option, const std::vector<std::string>& items);

}  // namespace krun
