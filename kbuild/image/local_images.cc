#include "kbuild/image/local_images.h"

#include <nlohmann/json.hpp>

#include "common/errors.h"

namespace kbuild::image {

std::map<std::string, kc::LocalImage> list_kbuild_images() {
  kc::ProcessOptions o;
  o.argv = {"images", "--format", "json"};
  auto r = kc::run_podman(o);
  if (!r.ok())
    throw kc::infra_error("podman images failed (" + r.describe() + "): " + r.err);
  std::map<std::string, kc::LocalImage> out;
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  if (!doc.is_array()) return out;
  const std::string prefix = "localhost/kbuild/", suffix = ":latest";
  for (const auto& entry : doc) {
    if (!entry.contains("Names") || !entry["Names"].is_array()) continue;
    for (const auto& n : entry["Names"]) {
      std::string name = n.is_string() ? n.get<std::string>() : "";
      if (name.rfind(prefix, 0) != 0 || name.size() <= suffix.size() ||
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      kc::LocalImage img;
      img.id = entry.value("Id", "");
      if (entry.contains("Labels")) img.recipe_hash = kc::recipe_hash_label(entry["Labels"]);
      out[name.substr(std::string("localhost/").size(),
                      name.size() - suffix.size() - std::string("localhost/").size())] = img;
    }
  }
  return out;
}

}  // namespace kbuild::image
