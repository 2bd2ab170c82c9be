#include "krun/qemu/qemu_command.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/errors.h"

// Test inputs list only the fields they need.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace krun {
namespace {

DeviceProfile profile() {
  DeviceProfile p;
  p.name = "qemu-test";
  p.qemu_binary = "qemu-system-aarch64";
  p.machine = "virt";
  p.cpu = "max";
  p.memory = "1G";
  p.smp = 2;
  p.console = "ttyAMA0";
  p.extra_args = {"-bios", "default"};
  return p;
}

// The value following `flag` in argv ("" when absent).
std::string after(const std::vector<std::string>& argv, const std::string& flag) {
  auto it = std::find(argv.begin(), argv.end(), flag);
  return it == argv.end() || it + 1 == argv.end() ? "" : *(it + 1);
}

TEST(QemuCommand, InitrdBoot) {
  BootInputs in{"/k/Image", "/r/rootfs.cpio.gz", "initrd", "/d/x.dtb", "loglevel=8", ""};
  auto argv = qemu_argv(profile(), in);
  EXPECT_EQ(argv[0], "qemu-system-aarch64");
  EXPECT_EQ(after(argv, "-M"), "virt");
  EXPECT_EQ(after(argv, "-cpu"), "max");
  EXPECT_EQ(after(argv, "-m"), "1G");
  EXPECT_EQ(after(argv, "-smp"), "2");
  EXPECT_EQ(after(argv, "-kernel"), "/k/Image");
  EXPECT_EQ(after(argv, "-initrd"), "/r/rootfs.cpio.gz");
  EXPECT_EQ(after(argv, "-dtb"), "/d/x.dtb");
  EXPECT_EQ(after(argv, "-serial"), "stdio");
  EXPECT_EQ(after(argv, "-bios"), "default");
  EXPECT_NE(std::find(argv.begin(), argv.end(), "-no-reboot"), argv.end());
  EXPECT_EQ(after(argv, "-append"), "console=ttyAMA0 panic=-1 loglevel=8");
}

// --bios: the given firmware instead of the profile's -bios pair, once.
TEST(QemuCommand, AGivenBiosReplacesTheProfilesOwn) {
  BootInputs in{"/k/Image", "/r/rootfs.cpio.gz", "initrd"};
  in.bios = "/fw/fw_jump.elf";
  auto argv = qemu_argv(profile(), in);
  EXPECT_EQ(after(argv, "-bios"), "/fw/fw_jump.elf");
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-bios"), 1);
  EXPECT_EQ(std::find(argv.begin(), argv.end(), "default"), argv.end());
}

TEST(QemuCommand, DiskBootAddsRootAndDrive) {
  DeviceProfile p = profile();
  p.rootfs = {"disk", "virtio", "/dev/vda"};
  BootInputs in{"/k/Image", "/r/rootfs.ext4", "ext4", "", "", "/opt/qemu/bin/qemu-system-aarch64"};
  auto argv = qemu_argv(p, in);
  EXPECT_EQ(argv[0], "/opt/qemu/bin/qemu-system-aarch64");
  EXPECT_EQ(after(argv, "-drive"), "file=/r/rootfs.ext4,format=raw,if=virtio");
  EXPECT_EQ(after(argv, "-initrd"), "");
  EXPECT_EQ(after(argv, "-dtb"), "");
  EXPECT_EQ(after(argv, "-append"), "console=ttyAMA0 panic=-1 root=/dev/vda rw rootwait");
}

TEST(QemuCommand, UserConsoleReplacesTheDevicesOne) {
  BootInputs in{"/k/Image", "", "initrd", "", "console=ttyS9 quiet", ""};
  EXPECT_EQ(kernel_command_line(profile(), in), "panic=-1 console=ttyS9 quiet");
  DeviceProfile p = profile();
  p.kernel_args = "no_timer_check";
  EXPECT_EQ(kernel_command_line(p, in), "panic=-1 no_timer_check console=ttyS9 quiet");
}

TEST(QemuCommand, SerialOrderFollowsTheProfile) {
  DeviceProfile p = profile();
  p.serial = {"null", "stdio"};
  auto argv = qemu_argv(p, BootInputs{"/k/zImage", "", "initrd", "", "", ""});
  auto first = std::find(argv.begin(), argv.end(), "-serial");
  ASSERT_NE(first, argv.end());
  EXPECT_EQ(*(first + 1), "null");
  EXPECT_EQ(*(first + 3), "stdio");
}

TEST(QemuCommand, TcgUnlessKvmAndTheProfilesKvmCpuUnderIt) {
  DeviceProfile p = profile();
  BootInputs in{"/k/Image", "", "initrd", "", "", ""};
  auto tcg = qemu_argv(p, in);
  EXPECT_EQ(after(tcg, "-accel"), "tcg");
  EXPECT_EQ(after(tcg, "-cpu"), "max");
  in.kvm = true;
  EXPECT_THROW(qemu_argv(p, in), kc::Error);  // a profile without KVM hosts
  p.kvm.hosts = {"aarch64"};
  p.kvm.machine = "virt,gic-version=max";
  auto kvm = qemu_argv(p, in);
  EXPECT_EQ(after(kvm, "-accel"), "kvm");
  EXPECT_EQ(after(kvm, "-cpu"), "host");
  EXPECT_EQ(after(kvm, "-M"), "virt,gic-version=max");
}

TEST(QemuCommand, NoNetworkUnlessAskedAndTheSharedFolderOver9p) {
  DeviceProfile p = profile();
  BootInputs in{"/k/Image", "", "initrd", "", "", ""};
  EXPECT_EQ(after(qemu_argv(p, in), "-nic"), "none");
  in.network = true;
  p.nic_model = "virtio-net-ccw";
  EXPECT_EQ(after(qemu_argv(p, in), "-nic"), "user,model=virtio-net-ccw");
  in.shared_dir = "/srv/a,b";
  p.shared.qemu_device = "virtio-9p-device";
  auto argv = qemu_argv(p, in);
  EXPECT_EQ(after(argv, "-fsdev"), "local,id=krun-shared,security_model=mapped-xattr,path=/srv/a,,b");
  EXPECT_EQ(after(argv, "-device"), "virtio-9p-device,fsdev=krun-shared,mount_tag=krun");
}

TEST(QemuCommand, AQmpSocketForVmcoreHoldsThePanickedKernelInsteadOfRebooting) {
  BootInputs in{"/k/Image", "", "initrd", "", "loglevel=8", ""};
  in.qmp_socket = "/out/work/qmp.sock";
  auto argv = qemu_argv(profile(), in);
  EXPECT_EQ(after(argv, "-qmp"), "unix:/out/work/qmp.sock,server=on,wait=off");
  EXPECT_EQ(after(argv, "-append"), "console=ttyAMA0 panic=0 nokaslr loglevel=8");
  in.qmp_socket.clear();
  argv = qemu_argv(profile(), in);
  EXPECT_EQ(std::find(argv.begin(), argv.end(), "-qmp"), argv.end());
  EXPECT_EQ(after(argv, "-append"), "console=ttyAMA0 panic=-1 loglevel=8");
}

}  // namespace
}  // namespace krun
