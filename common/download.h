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

// Returns a local path for `location`: a plain path or file:// URL is
// returned as is (after checking it exists); http(s) is downloaded into
// options.cache_dir. Throws kc::Error(Infrastructure) naming the URL and the
// HTTP status or curl error; Error(Usage) for a missing local file.
std::filesystem::path fetch_cached(const std::string& location, const DownloadOptions& options);

// Downloads into memory (small files: kconfig fragments, indexes).
std::string fetch_text(const std::string& url, std::chrono::seconds timeout = std::chrono::seconds(120));

// Downloads to exactly `dest` (temp + rename).
void fetch_to_file(const std::string& url, const std::filesystem::path& dest,
                   std::chrono::seconds timeout = std::chrono::seconds(600));

}  // namespace kc
