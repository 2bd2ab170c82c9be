#pragma once
// Downloads through libcurl into a cache that is never poisoned: the file is
// written to a temporary name and renamed into place only when complete (and,
// when a sha256 is given, verified). Cached entries are revalidated with
// ETag/Last-Modified when online and used as they are when offline.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kc {

struct DownloadOptions {
  std::filesystem::path cache_dir;                 // required for fetch_cached
  std::optional<std::string> expected_sha256;      // verify before caching
  std::chrono::seconds timeout{600};
  bool revalidate = true;                          // false: trust a cached copy as is
};

bool is_url(std::string_view s);  // http://, https://, file://

// Every location fetch_cached and fetch_text take may end in "#sha256=HEX"
// (TuxRun users pass artifacts by URL; the hash pins what they get). Throws
// Error(Usage) for a fragment that is not 64 hex digits.
struct Located {
  std::string location;                // without the fragment
  std::optional<std::string> sha256;   // lower case
};
Located split_sha256_fragment(const std::string& location);

// libcurl's allowed redirect protocols for `url`: an https URL is never
// redirected to plain http.
const char* redirect_protocols_for(std::string_view url);

// Returns a local path for `location`: a plain path or file:// URL is
// returned as is (after checking it exists); http(s) is downloaded into
// options.cache_dir. Throws kc::Error(Infrastructure) naming the URL and the
// HTTP status or curl error; Error(Usage) for a missing local file.
std::filesystem::path fetch_cached(const std::string& location, const DownloadOptions& options);

// fetch_cached with what happened: whether the cached copy was used, and
// whether that was because the server could not be reached (so callers can
// say "offline: using the cached copy").
struct FetchResult {
  std::filesystem::path path;
  bool from_cache = false;   // no body was downloaded this time
  bool offline = false;      // the server was unreachable; cached copy used
};
FetchResult fetch_cached_detailed(const std::string& location, const DownloadOptions& options);

// Where fetch_cached keeps `url` inside `cache_dir` (whether or not it exists).
std::filesystem::path cache_path_for(const std::string& url, const std::filesystem::path& cache_dir);

// Downloads into memory (small files: kconfig fragments, indexes).
std::string fetch_text(const std::string& url, std::chrono::seconds timeout = std::chrono::seconds(120));

// Downloads to exactly `dest` (temp + rename).
void fetch_to_file(const std::string& url, const std::filesystem::path& dest,
                   std::chrono::seconds timeout = std::chrono::seconds(600));

}  // namespace kc
