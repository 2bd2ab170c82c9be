#pragma once
// A QEMU device profile (devices/<name>.yaml): which emulator, machine and
// console a kernel boots on, how the root filesystem is attached, and which
// kconfig symbols the kernel needs to boot and print there (read from the
// profile's fragment, devices/fragments/<name>.config, so the symbols are
// written once and serve both `kbuild -K` and krun's pre-boot check).
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "krun/device/kconfig.h"

namespace krun {

struct RootfsAttach {
  std::string kind = "initrd";   // "initrd" | "disk"
  std::string bus;               // disk only: "virtio" | "ide" | "scsi"
  std::string root_device;       // disk only: root= value, e.g. /dev/vda
};

// KVM for this machine: the hosts (uname -m) whose KVM runs the guest, and
// the cpu (and machine, when it differs) qemu gets under KVM. No hosts: the
// machine is always emulated (TCG).
struct KvmUse {
  std::vector<std::string> hosts;
  std::string cpu = "host";
  std::string machine;  // empty: the profile's
};

// --shared: the virtio-9p device this machine's transport takes
// (virtio-9p-pci, virtio-9p-ccw, virtio-9p-device) and the fragments a
// kernel needs for it (devices/fragments/...).
struct SharedUse {
  std::string qemu_device = "virtio-9p-pci";
  std::vector<std::filesystem::path> fragments;  // absolute paths
};

struct DeviceProfile {
  std::string name;              // TuxRun name, e.g. "qemu-arm64"
  std::string description;
  std::string arch;              // kernel ARCH (x86_64, arm64, arm, riscv, ...)
  std::vector<std::string> default_for_arches;  // arch names that pick this profile
  std::string debian_arch;       // rootfs architecture (amd64, armhf, ...)
  std::string lava_arch;         // LAVA's name for it (x86_64, arm64, arm, s390x, ...)
  std::string qemu_binary;
  std::string machine;
  std::string cpu;
  std::string memory;
  int smp = 1;
  std::vector<std::string> serial = {"stdio"};  // one -serial per entry, in order
  std::vector<std::string> extra_args;
  std::string console;           // console= device, e.g. ttyS0
  std::string kernel_args;       // extra kernel arguments this machine needs
  std::string kernel_image;      // image file name a build of this arch produces
  std::string dtb;               // relative path inside a dtbs folder, empty: none
  RootfsAttach rootfs;
  std::filesystem::path kconfig_fragment;  // absolute path
  KconfigRequirements kconfig;             // parsed from the fragment
  KvmUse kvm;
  SharedUse shared;
  std::string nic_model = "virtio";        // --enable-network: -nic user,model=<this>
};

// Parses one profile file; throws kc::Error(Infrastructure) naming the file
// and the missing/invalid field.
DeviceProfile load_device_profile(const std::filesystem::path& yaml_file);

// Every profile in `devices_dir` (the data folder's devices/), sorted by name.
std::vector<DeviceProfile> load_all_device_profiles(const std::filesystem::path& devices_dir);

// The profile called `name`; throws kc::Error(Usage) listing the known names.
const DeviceProfile& find_device(const std::vector<DeviceProfile>& all, const std::string& name);

// The default profile for a kernel architecture name (as kbuild/TuxMake
// write it: x86_64, i386, arm64, arm, armel, riscv, powerpc, s390, mips...).
// Throws kc::Error(Usage) naming the arch and the known ones.
const DeviceProfile& device_for_arch(const std::vector<DeviceProfile>& all, const std::string& arch);

// The profile for a kernel of `arch` configured as `config`: the arch's
// default, unless the config contradicts the default's kconfig fragment and
// another profile for the same kernel ARCH fits it better (fewer symbols set
// otherwise). An arm64 build with CONFIG_CPU_BIG_ENDIAN boots on
// qemu-arm64be, a TuxMake powerpc build of a 32-bit e500 config on
// qemu-ppc32. A tie keeps the default.
const DeviceProfile& device_for_build(const std::vector<DeviceProfile>& all, const std::string& arch,
                                      const KconfigValues& config);

// The profile's extra qemu arguments; with `own_bios` (krun --bios) without
// the profile's own "-bios <value>" pair, which the given firmware replaces.
std::vector<std::string> qemu_extra_args(const DeviceProfile& profile, bool own_bios);

// The data folder's devices/ (KRUN_DATA_DIR or next to the binary).
std::filesystem::path devices_dir();

}  // namespace krun
