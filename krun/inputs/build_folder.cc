#include "krun/inputs/build_folder.h"

#include <fmt/format.h>

#include "common/errors.h"
#include "common/json_file.h"

namespace krun {

namespace {

// First entry of results.artifacts.<key> as a path inside `dir`; empty when
// absent. A listed artefact that does not exist is an error: the folder is
// incomplete and booting something else would be wrong.
std::filesystem::path artefact(const nlohmann::json& artifacts, const char* key,
                               const std::filesystem::path& dir) {
  if (!artifacts.is_object() || !artifacts.contains(key)) return {};
  const auto& entry = artifacts[key];
  std::string name;
  if (entry.is_array() && !entry.empty() && entry[0].is_string()) name = entry[0].get<std::string>();
  else if (entry.is_string()) name = entry.get<std::string>();
  if (name.empty()) return {};
  std::filesystem::path path = dir / name;
  if (!std::filesystem::exists(path))
    throw kc::usage_error(fmt::format("{}: metadata.json lists {} artefact '{}' but {} does not exist",
                                      dir.string(), key, name, path.string()));
  // The folder's own files only: a name like /etc/passwd or ../x (or a
  // symlink to them) would boot, or upload, something the folder never held.
  std::filesystem::path root = std::filesystem::canonical(dir);
  std::filesystem::path real = std::filesystem::canonical(path);
  auto rel = real.lexically_relative(root);
  if (std::filesystem::path(name).is_absolute() || rel.empty() || *rel.begin() == "..")
    throw kc::usage_error(fmt::format("{}: metadata.json's {} artefact '{}' is outside the folder; artefacts "
                                      "must be files in it",
                                      dir.string(), key, name));
  return path;
}

}  // namespace

BuildFolder read_build_folder(const std::filesystem::path& dir) {
  if (!std::filesystem::is_directory(dir))
    throw kc::usage_error(fmt::format("--kbuild/--tuxmake: {} is not a folder", dir.string()));
  std::filesystem::path file = dir / "metadata.json";
  if (!std::filesystem::exists(file))
    throw kc::usage_error(fmt::format("{} has no metadata.json; is it a kbuild or TuxMake output folder?",
                                      dir.string()));
  return build_folder_from_metadata(kc::read_json_file(file), dir, file);
}

BuildFolder build_folder_from_metadata(const nlohmann::json& meta, const std::filesystem::path& dir,
                                       const std::filesystem::path& file) {
  if (!meta.is_object()) throw kc::usage_error(fmt::format("{}: metadata.json is not a JSON object", file.string()));
  BuildFolder folder;
  folder.dir = dir;
  if (meta.contains("build") && meta["build"].is_object() && meta["build"].contains("target_arch") &&
      meta["build"]["target_arch"].is_string())
    folder.target_arch = meta["build"]["target_arch"].get<std::string>();
  if (meta.contains("kcidb") && meta["kcidb"].is_object() && meta["kcidb"].contains("build_id") &&
      meta["kcidb"]["build_id"].is_string())
    folder.kcidb_build_id = meta["kcidb"]["build_id"].get<std::string>();
  if (folder.target_arch.empty())
    throw kc::usage_error(fmt::format("{}: metadata.json has no build.target_arch", file.string()));
  nlohmann::json artifacts;
  if (meta.contains("results") && meta["results"].is_object() && meta["results"].contains("artifacts"))
    artifacts = meta["results"]["artifacts"];
  folder.kernel = artefact(artifacts, "kernel", dir);
  folder.modules = artefact(artifacts, "modules", dir);
  folder.dtbs = artefact(artifacts, "dtbs", dir);
  folder.config = artefact(artifacts, "config", dir);
  // Older folders list no config artefact but still carry the file.
  if (folder.config.empty() && std::filesystem::exists(dir / "config")) folder.config = dir / "config";
  if (folder.kernel.empty())
    throw kc::usage_error(fmt::format("{}: metadata.json lists no kernel artefact; was the kernel target built?",
                                      file.string()));
  return folder;
}

}  // namespace krun
