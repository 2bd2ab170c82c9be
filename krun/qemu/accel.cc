#include "krun/qemu/accel.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/file_lock.h"
#include "common/host_machine.h"
#include "common/json_file.h"

namespace krun {

namespace fs = std::filesystem;

namespace {

std::string host_boot_id() {
  try {
    std::string id = kc::read_file("/proc/sys/kernel/random/boot_id");
    while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
    return id.empty() ? "unknown" : id;
  } catch (const kc::Error&) {
    return "unknown";
  }
}

fs::path record_path(const fs::path& cache_dir) { return cache_dir / "kvm" / (host_boot_id() + ".json"); }

std::string binary_key(const std::string& qemu_binary) { return fs::path(qemu_binary).filename().string(); }

}  // namespace

fs::path kvm_device() {
  const char* env = std::getenv("KRUN_KVM_DEVICE");
  return env && *env ? fs::path(env) : fs::path("/dev/kvm");
}

AccelChoice choose_accel(KvmChoice choice, const DeviceProfile& p, const KvmFacts& f) {
  if (choice == KvmChoice::Off) return {false, "TCG: --disable-kvm", false};
  const bool arch_fits = std::find(p.kvm.hosts.begin(), p.kvm.hosts.end(), f.host_machine) != p.kvm.hosts.end();
  if (!arch_fits) {
    std::string why = p.kvm.hosts.empty()
                          ? fmt::format("{} is always emulated", p.name)
                          : fmt::format("{} runs under KVM on a {} host only, this one is {}", p.name,
                                        fmt::join(p.kvm.hosts, " or "), f.host_machine);
    if (choice == KvmChoice::On)
      throw kc::usage_error(fmt::format("--enable-kvm: {}; leave --enable-kvm out to emulate it (TCG)", why));
    return {false, "TCG: " + why, false};
  }
  if (!f.dev_kvm) {
    std::string why = fmt::format("{} cannot be used ({})", kvm_device().string(), f.dev_kvm_error);
    if (choice == KvmChoice::On)
      throw kc::infra_error(fmt::format("--enable-kvm: {}; load the kvm module and give this user access to "
                                        "{}, or leave --enable-kvm out to emulate (TCG)",
                                        why, kvm_device().string()));
    return {false, "TCG: " + why, false};
  }
  if (f.verdict && !f.verdict->works) {
    std::string why = fmt::format("KVM could not run a guest on this host earlier since it booted ({})",
                                  f.verdict->detail);
    if (choice == KvmChoice::On)
      throw kc::infra_error(fmt::format("--enable-kvm: {}; leave --enable-kvm out to emulate (TCG)", why));
    return {false, "TCG: " + why, true};
  }
  return {true, choice == KvmChoice::On ? "KVM: --enable-kvm" : "KVM: the guest's arch is the host's and /dev/kvm opens",
          false};
}

KvmFacts read_kvm_facts(const DeviceProfile&, const std::string& qemu_binary, const fs::path& cache_dir) {
  KvmFacts f;
  f.host_machine = kc::host_machine();
  int fd = ::open(kvm_device().c_str(), O_RDWR | O_CLOEXEC);
  if (fd >= 0) {
    f.dev_kvm = true;
    ::close(fd);
  } else {
    f.dev_kvm_error = std::strerror(errno);
  }
  fs::path record = record_path(cache_dir);
  if (!fs::exists(record)) return f;
  try {
    nlohmann::json j = kc::read_json_file(record);
    const std::string key = binary_key(qemu_binary);
    if (j.contains(key) && j[key].is_object())
      f.verdict = KvmVerdict{j[key].value("works", false), j[key].value("detail", std::string())};
  } catch (const kc::Error&) {
    // A damaged record costs one more watched boot, nothing else.
  }
  return f;
}

void record_kvm_verdict(const std::string& qemu_binary, const KvmVerdict& verdict, const fs::path& cache_dir) {
  fs::path record = record_path(cache_dir);
  fs::create_directories(record.parent_path());
  kc::FileLock lock(record.string() + ".lock", "the KVM record");
  nlohmann::json j = nlohmann::json::object();
  try {
    if (fs::exists(record)) j = kc::read_json_file(record);
  } catch (const kc::Error&) {
  }
  if (!j.is_object()) j = nlohmann::json::object();
  j[binary_key(qemu_binary)] = {{"works", verdict.works}, {"detail", verdict.detail}};
  kc::write_json_atomic(record, j);
}

}  // namespace krun
