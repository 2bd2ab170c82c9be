#include "krun/device/device_profile.h"

#include <fmt/format.h>

#include <algorithm>

#include "common/data_dir.h"
#include "common/errors.h"
#include "common/yaml_file.h"

namespace krun {

namespace {

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

// A required scalar field; the error names the file and the field.
std::string required(const YAML::Node& node, const char* key, const std::filesystem::path& file) {
  if (!node || !node[key] || !node[key].IsScalar())
    throw kc::infra_error(fmt::format("device profile {}: missing field '{}'", file.string(), key));
  return node[key].as<std::string>();
}

std::string optional(const YAML::Node& node, const char* key, const std::string& fallback = "") {
  if (!node || !node[key] || node[key].IsNull()) return fallback;
  return node[key].as<std::string>();
}

std::vector<std::string> string_list(const YAML::Node& node, const char* key,
                                     const std::filesystem::path& file) {
  std::vector<std::string> out;
  if (!node || !node[key] || node[key].IsNull()) return out;
  if (!node[key].IsSequence())
    throw kc::infra_error(fmt::format("device profile {}: '{}' must be a list", file.string(), key));
  for (const auto& item : node[key]) out.push_back(item.IsNull() ? "null" : item.as<std::string>());
  return out;
}

}  // namespace

DeviceProfile load_device_profile(const std::filesystem::path& file) {
  YAML::Node root = kc::load_yaml_file(file);
  DeviceProfile p;
  try {
    p.name = required(root, "name", file);
    p.description = optional(root, "description");
    p.arch = required(root, "arch", file);
    p.default_for_arches = string_list(root, "default_for_arches", file);
    p.debian_arch = required(root, "debian_arch", file);
    YAML::Node qemu = root["qemu"];
    if (!qemu || !qemu.IsMap())
      throw kc::infra_error(fmt::format("device profile {}: missing section 'qemu'", file.string()));
    p.qemu_binary = required(qemu, "binary", file);
    p.machine = required(qemu, "machine", file);
    p.cpu = optional(qemu, "cpu");
    p.memory = optional(qemu, "memory", "512M");
    p.smp = qemu["smp"] ? qemu["smp"].as<int>() : 1;
    if (qemu["serial"]) p.serial = string_list(qemu, "serial", file);
    p.extra_args = string_list(qemu, "extra_args", file);
    p.console = required(root, "console", file);
    p.kernel_args = optional(root, "kernel_args");
    p.kernel_image = required(root, "kernel_image", file);
    p.dtb = optional(root, "dtb");
    YAML::Node rootfs = root["rootfs"];
    p.rootfs.kind = optional(rootfs, "attach", "initrd");
    p.rootfs.bus = optional(rootfs, "bus", "virtio");
    p.rootfs.root_device = optional(rootfs, "root", "/dev/vda");
    if (p.rootfs.kind != "initrd" && p.rootfs.kind != "disk")
      throw kc::infra_error(fmt::format("device profile {}: rootfs.attach must be initrd or disk, not '{}'",
                                        file.string(), p.rootfs.kind));
    std::string fragment = required(root, "kconfig_fragment", file);
    p.kconfig_fragment = file.parent_path() / "fragments" / fragment;
  } catch (const YAML::Exception& e) {
    throw kc::infra_error(fmt::format("device profile {}: {}", file.string(), e.what()));
  }
  if (p.name != file.stem().string())
    throw kc::infra_error(fmt::format("device profile {}: name '{}' does not match the file name",
                                      file.string(), p.name));
  if (!std::filesystem::exists(p.kconfig_fragment))
    throw kc::infra_error(fmt::format("device profile {}: kconfig fragment {} does not exist",
                                      file.string(), p.kconfig_fragment.string()));
  p.kconfig = read_kconfig_file(p.kconfig_fragment);
  return p;
}

std::vector<DeviceProfile> load_all_device_profiles(const std::filesystem::path& dir) {
  std::vector<DeviceProfile> all;
  for (const auto& file : kc::yaml_files_in(dir)) all.push_back(load_device_profile(file));
  if (all.empty())
    throw kc::infra_error(fmt::format("no device profiles in {} (set KRUN_DATA_DIR?)", dir.string()));
  return all;
}

const DeviceProfile& find_device(const std::vector<DeviceProfile>& all, const std::string& name) {
  for (const auto& p : all)
    if (p.name == name) return p;
  std::vector<std::string> names;
  for (const auto& p : all) names.push_back(p.name);
  throw kc::usage_error(fmt::format("unknown device '{}'; known devices: {} (see --list-devices)",
                                    name, join(names)));
}

const DeviceProfile& device_for_arch(const std::vector<DeviceProfile>& all, const std::string& arch) {
  for (const auto& p : all)
    if (std::find(p.default_for_arches.begin(), p.default_for_arches.end(), arch) !=
        p.default_for_arches.end())
      return p;
  std::vector<std::string> arches;
  for (const auto& p : all)
    arches.insert(arches.end(), p.default_for_arches.begin(), p.default_for_arches.end());
  throw kc::usage_error(fmt::format("no default device for architecture '{}' (known: {}); pass --device",
                                    arch, join(arches)));
}

std::filesystem::path devices_dir() { return kc::data_dir("krun", "KRUN_DATA_DIR") / "devices"; }

}  // namespace krun
