#include "kbuild/image/podman_images.h"

#include <nlohmann/json.hpp>

#include "common/container_runtime.h"
#include "common/errors.h"
#include "kbuild/image/containerfile.h"

namespace kbuild::image {

void require_podman() {
  if (kc::find_program("podman").empty())
    throw kc::infra_error(
        "podman is not installed (not found in PATH): install it (apt-get install podman runc "
        "uidmap fuse-overlayfs) or use --runtime null");
}

std::vector<std::string> podman_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"podman"};
  for (const auto& a : kc::podman_global_args()) argv.push_back(a);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

kc::ProcessResult run_podman(kc::ProcessOptions options, std::chrono::seconds timeout) {
  options.argv = podman_argv(options.argv);
  if (options.timeout.count() == 0) options.timeout = timeout;
  return kc::run_process(options);
}

namespace {

std::string label_of(const nlohmann::json& labels) {
  if (!labels.is_object()) return "";
  auto it = labels.find(kHashLabel);
  return it != labels.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

std::optional<LocalImage> inspect_image(const std::string& ref) {
  kc::ProcessOptions o;
  o.argv = {"image", "inspect", ref};
  auto r = run_podman(o);
  if (!r.ok()) return std::nullopt;  // absent (or podman unusable: reported by the caller's next step)
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  if (!doc.is_array() || doc.empty()) return std::nullopt;
  LocalImage img;
  img.id = doc[0].value("Id", "");
  if (doc[0].contains("Labels")) img.recipe_hash = label_of(doc[0]["Labels"]);
  if (img.recipe_hash.empty() && doc[0].contains("Config") && doc[0]["Config"].contains("Labels"))
    img.recipe_hash = label_of(doc[0]["Config"]["Labels"]);
  return img;
}

std::map<std::string, LocalImage> list_kbuild_images() {
  kc::ProcessOptions o;
  o.argv = {"images", "--format", "json"};
  auto r = run_podman(o);
  if (!r.ok())
    throw kc::infra_error("podman images failed (" + r.describe() + "): " + r.err);
  std::map<std::string, LocalImage> out;
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
      LocalImage img;
      img.id = entry.value("Id", "");
      if (entry.contains("Labels")) img.recipe_hash = label_of(entry["Labels"]);
      out[name.substr(std::string("localhost/").size(),
                      name.size() - suffix.size() - std::string("localhost/").size())] = img;
    }
  }
  return out;
}

void untag(const std::string& ref) {
  kc::ProcessOptions o;
  // With only the image argument podman would drop every name of the image.
  o.argv = {"untag", ref, ref};
  o.ignore_interrupts = true;
  run_podman(o);
}

void tag(const std::string& source, const std::string& target) {
  kc::ProcessOptions o;
  o.argv = {"tag", source, target};
  o.ignore_interrupts = true;  // the image is complete: finish naming it
  auto r = run_podman(o);
  if (!r.ok()) throw kc::infra_error("podman tag " + source + " " + target + " failed: " + r.err);
}

}  // namespace kbuild::image
