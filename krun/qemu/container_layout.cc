#include "krun/qemu/container_layout.h"

#include <fmt/format.h>

#include <optional>

#include "common/errors.h"

namespace krun {

namespace {

void check_mountable(const std::filesystem::path& p) {
  if (p.string().find_first_of(":,") != std::string::npos)
    throw kc::usage_error(fmt::format("{} holds ':' or ',' and cannot be mounted into the qemu container; "
                                      "move or rename it, or use --runtime null", p.string()));
}

// The path relative to `dir` when `p` lies inside it.
std::optional<std::filesystem::path> inside(const std::filesystem::path& p, const std::filesystem::path& dir) {
  auto rel = p.lexically_normal().lexically_relative(dir.lexically_normal());
  if (rel.empty() || *rel.begin() == ".." || rel.is_absolute()) return std::nullopt;
  return rel;
}

}  // namespace

ContainerLayout container_layout(const BootInputs& host, const std::filesystem::path& work_dir) {
  const std::filesystem::path work = std::filesystem::absolute(work_dir);
  check_mountable(work);
  ContainerLayout layout;
  layout.inputs = host;
  layout.mounts.push_back({work, kContainerWorkDir, false});
  auto place = [&](const std::filesystem::path& file, const std::string& folder, bool read_only) {
    if (file.empty()) return std::filesystem::path();
    std::filesystem::path abs = std::filesystem::absolute(file);
    if (auto rel = inside(abs, work)) return std::filesystem::path(kContainerWorkDir) / *rel;
    check_mountable(abs);
    std::string guest = "/krun/" + folder + "/" + abs.filename().string();
    layout.mounts.push_back({abs, guest, read_only});
    return std::filesystem::path(guest);
  };
  layout.inputs.kernel = place(host.kernel, "kernel", true);
  layout.inputs.dtb = place(host.dtb, "dtb", true);
  layout.inputs.bios = place(host.bios, "bios", true);
  layout.inputs.rootfs = place(host.rootfs, "rootfs", host.rootfs_format == "initrd");
  if (!host.qmp_socket.empty()) {
    // qemu creates the socket in the work folder, which both sides see.
    auto rel = inside(std::filesystem::absolute(host.qmp_socket), work);
    if (!rel) throw kc::usage_error(fmt::format("the QMP socket {} is not inside the work folder {}",
                                                host.qmp_socket.string(), work.string()));
    layout.inputs.qmp_socket = std::filesystem::path(kContainerWorkDir) / *rel;
  }
  if (!host.shared_dir.empty()) {
    // --shared: the guest writes through qemu into the host folder.
    std::filesystem::path abs = std::filesystem::absolute(host.shared_dir);
    check_mountable(abs);
    layout.mounts.push_back({abs, kContainerSharedDir, false});
    layout.inputs.shared_dir = kContainerSharedDir;
  }
  return layout;
}

}  // namespace krun
