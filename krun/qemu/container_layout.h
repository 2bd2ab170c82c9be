#pragma once
// Where a boot's files appear when qemu runs in a container: the work folder
// at /krun/work (read-write: qemu writes its pidfile there, and a disk
// rootfs is written by the guest), each input outside it at a fixed place
// (/krun/kernel/<name>, /krun/dtb/<name>, /krun/rootfs/<name>; read-only
// except a disk image; --shared's folder read-write). Inputs inside the work folder are reached through
// its mount. The qemu argv is then built from the rewritten inputs, so
// host and container runs share one argv builder.
#include <filesystem>
#include <string>
#include <vector>

#include "common/container_runtime.h"
#include "krun/qemu/qemu_command.h"

namespace krun {

inline constexpr const char* kContainerWorkDir = "/krun/work";
inline constexpr const char* kContainerSharedDir = "/krun/shared";  // --shared's host folder, read-write

struct ContainerLayout {
  std::vector<kc::Mount> mounts;
  BootInputs inputs;  // the same inputs with container paths
};

// Throws kc::Error(Usage) for a host path podman cannot mount (one holding
// ':' or ',', the separators of -v and of qemu's -drive).
ContainerLayout container_layout(const BootInputs& host, const std::filesystem::path& work_dir);

}  // namespace krun
