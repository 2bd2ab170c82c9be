#include "kbuild/metadata.h"

#include "common/json_file.h"

namespace kbuild {

nlohmann::json metadata_json(const BuildRecord& r) {
  nlohmann::json j = nlohmann::json::object();
  j["build"] = r.build;
  nlohmann::json targets = nlohmann::json::object();
  for (const auto& t : r.targets) {
    nlohmann::json tj = {{"status", to_string(t.status)}, {"duration", t.duration}};
    if (!t.reason.empty()) tj["reason"] = t.reason;
    targets[t.name] = tj;
  }
  nlohmann::json artifacts = nlohmann::json::object();
  for (const auto& [kind, files] : r.artifacts) artifacts[kind] = files;
  j["results"] = {{"status", to_string(r.status)},
                  {"targets", targets},
                  {"artifacts", artifacts},
                  {"errors", r.errors},
                  {"warnings", r.warnings},
                  {"duration", {{"build", r.build_seconds}, {"total", r.total_seconds}}}};
  for (const auto& [k, v] : r.info.items()) j[k] = v;
  if (!r.kconfig_check.is_null()) j["kconfig_check"] = r.kconfig_check;
  if (!r.interrupted.is_null()) j["results"]["interrupted"] = r.interrupted;
  return j;
}

void write_metadata(const std::filesystem::path& output_dir, const BuildRecord& record) {
  kc::write_json_atomic(output_dir / "metadata.json", metadata_json(record));
}

}  // namespace kbuild
