#pragma once
// `krun --lava-definition`: the LAVA job of this run written to a file, with
// the artefacts it deploys beside it (the kernel and dtb unless they were
// given as URLs, which the job keeps; always krun's prepared initramfs, which
// has the modules, overlays and test scripts in it), and the LAVA device
// configuration for running it on this machine.
#include <filesystem>
#include <optional>
#include <string>

#include "krun/device/device_profile.h"
#include "krun/inputs/artefact.h"

namespace krun::lava {

struct LavaExportRequest {
  std::filesystem::path job_file;
  std::filesystem::path device_file;  // empty: <job stem>.device.yaml beside it
  std::string url_base;               // empty: file:// URLs
  std::string job_name;
  DeviceProfile profile;
  Artefact kernel;
  std::optional<Artefact> dtb;
  std::filesystem::path rootfs;       // the prepared one
  std::string rootfs_format = "initrd";
  std::string kernel_command_line;
  std::chrono::seconds boot_timeout{300}, longest_test{0}, run_timeout{3600};
};

struct LavaExport {
  std::filesystem::path job, device;
};

// Throws kc::Error(Usage) for what a job cannot carry (see lava_job.h).
LavaExport export_lava_job(const LavaExportRequest& request);

}  // namespace krun::lava
