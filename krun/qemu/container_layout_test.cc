#include "krun/qemu/container_layout.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/errors.h"

// Test inputs list only the fields they need.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace krun {
namespace {

DeviceProfile x86() {
  DeviceProfile p;
  p.name = "qemu-x86_64";
  p.qemu_binary = "qemu-system-x86_64";
  p.machine = "q35";
  p.memory = "512M";
  p.console = "ttyS0";
  return p;
}

std::string after(const std::vector<std::string>& argv, const std::string& flag) {
  auto it = std::find(argv.begin(), argv.end(), flag);
  return it == argv.end() || it + 1 == argv.end() ? "" : *(it + 1);
}

const kc::Mount* mount_at(const ContainerLayout& l, const std::string& guest) {
  for (const auto& m : l.mounts)
    if (m.guest == guest) return &m;
  return nullptr;
}

TEST(ContainerLayout, InputsOutsideTheWorkFolderGetFixedReadOnlyPlaces) {
  BootInputs in{"/cache/k/bzImage", "/cache/r/rootfs.cpio.gz", "initrd", "/cache/d/board.dtb", "quiet", ""};
  ContainerLayout l = container_layout(in, "/out/work");
  EXPECT_EQ(l.inputs.kernel, "/krun/kernel/bzImage");
  EXPECT_EQ(l.inputs.rootfs, "/krun/rootfs/rootfs.cpio.gz");
  EXPECT_EQ(l.inputs.dtb, "/krun/dtb/board.dtb");
  EXPECT_EQ(l.inputs.boot_args, "quiet");
  ASSERT_EQ(l.mounts.size(), 4u);
  const kc::Mount* work = mount_at(l, "/krun/work");
  ASSERT_NE(work, nullptr);
  EXPECT_EQ(work->host, "/out/work");
  EXPECT_FALSE(work->read_only) << "qemu writes its pidfile there";
  for (const char* guest : {"/krun/kernel/bzImage", "/krun/rootfs/rootfs.cpio.gz", "/krun/dtb/board.dtb"}) {
    const kc::Mount* m = mount_at(l, guest);
    ASSERT_NE(m, nullptr) << guest;
    EXPECT_TRUE(m->read_only) << guest;
  }
  EXPECT_EQ(mount_at(l, "/krun/kernel/bzImage")->host, "/cache/k/bzImage");
}

TEST(ContainerLayout, InputsInsideTheWorkFolderGoThroughItsMount) {
  BootInputs in{"/cache/k/bzImage", "/out/work/rootfs/initrd.cpio", "initrd", "", "", ""};
  ContainerLayout l = container_layout(in, "/out/work");
  EXPECT_EQ(l.inputs.rootfs, "/krun/work/rootfs/initrd.cpio");
  EXPECT_EQ(l.inputs.dtb, "");
  EXPECT_EQ(l.mounts.size(), 2u);  // work and kernel only
}

TEST(ContainerLayout, ADiskImageStaysWritable) {
  BootInputs in{"/k/Image", "/cache/rootfs.ext4", "ext4", "", "", ""};
  ContainerLayout l = container_layout(in, "/out/work");
  const kc::Mount* disk = mount_at(l, "/krun/rootfs/rootfs.ext4");
  ASSERT_NE(disk, nullptr);
  EXPECT_FALSE(disk->read_only) << "the guest writes to its root disk";
}

TEST(ContainerLayout, QemuArgvUsesContainerPathsOnly) {
  BootInputs in{"/cache/k/bzImage", "/out/work/initrd.cpio", "initrd", "", "", ""};
  ContainerLayout l = container_layout(in, "/out/work");
  auto argv = qemu_argv(x86(), l.inputs);
  EXPECT_EQ(argv[0], "qemu-system-x86_64");
  EXPECT_EQ(after(argv, "-kernel"), "/krun/kernel/bzImage");
  EXPECT_EQ(after(argv, "-initrd"), "/krun/work/initrd.cpio");
  for (const auto& word : argv) {
    EXPECT_EQ(word.find("/cache/"), std::string::npos) << word;
    EXPECT_EQ(word.find("/out/"), std::string::npos) << word;
  }
  // Same kernel command line as on the host: only paths change.
  EXPECT_EQ(kernel_command_line(x86(), l.inputs), kernel_command_line(x86(), in));
}

TEST(ContainerLayout, DiskDriveArgumentNamesTheContainerPath) {
  DeviceProfile p = x86();
  p.rootfs = {"disk", "virtio", "/dev/vda"};
  BootInputs in{"/k/bzImage", "/out/work/rootfs.ext4", "ext4", "", "", ""};
  auto argv = qemu_argv(p, container_layout(in, "/out/work").inputs);
  EXPECT_EQ(after(argv, "-drive"), "file=/krun/work/rootfs.ext4,format=raw,if=virtio");
}

TEST(ContainerLayout, RefusesPathsPodmanOrQemuWouldSplit) {
  BootInputs colon{"/k/a:b/bzImage", "", "initrd", "", "", ""};
  EXPECT_THROW(container_layout(colon, "/out/work"), kc::Error);
  BootInputs comma{"/k/bzImage", "/r/a,b.ext4", "ext4", "", "", ""};
  EXPECT_THROW(container_layout(comma, "/out/work"), kc::Error);
  BootInputs fine{"/k/bzImage", "", "initrd", "", "", ""};
  EXPECT_THROW(container_layout(fine, "/out/wo:rk"), kc::Error);
}

TEST(ContainerLayout, TheQmpSocketIsReachedThroughTheWorkFolder) {
  BootInputs in{"/cache/k/bzImage", "", "initrd", "", "", ""};
  in.qmp_socket = "/out/work/qmp.sock";
  ContainerLayout l = container_layout(in, "/out/work");
  EXPECT_EQ(l.inputs.qmp_socket, "/krun/work/qmp.sock");
  in.qmp_socket = "/elsewhere/qmp.sock";
  EXPECT_THROW(container_layout(in, "/out/work"), kc::Error);
}

}  // namespace
}  // namespace krun
