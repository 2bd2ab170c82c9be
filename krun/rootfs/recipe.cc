#include "krun/rootfs/recipe.h"

#include <sstream>

#include "common/atomic_file.h"
#include "common/data_dir.h"
#include "common/errors.h"
#include "common/yaml_file.h"

namespace krun::rootfs {

namespace fs = std::filesystem;

namespace {

ArchRecipe parse_arch(const fs::path& file) {
  YAML::Node y = kc::load_yaml_file(file);
  ArchRecipe r;
  r.debian_arch = y["debian_arch"].as<std::string>(file.stem().string());
  r.aliases = kc::yaml_string_list(y, "aliases", file);
  r.suite = y["suite"].as<std::string>("");
  r.elf_machine = y["elf_machine"].as<int>(0);
  r.triplet = kc::yaml_string(y, "triplet", file);
  r.package_triplet = kc::yaml_string_or(y, "package_triplet", r.triplet);
  r.source = kc::read_file(file);
  if (r.suite.empty()) throw kc::infra_error(file.string() + ": 'suite' is missing");
  return r;
}

}  // namespace

fs::path rootfs_data_dir() { return kc::data_dir("krun", "KRUN_DATA_DIR") / "rootfs"; }

std::vector<ArchRecipe> all_arches(const fs::path& data) {
  std::vector<ArchRecipe> out;
  for (const auto& f : kc::yaml_files_in(data / "arches")) out.push_back(parse_arch(f));
  return out;
}

ArchRecipe load_arch(const fs::path& data, const std::string& arch) {
  std::string known;
  for (auto& r : all_arches(data)) {
    if (r.debian_arch == arch) return r;
    for (const auto& a : r.aliases)
      if (a == arch) return r;
    known += (known.empty() ? "" : ", ") + r.debian_arch;
  }
  // Arches krun knows it has no rootfs for, and why; the advice is the same.
  const fs::path ports_file = data / "ports.yaml";
  const YAML::Node ports = kc::load_yaml_file(ports_file);
  const std::string own_initramfs =
      "give your own initramfs with --rootfs (krun then counts the kernel running its /init as booted)";
  for (const auto& port : kc::yaml_string_list(ports, "arches", ports_file))
    if (port == arch)
      throw kc::usage_error("no default rootfs for " + arch + ": Debian builds " + arch +
                            " only in debian-ports, not in the main archive krun's rootfs comes from; " +
                            own_initramfs);
  if (ports["no_debian"] && ports["no_debian"][arch])
    throw kc::usage_error("no default rootfs for " + arch + ": Debian has no userland for it (" +
                          ports["no_debian"][arch].as<std::string>() + "); " + own_initramfs);
  throw kc::usage_error("no rootfs recipe for architecture '" + arch + "' (known: " + known +
                        "); give one with --rootfs");
}

std::vector<std::string> flavor_names(const fs::path& data) {
  std::vector<std::string> out;
  for (const auto& f : kc::yaml_files_in(data / "flavors")) out.push_back(f.stem().string());
  return out;
}

Flavor load_flavor(const fs::path& data, const std::string& name) {
  fs::path file = data / "flavors" / (name + ".yaml");
  if (name.find('/') != std::string::npos || !fs::exists(file)) {
    std::string known;
    for (const auto& n : flavor_names(data)) known += (known.empty() ? "" : ", ") + n;
    throw kc::usage_error("unknown rootfs flavor '" + name + "' (known: " + known + ")");
  }
  YAML::Node y = kc::load_yaml_file(file);
  Flavor f;
  f.name = name;
  f.packages = kc::yaml_string_list(y, "packages", file);
  f.resolve_depends = y["resolve_depends"].as<bool>(false);
  f.source = kc::read_file(file);
  return f;
}

std::vector<std::string> busybox_applets(const fs::path& data) {
  std::istringstream in(kc::read_file(data / "busybox-applets.txt"));
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string w;
    while (words >> w) out.push_back(w);
  }
  return out;
}

}  // namespace krun::rootfs
