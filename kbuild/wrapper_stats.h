#pragma once
// The compiler cache's own statistics for metadata.json, under TuxMake's
// keys: `ccache` / `sccache` sections with cache_hits and cache_misses,
// counted from zero for this build (the stats are zeroed before it).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kbuild {

// argv that zeroes the wrapper's statistics; empty for wrappers without any.
std::vector<std::string> wrapper_zero_stats_argv(const std::string& wrapper);
// argv that prints them in a machine-readable form; empty likewise.
std::vector<std::string> wrapper_stats_argv(const std::string& wrapper);
// {"cache_hits": N, "cache_misses": M} from that output; null when it cannot
// be read.
nlohmann::json parse_wrapper_stats(const std::string& wrapper, const std::string& output);

}  // namespace kbuild
