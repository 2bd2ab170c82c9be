#include "common/podman_images.h"

#include "common/container_runtime.h"
#include "common/errors.h"

namespace kc {

void require_podman() {
  if (find_program("podman").empty())
    throw infra_error(
        "podman is not installed (not found in PATH): install it (apt-get install podman runc "
        "uidmap fuse-overlayfs) or use --runtime null");
}

std::vector<std::string> podman_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"podman"};
  for (const auto& a : podman_global_args()) argv.push_back(a);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

ProcessResult run_podman(ProcessOptions options, std::chrono::seconds timeout) {
  options.argv = podman_argv(options.argv);
  if (options.timeout.count() == 0) options.timeout = timeout;
  return run_process(options);
}

std::string local_image_ref(const std::string& name) { return "localhost/" + name; }

std::string recipe_hash_label(const nlohmann::json& labels) {
  if (!labels.is_object()) return "";
  auto it = labels.find(kImageRecipeHashLabel);
  return it != labels.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<LocalImage> inspect_image(const std::string& ref) {
  ProcessOptions o;
  o.argv = {"image", "inspect", ref};
  auto r = run_podman(o);
  if (!r.ok()) return std::nullopt;  // absent (or podman unusable: reported by the caller's next step)
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  if (!doc.is_array() || doc.empty()) return std::nullopt;
  LocalImage img;
  img.id = doc[0].value("Id", "");
  if (doc[0].contains("Labels")) img.recipe_hash = recipe_hash_label(doc[0]["Labels"]);
  if (img.recipe_hash.empty() && doc[0].contains("Config") && doc[0]["Config"].contains("Labels"))
    img.recipe_hash = recipe_hash_label(doc[0]["Config"]["Labels"]);
  return img;
}

void untag_image(const std::string& ref) {
  ProcessOptions o;
  // With only the image argument podman would drop every name of the image.
  o.argv = {"untag", ref, ref};
  o.ignore_interrupts = true;
  run_podman(o);
}

void tag_image(const std::string& source, const std::string& target) {
  ProcessOptions o;
  o.argv = {"tag", source, target};
  o.ignore_interrupts = true;  // the image is complete: finish naming it
  auto r = run_podman(o);
  if (!r.ok()) throw infra_error("podman tag " + source + " " + target + " failed: " + r.err);
}

}  // namespace kc
