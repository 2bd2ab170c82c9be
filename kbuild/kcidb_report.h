#pragma once
// kbuild's KCIDB report (`--kcidb FILE`): the checkout and the build, made
// from the build's own metadata.json content, so whatever metadata says the
// report says too. IDs: the checkout is <origin>:<git commit> (every build
// of one commit shares it; the source folder's hash without git), the build
// <origin>:<hash of the request and its start time>, recorded in
// metadata.json (`kcidb`) so that `krun --kbuild DIR --kcidb FILE` links its
// tests to this build.
#include <chrono>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace kbuild {

struct KcidbSettings {
  std::filesystem::path file;   // --kcidb; empty: no report
  std::string origin = "kbuild";  // --kcidb-origin
  std::string submit_url;       // --kcidb-submit; token from $KCIDB_TOKEN
  std::string url_base;         // --kcidb-url-base: artifact URLs <base>/<file> instead of file://
};

// The `kcidb` section of metadata.json: origin, checkout_id, build_id,
// start_time. `metadata` needs build{...} and git{...}.
nlohmann::json kcidb_ids(const nlohmann::json& metadata, const std::string& origin,
                         std::chrono::system_clock::time_point start);

// The whole report from a finished metadata.json (with its `kcidb` section)
// of the build in `output_dir`.
nlohmann::json kcidb_build_report(const nlohmann::json& metadata, const std::filesystem::path& output_dir,
                                  const std::string& url_base);

}  // namespace kbuild
