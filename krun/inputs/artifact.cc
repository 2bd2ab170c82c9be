#include "krun/inputs/artifact.h"

#include <fmt/format.h>

#include "common/download.h"
#include "common/errors.h"
#include "common/sha256.h"

namespace krun {

Artifact resolve_artifact(const std::string& role, const std::string& location,
                          const std::filesystem::path& cache_dir, std::chrono::seconds timeout) {
  Artifact a;
  a.role = role;
  a.location = location;
  kc::DownloadOptions options;
  options.cache_dir = cache_dir / "downloads";
  options.timeout = timeout;
  try {
    a.path = kc::fetch_cached(location, options);
  } catch (const kc::Error& e) {
    throw kc::Error(e.kind(), fmt::format("--{}: {}", role, e.what()));
  }
  if (std::filesystem::is_directory(a.path))
    throw kc::usage_error(fmt::format("--{}: {} is a folder, expected a file", role, a.path.string()));
  a.sha256 = kc::sha256_file(a.path);
  return a;
}

nlohmann::json to_json(const Artifact& a) {
  return {{"role", a.role}, {"location", a.location}, {"path", a.path.string()}, {"sha256", a.sha256}};
}

}  // namespace krun
