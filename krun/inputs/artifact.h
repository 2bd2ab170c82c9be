#pragma once
// One input of a run (kernel, modules, dtb, rootfs, overlay): where the user
// said it is (path, file:// or http(s):// URL), where it is on disk now
// (downloads land in the cache), and its sha256 for metadata.json.
#include <chrono>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace krun {

struct Artifact {
  std::string role;              // "kernel", "modules", "dtb", "rootfs", "overlay"
  std::string location;          // as given
  std::filesystem::path path;    // local file
  std::string sha256;
};

// Resolves `location` through kc::fetch_cached (downloads cached under
// cache_dir/downloads) and hashes the result. Throws kc::Error(Usage) for a
// missing local file, kc::Error(Infrastructure) for a failed download.
// A download may take `timeout` (--timeouts deploy).
Artifact resolve_artifact(const std::string& role, const std::string& location,
                          const std::filesystem::path& cache_dir,
                          std::chrono::seconds timeout = std::chrono::minutes(15));

nlohmann::json to_json(const Artifact& a);

}  // namespace krun
