#include "common/container_images.h"

#include "common/container_runtime.h"
#include "common/errors.h"

namespace kc {

namespace {

std::string& selected_engine() {
  static std::string engine;
  return engine;
}

}  // namespace

bool is_container_engine(const std::string& name) { return name == "podman" || name == "docker"; }

std::string container_engine() {
  if (!selected_engine().empty()) return selected_engine();
  if (find_program("podman").empty() && !find_program("docker").empty()) return "docker";
  return "podman";
}

void select_container_engine(const std::string& engine) {
  if (!is_container_engine(engine)) throw usage_error("unknown container engine '" + engine + "': use podman or docker");
  selected_engine() = engine;
}

void require_container_engine() {
  const std::string engine = container_engine();
  if (!find_program(engine).empty()) return;
  if (engine == "docker")
    throw infra_error(
        "docker is not installed (not found in PATH): install it (apt-get install docker.io), start dockerd, "
        "or use --runtime podman or null");
  throw infra_error(
      "podman is not installed (not found in PATH): install it (apt-get install podman runc "
      "uidmap fuse-overlayfs), or use --runtime docker or null");
}

std::vector<std::string> engine_argv(const std::vector<std::string>& args) {
  const std::string engine = container_engine();
  std::vector<std::string> argv{engine};
  if (engine == "podman")
    for (const auto& a : podman_global_args()) argv.push_back(a);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

ProcessResult run_engine(ProcessOptions options, std::chrono::seconds timeout) {
  options.argv = engine_argv(options.argv);
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
  auto r = run_engine(o);
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
  // With only the image argument podman would drop every name of the image;
  // docker's rmi of a name drops that name (and the image only with its last name).
  o.argv = container_engine() == "docker" ? std::vector<std::string>{"rmi", ref}
                                          : std::vector<std::string>{"untag", ref, ref};
  o.ignore_interrupts = true;
  run_engine(o);
}

void tag_image(const std::string& source, const std::string& target) {
  ProcessOptions o;
  o.argv = {"tag", source, target};
  o.ignore_interrupts = true;  // the image is complete: finish naming it
  auto r = run_engine(o);
  if (!r.ok()) throw infra_error(container_engine() + " tag " + source + " " + target + " failed: " + r.err);
}

}  // namespace kc
