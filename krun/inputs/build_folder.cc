#include "krun/inputs/build_folder.h"

#include <fmt/format.h>

#include "common/download.h"
#include "common/errors.h"
#include "common/json_file.h"

namespace krun {

namespace {

// First entry of results.artifacts.<key> (whose name starts with `prefix`:
// debugkernel lists vmlinux.xz and System.map); empty when absent.
std::string artifact_name(const nlohmann::json& artifacts, const char* key, std::string_view prefix = "") {
  if (!artifacts.is_object() || !artifacts.contains(key)) return {};
  const auto& entry = artifacts[key];
  if (entry.is_string() && entry.get<std::string>().starts_with(prefix)) return entry.get<std::string>();
  if (entry.is_array())
    for (const auto& name : entry)
      if (name.is_string() && name.get<std::string>().starts_with(prefix)) return name.get<std::string>();
  return {};
}

nlohmann::json artifacts_of(const nlohmann::json& meta) {
  if (meta.contains("results") && meta["results"].is_object() && meta["results"].contains("artifacts"))
    return meta["results"]["artifacts"];
  return nullptr;
}

// The facts that are not files: arch and the KCIDB build ID.
void read_build_facts(const nlohmann::json& meta, const std::string& where, BuildFolder& folder) {
  if (!meta.is_object()) throw kc::usage_error(fmt::format("{}: metadata.json is not a JSON object", where));
  if (meta.contains("build") && meta["build"].is_object() && meta["build"].contains("target_arch") &&
      meta["build"]["target_arch"].is_string())
    folder.target_arch = meta["build"]["target_arch"].get<std::string>();
  if (meta.contains("kcidb") && meta["kcidb"].is_object() && meta["kcidb"].contains("build_id") &&
      meta["kcidb"]["build_id"].is_string())
    folder.kcidb_build_id = meta["kcidb"]["build_id"].get<std::string>();
  if (folder.target_arch.empty())
    throw kc::usage_error(fmt::format("{}: metadata.json has no build.target_arch", where));
}

// results.artifacts.<key> as a path inside `dir`; empty when absent. A
// listed artifact that does not exist is an error: the folder is incomplete
// and booting something else would be wrong.
std::filesystem::path artifact(const nlohmann::json& artifacts, const char* key,
                               const std::filesystem::path& dir, std::string_view prefix = "") {
  std::string name = artifact_name(artifacts, key, prefix);
  if (name.empty()) return {};
  std::filesystem::path path = dir / name;
  if (!std::filesystem::exists(path))
    throw kc::usage_error(fmt::format("{}: metadata.json lists {} artifact '{}' but {} does not exist",
                                      dir.string(), key, name, path.string()));
  // The folder's own files only: a name like /etc/passwd or ../x (or a
  // symlink to them) would boot, or upload, something the folder never held.
  std::filesystem::path root = std::filesystem::canonical(dir);
  std::filesystem::path real = std::filesystem::canonical(path);
  auto rel = real.lexically_relative(root);
  if (std::filesystem::path(name).is_absolute() || rel.empty() || *rel.begin() == "..")
    throw kc::usage_error(fmt::format("{}: metadata.json's {} artifact '{}' is outside the folder; artifacts "
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
  BuildFolder folder;
  folder.dir = dir;
  read_build_facts(meta, file.string(), folder);
  nlohmann::json artifacts = artifacts_of(meta);
  folder.kernel = artifact(artifacts, "kernel", dir);
  folder.modules = artifact(artifacts, "modules", dir);
  folder.dtbs = artifact(artifacts, "dtbs", dir);
  folder.config = artifact(artifacts, "config", dir);
  folder.perf = artifact(artifacts, "perf", dir);
  folder.cpupower = artifact(artifacts, "cpupower", dir);
  folder.vmlinux = artifact(artifacts, "debugkernel", dir, "vmlinux");
  // Older folders list no config artifact but still carry the file.
  if (folder.config.empty() && std::filesystem::exists(dir / "config")) folder.config = dir / "config";
  if (folder.kernel.empty())
    throw kc::usage_error(fmt::format("{}: metadata.json lists no kernel artifact; was the kernel target built?",
                                      file.string()));
  return folder;
}

BuildFolder fetch_build_folder(const std::string& given, const std::filesystem::path& cache_dir,
                               std::chrono::seconds timeout) {
  std::string base = given;
  while (base.ends_with("/")) base.pop_back();
  kc::DownloadOptions d;
  d.cache_dir = cache_dir / "downloads";
  d.timeout = timeout;
  const std::string meta_url = base + "/metadata.json";
  std::filesystem::path meta_file;
  try {
    meta_file = kc::fetch_cached(meta_url, d);
  } catch (const kc::Error& e) {
    throw kc::Error(e.kind(), fmt::format("--tuxbuild {}: no build folder there ({}); give the URL of a folder "
                                          "holding a TuxMake/kbuild metadata.json",
                                          given, e.what()));
  }
  nlohmann::json meta;
  try {
    meta = kc::read_json_file(meta_file);
  } catch (const kc::Error& e) {
    throw kc::usage_error(fmt::format("--tuxbuild {}: {}", given, e.what()));
  }
  BuildFolder folder;
  folder.url = base;
  read_build_facts(meta, meta_url, folder);
  nlohmann::json artifacts = artifacts_of(meta);
  auto fetch = [&](const char* key) -> std::filesystem::path {
    std::string name = artifact_name(artifacts, key);
    if (name.empty()) return {};
    // A file of the folder: no way up or out, no query or fragment.
    if (name.front() == '/' || name.find("..") != std::string::npos ||
        name.find_first_of("?#\\") != std::string::npos || name.find("://") != std::string::npos)
      throw kc::usage_error(fmt::format("--tuxbuild {}: metadata.json's {} artifact '{}' is not a file of the "
                                        "folder",
                                        given, key, name));
    return kc::fetch_cached(base + "/" + name, d);
  };
  folder.kernel = fetch("kernel");
  if (folder.kernel.empty())
    throw kc::usage_error(fmt::format("--tuxbuild {}: metadata.json lists no kernel artifact; was the kernel "
                                      "target built?",
                                      given));
  folder.modules = fetch("modules");
  folder.config = fetch("config");
  folder.perf = fetch("perf");
  folder.cpupower = fetch("cpupower");
  // A dtbs folder cannot be fetched as one file; a dtbs tarball can.
  std::string dtbs = artifact_name(artifacts, "dtbs");
  if (dtbs.find(".tar") != std::string::npos) folder.dtbs = fetch("dtbs");
  return folder;
}

}  // namespace krun
