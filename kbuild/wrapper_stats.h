#pragma once
// The compiler cache's own statistics for metadata.json, under TuxMake's
// keys: `ccache` / `sccache` sections with cache_hits and cache_misses,
// counted from zero for this build (the stats are zeroed before it).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kbuild {

// {"cache_hits": N, "cache_misses": M} from the output of a wrapper's
// print_stats (kbuild/data/wrappers: its zero_stats and print_stats argv) in
// `format` ("ccache": ccache 4's "<counter>\t<value>" lines; "sccache":
// sccache's JSON); null when it cannot be read.
nlohmann::json parse_wrapper_stats(const std::string& format, const std::string& output);

}  // namespace kbuild
