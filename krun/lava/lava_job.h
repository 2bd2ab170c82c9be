#pragma once
// The LAVA job for the run krun would make, and the LAVA device
// configuration that lets `lava-run` (Debian's lava-dispatcher) run it on
// one machine. The job deploys krun's own artifacts to tmpfs (the kernel,
// the initramfs with modules, overlays and the /krun test scripts already
// in it, the dtb), boots them with LAVA's qemu method, and watches the
// console with a LAVA `monitors` test on krun's guest markers: each
// `<<KRUN>> END <name> <rc>` becomes a LAVA test case, pass for rc 0, fail
// otherwise, between `<<KRUN>> BOOT` and `<<KRUN>> DONE`. The guest runs
// exactly what krun's init runs in a local run; `krun lava results` turns
// the job's log into krun's results.json with every case and crash.
//
// Facts from running LAVA 2023.01 (docs/lava.md): the qemu console reaches
// the dispatcher with "\r\r\n" line ends; the monitor's silence limit is the
// boot action's timeout; a boot `prompts` line would be consumed before the
// monitor starts; `fixupdict` maps exact strings only.
#include <chrono>
#include <string>
#include <vector>

#include "krun/device/device_profile.h"

namespace krun::lava {

struct LavaImage {
  std::string url;     // http(s):// as given, or file:// / <base>/<name> for a local file
  std::string sha256;  // "" when unknown
};

struct LavaJobInput {
  std::string job_name;
  DeviceProfile profile;
  LavaImage kernel, rootfs, dtb, bios;    // dtb.url, bios.url empty: none
  std::string rootfs_format = "initrd";   // "initrd" | "ext4"
  std::string kernel_command_line;
  std::chrono::seconds boot_timeout{300};
  std::chrono::seconds longest_test{0};   // the longest guest test's own timeout
  std::chrono::seconds run_timeout{3600};
};

// The device's qemu arguments besides its inputs (-kernel, -initrd, -drive
// of the rootfs, -dtb, -append), as LAVA option strings ("-M virt",
// "-no-reboot", ...).
std::vector<std::string> lava_qemu_options(const DeviceProfile& profile);

// Throws kc::Error(Usage) for a kernel command line the job cannot carry
// (a double quote, `$`, a backquote or a backslash: LAVA passes it to a
// shell) or a profile without a LAVA arch name.
std::string lava_job_yaml(const LavaJobInput& input);
std::string lava_device_yaml(const LavaJobInput& input);

}  // namespace krun::lava
