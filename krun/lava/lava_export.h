#pragma once
// `krun --lava-definition`: the LAVA job of this run written to a file, with
// the artifacts it deploys beside it (the kernel and dtb unless they were
// given as URLs, which the job keeps; always krun's prepared initramfs, which
// has the modules, overlays and test scripts in it), and the LAVA device
// configuration for running it on this machine.
#include <filesystem>
#include <optional>
#include <string>

#include "krun/inputs/artifact.h"
#include "krun/lava/lava_job.h"

namespace krun::lava {

struct LavaExportRequest {
  std::filesystem::path job_file;
  std::filesystem::path device_file;  // empty: <job stem>.device.yaml beside it
  std::string url_base;               // empty: file:// URLs
  // The job as the run makes it; its images (kernel, rootfs, dtb) are
  // filled in from the local artifacts below.
  LavaJobInput job;
  Artifact kernel;
  std::optional<Artifact> dtb, bios;
  std::filesystem::path rootfs;       // the prepared one, in job.rootfs_format
};

struct LavaExport {
  std::filesystem::path job, device;
};

// Throws kc::Error(Usage) for what a job cannot carry (see lava_job.h).
LavaExport export_lava_job(const LavaExportRequest& request);

}  // namespace krun::lava
