#include "krun/device/device_profile.h"

#include <fmt/ranges.h>

#include <fmt/format.h>

#include <algorithm>

#include "common/data_dir.h"
#include "common/errors.h"
#include "common/yaml_file.h"

namespace krun {

DeviceProfile load_device_profile(const std::filesystem::path& file) {
  YAML::Node root = kc::load_yaml_file(file);
  DeviceProfile p;
  try {
    p.name = kc::yaml_string(root, "name", file);
    p.description = kc::yaml_string_or(root, "description");
    p.arch = kc::yaml_string(root, "arch", file);
    p.default_for_arches = kc::yaml_string_list(root, "default_for_arches", file);
    p.debian_arch = kc::yaml_string(root, "debian_arch", file);
    p.lava_arch = kc::yaml_string(root, "lava_arch", file);
    YAML::Node qemu = root["qemu"];
    if (!qemu || !qemu.IsMap())
      throw kc::infra_error(fmt::format("device profile {}: missing section 'qemu'", file.string()));
    p.qemu_binary = kc::yaml_string(qemu, "binary", file);
    p.machine = kc::yaml_string(qemu, "machine", file);
    p.cpu = kc::yaml_string_or(qemu, "cpu");
    p.memory = kc::yaml_string_or(qemu, "memory", "512M");
    p.smp = qemu["smp"] ? qemu["smp"].as<int>() : 1;
    if (qemu["serial"]) p.serial = kc::yaml_string_list(qemu, "serial", file);
    p.extra_args = kc::yaml_string_list(qemu, "extra_args", file);
    p.console = kc::yaml_string(root, "console", file);
    p.kernel_args = kc::yaml_string_or(root, "kernel_args");
    p.kernel_image = kc::yaml_string(root, "kernel_image", file);
    p.dtb = kc::yaml_string_or(root, "dtb");
    YAML::Node rootfs = root["rootfs"];
    p.rootfs.kind = kc::yaml_string_or(rootfs, "attach", "initrd");
    p.rootfs.bus = kc::yaml_string_or(rootfs, "bus", "virtio");
    p.rootfs.root_device = kc::yaml_string_or(rootfs, "root", "/dev/vda");
    if (p.rootfs.kind != "initrd" && p.rootfs.kind != "disk")
      throw kc::infra_error(fmt::format("device profile {}: rootfs.attach must be initrd or disk, not '{}'",
                                        file.string(), p.rootfs.kind));
    std::string fragment = kc::yaml_string(root, "kconfig_fragment", file);
    p.kconfig_fragment = file.parent_path() / "fragments" / fragment;
    if (YAML::Node kvm = root["kvm"]) {
      p.kvm.hosts = kc::yaml_string_list(kvm, "hosts", file);
      p.kvm.cpu = kc::yaml_string_or(kvm, "cpu", "host");
      p.kvm.machine = kc::yaml_string_or(kvm, "machine");
    }
    YAML::Node shared = root["shared"];
    p.shared.qemu_device = kc::yaml_string_or(shared, "qemu_device", "virtio-9p-pci");
    std::vector<std::string> shared_fragments = {"virtio-9p.config"};
    if (shared && shared["kconfig_fragments"]) shared_fragments = kc::yaml_string_list(shared, "kconfig_fragments", file);
    for (const auto& f : shared_fragments) p.shared.fragments.push_back(file.parent_path() / "fragments" / f);
    p.nic_model = kc::yaml_string_or(root["network"], "nic_model", "virtio");
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
  for (const auto& f : p.shared.fragments)
    if (!std::filesystem::exists(f))
      throw kc::infra_error(fmt::format("device profile {}: shared kconfig fragment {} does not exist",
                                        file.string(), f.string()));
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
                                    name, fmt::join(names, ", ")));
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
                                    arch, fmt::join(arches, ", ")));
}

const DeviceProfile& device_for_build(const std::vector<DeviceProfile>& all, const std::string& arch,
                                      const KconfigValues& config) {
  const DeviceProfile& fallback = device_for_arch(all, arch);
  const DeviceProfile* best = &fallback;
  size_t best_mismatches = check_kconfig(fallback.kconfig, config).size();
  for (const auto& p : all) {
    if (p.arch != fallback.arch || best_mismatches == 0) continue;
    size_t mismatches = check_kconfig(p.kconfig, config).size();
    if (mismatches < best_mismatches) {
      best = &p;
      best_mismatches = mismatches;
    }
  }
  return *best;
}

std::vector<std::string> qemu_extra_args(const DeviceProfile& profile, bool own_bios) {
  std::vector<std::string> out;
  const auto& a = profile.extra_args;
  for (size_t i = 0; i < a.size(); ++i) {
    if (own_bios && a[i] == "-bios" && i + 1 < a.size()) {
      ++i;
      continue;
    }
    out.push_back(a[i]);
  }
  return out;
}

std::filesystem::path devices_dir() { return kc::data_dir("krun", "KRUN_DATA_DIR") / "devices"; }

}  // namespace krun
