#pragma once
// A kbuild or TuxMake output folder (`--kbuild DIR` / `--tuxmake DIR`): its
// metadata.json names the target architecture and the artifacts a boot
// needs. Both tools write the same keys (build.target_arch,
// results.artifacts.{kernel,modules,dtbs,config}), each a list of file names
// relative to the folder.
#include <chrono>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace krun {

struct BuildFolder {
  std::filesystem::path dir;            // empty for a folder over HTTP(S)
  std::string url;                      // --tuxbuild: the folder's URL, else empty
  std::string target_arch;              // e.g. "arm64"
  std::filesystem::path kernel;         // empty when the build has none
  std::filesystem::path modules;        // modules tarball, may be empty
  std::filesystem::path dtbs;           // dtbs folder or tarball, may be empty
  std::filesystem::path config;         // the kernel's .config, may be empty
  std::filesystem::path perf, cpupower;  // the tools' archives (kbuild's perf/cpupower targets), may be empty
  std::filesystem::path vmlinux;        // the debugkernel target's vmlinux(.xz), may be empty
  std::string kcidb_build_id;           // kbuild's KCIDB build ID (metadata.json kcidb.build_id), may be empty
};

// Throws kc::Error(Usage) naming the folder when metadata.json is missing,
// is not JSON, or names an artifact that is not there.
BuildFolder read_build_folder(const std::filesystem::path& dir);
// A build folder served over HTTP(S) (`--tuxbuild URL`, TuxSuite's build
// URLs or a kbuild output folder on a web server): its metadata.json and the
// artifacts it lists are downloaded into `cache_dir`/downloads (each within
// `timeout`), and the result reads like a local folder's. Throws
// kc::Error(Usage) when the URL is not a build folder, Error(Infrastructure)
// for a failed download.
BuildFolder fetch_build_folder(const std::string& url, const std::filesystem::path& cache_dir,
                               std::chrono::seconds timeout);

// The same from metadata.json's content (`file` names it in messages).
BuildFolder build_folder_from_metadata(const nlohmann::json& meta, const std::filesystem::path& dir,
                                       const std::filesystem::path& file);

}  // namespace krun
