#include "krun/qemu/qemu_command.h"

#include <fmt/format.h>

#include <sstream>

#include "common/errors.h"

namespace krun {

namespace {

std::vector<std::string> split_words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// A value inside qemu's comma-separated options: a ',' is written twice.
std::string qemu_option_value(const std::string& v) {
  std::string out;
  for (char c : v) out += c == ',' ? std::string(",,") : std::string(1, c);
  return out;
}

std::string disk_drive(const DeviceProfile& profile, const std::filesystem::path& image) {
  // if=<bus> lets qemu pick the transport its machine has (virtio-pci,
  // virtio-ccw, ...), so one profile field covers every machine.
  return fmt::format("file={},format=raw,if={}", image.string(), profile.rootfs.bus);
}

}  // namespace

std::string kernel_command_line(const DeviceProfile& profile, const BootInputs& in) {
  std::vector<std::string> user = split_words(in.boot_args);
  bool user_console = false;
  for (const auto& w : user)
    if (w.starts_with("console=")) user_console = true;
  std::vector<std::string> words;
  if (!user_console) words.push_back("console=" + profile.console);
  if (in.qmp_socket.empty()) {
    words.push_back("panic=-1");
  } else {
    words.push_back("panic=0");
    words.push_back("nokaslr");
  }
  for (const auto& w : split_words(profile.kernel_args)) words.push_back(w);
  bool as_disk = !in.rootfs.empty() && in.rootfs_format != "initrd";
  if (as_disk) {
    words.push_back("root=" + profile.rootfs.root_device);
    words.push_back("rw");
    words.push_back("rootwait");
  }
  words.insert(words.end(), user.begin(), user.end());
  std::string line;
  for (const auto& w : words) line += (line.empty() ? "" : " ") + w;
  return line;
}

std::vector<std::string> qemu_argv(const DeviceProfile& profile, const BootInputs& in) {
  if (in.kernel.empty()) throw kc::usage_error("no kernel to boot: pass --kernel or --kbuild DIR");
  if (in.kvm && profile.kvm.hosts.empty())
    throw kc::usage_error(fmt::format("{} is always emulated: its profile names no host whose KVM runs it",
                                      profile.name));
  std::vector<std::string> argv = {in.qemu_binary.empty() ? profile.qemu_binary : in.qemu_binary};
  const std::string& machine = in.kvm && !profile.kvm.machine.empty() ? profile.kvm.machine : profile.machine;
  const std::string& cpu = in.kvm ? profile.kvm.cpu : profile.cpu;
  argv.insert(argv.end(), {"-M", machine, "-accel", in.kvm ? "kvm" : "tcg"});
  if (!cpu.empty()) argv.insert(argv.end(), {"-cpu", cpu});
  argv.insert(argv.end(), {"-m", profile.memory, "-smp", std::to_string(profile.smp)});
  argv.insert(argv.end(), {"-no-reboot", "-display", "none", "-monitor", "none"});
  for (const auto& s : profile.serial) argv.insert(argv.end(), {"-serial", s});
  argv.insert(argv.end(), {"-kernel", in.kernel.string()});
  if (!in.dtb.empty()) argv.insert(argv.end(), {"-dtb", in.dtb.string()});
  if (!in.bios.empty()) argv.insert(argv.end(), {"-bios", in.bios.string()});
  if (!in.rootfs.empty()) {
    if (in.rootfs_format == "initrd") argv.insert(argv.end(), {"-initrd", in.rootfs.string()});
    else argv.insert(argv.end(), {"-drive", disk_drive(profile, in.rootfs)});
  }
  argv.insert(argv.end(), {"-append", kernel_command_line(profile, in)});
  if (in.network) argv.insert(argv.end(), {"-nic", "user,model=" + profile.nic_model});
  else argv.insert(argv.end(), {"-nic", "none"});
  if (!in.shared_dir.empty()) {
    argv.insert(argv.end(), {"-fsdev", "local,id=krun-shared,security_model=mapped-xattr,path=" +
                                           qemu_option_value(in.shared_dir.string())});
    argv.insert(argv.end(), {"-device", fmt::format("{},fsdev=krun-shared,mount_tag={}", profile.shared.qemu_device,
                                                    kSharedMountTag)});
  }
  if (!in.qmp_socket.empty())
    argv.insert(argv.end(), {"-qmp", "unix:" + qemu_option_value(in.qmp_socket.string()) + ",server=on,wait=off"});
  auto extra = qemu_extra_args(profile, !in.bios.empty());
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

}  // namespace krun
