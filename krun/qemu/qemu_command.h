#pragma once
// The qemu-system argv for one boot, built from a device profile and the
// run's inputs. Always -no-reboot (a guest reboot or panic=-1 ends qemu) and
// the console on stdio through explicit -serial arguments (no monitor, no
// display) so the whole console is one pipe krun reads. The accelerator is
// always named (-accel kvm or tcg) so metadata.json's command says which.
#include <filesystem>
#include <string>
#include <vector>

#include "krun/device/device_profile.h"

namespace krun {

// The 9p mount tag of --shared's device; the guest init mounts this tag.
inline constexpr const char* kSharedMountTag = "krun";

struct BootInputs {
  std::filesystem::path kernel;
  std::filesystem::path rootfs;          // initrd or disk image; may be empty
  std::string rootfs_format = "initrd";  // "initrd" | "ext4" (what the rootfs file is)
  std::filesystem::path dtb;             // may be empty
  std::string boot_args;                 // user's extra kernel arguments
  std::string qemu_binary;               // override of the profile's, may be empty
  bool kvm = false;                      // -accel kvm with the profile's kvm cpu/machine; else TCG
  bool network = false;                  // QEMU user networking (else -nic none, as TuxRun)
  std::filesystem::path shared_dir;      // --shared's host folder, may be empty
  // --vmcore: qemu listens for QMP on this unix socket, and the kernel waits
  // after a panic (panic=0) instead of rebooting, so that its memory can be
  // dumped; nokaslr so the dump opens with the plain vmlinux.
  std::filesystem::path qmp_socket;
  std::filesystem::path bios;            // --bios: firmware instead of the profile's -bios, may be empty
};

// The kernel command line: console=<profile console> panic=-1 (panic=0
// nokaslr with a QMP socket, for --vmcore), root= for a
// disk, then the user's arguments. A console= among the user's arguments
// replaces the profile's (the user knows their kernel's console best).
std::string kernel_command_line(const DeviceProfile& profile, const BootInputs& in);

std::vector<std::string> qemu_argv(const DeviceProfile& profile, const BootInputs& in);

}  // namespace krun
