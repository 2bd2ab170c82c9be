#pragma once
// A kbuild or TuxMake output folder (`--kbuild DIR` / `--tuxmake DIR`): its
// metadata.json names the target architecture and the artefacts a boot
// needs. Both tools write the same keys (build.target_arch,
// results.artifacts.{kernel,modules,dtbs,config}), each a list of file names
// relative to the folder.
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace krun {

struct BuildFolder {
  std::filesystem::path dir;
  std::string target_arch;              // e.g. "arm64"
  std::filesystem::path kernel;         // empty when the build has none
  std::filesystem::path modules;        // modules tarball, may be empty
  std::filesystem::path dtbs;           // dtbs folder or tarball, may be empty
  std::filesystem::path config;         // the kernel's .config, may be empty
  std::string kcidb_build_id;           // kbuild's KCIDB build ID (metadata.json kcidb.build_id), may be empty
};

// Throws kc::Error(Usage) naming the folder when metadata.json is missing,
// is not JSON, or names an artefact that is not there.
BuildFolder read_build_folder(const std::filesystem::path& dir);
// The same from metadata.json's content (`file` names it in messages).
BuildFolder build_folder_from_metadata(const nlohmann::json& meta, const std::filesystem::path& dir,
                                       const std::filesystem::path& file);

}  // namespace krun
