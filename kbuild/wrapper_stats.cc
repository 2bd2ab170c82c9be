#include "kbuild/wrapper_stats.h"

#include <sstream>

namespace kbuild {

nlohmann::json parse_wrapper_stats(const std::string& format, const std::string& output) {
  if (format == "ccache") {
    // "<counter>\t<value>" lines (ccache 4): hits in direct or preprocessor mode.
    long long hits = 0, misses = 0;
    bool seen = false;
    std::istringstream in(output);
    std::string key;
    long long value = 0;
    while (in >> key >> value) {
      if (key == "direct_cache_hit" || key == "preprocessed_cache_hit") hits += value, seen = true;
      if (key == "cache_miss") misses += value, seen = true;
    }
    if (!seen) return nullptr;
    return {{"cache_hits", hits}, {"cache_misses", misses}};
  }
  if (format == "sccache") {
    nlohmann::json j = nlohmann::json::parse(output, nullptr, false);
    if (j.is_discarded() || !j.contains("stats")) return nullptr;
    auto sum = [&](const char* key) {
      long long n = 0;
      const auto& s = j["stats"];
      if (s.contains(key) && s[key].contains("counts"))
        for (const auto& [lang, count] : s[key]["counts"].items()) n += count.get<long long>();
      return n;
    };
    return {{"cache_hits", sum("cache_hits")}, {"cache_misses", sum("cache_misses")}};
  }
  return nullptr;
}

}  // namespace kbuild
