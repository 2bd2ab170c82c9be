#pragma once
// Which accelerator a boot uses. KVM only where it can run the guest: the
// device's profile names this host's machine, /dev/kvm opens, and no KVM boot
// on this host since it booted has shown otherwise (a paravirtual KVM has a
// /dev/kvm that opens, then stops a normal kernel before it prints a byte;
// a boot under KVM is therefore watched for its first console output, and
// what it showed is kept per host boot, so only the first run pays for it).
// Under --enable-kvm every reason against KVM is an error said within
// seconds; by default it is a fallback to TCG said on one line.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "krun/device/device_profile.h"

namespace krun {

// --enable-kvm / --disable-kvm; neither: KVM when it can run the guest here.
enum class KvmChoice { Auto, On, Off };

// What a KVM boot of this qemu showed on this host since it booted.
struct KvmVerdict {
  bool works = false;
  std::string detail;   // why not, e.g. "the guest printed nothing within 15 s"
};

struct KvmFacts {
  std::string host_machine;           // uname -m
  bool dev_kvm = false;               // kvm_device() opens read-write
  std::string dev_kvm_error;          // why not
  std::optional<KvmVerdict> verdict;  // from the record of this host boot
};

struct AccelChoice {
  bool kvm = false;
  std::string why;     // for the I:/W: line and metadata.json
  bool warn = false;   // a reason the user may want to act on (W:)
};

// Pure: the choice from the facts. Throws kc::Error(Usage) under
// --enable-kvm for a device KVM cannot run on this host, Error(Infrastructure)
// when /dev/kvm or an earlier boot says KVM does not work here.
AccelChoice choose_accel(KvmChoice choice, const DeviceProfile& profile, const KvmFacts& facts);

// The facts for `profile` on this host; the record lives in
// <cache>/kvm/<host boot id>.json, keyed by the qemu binary.
KvmFacts read_kvm_facts(const DeviceProfile& profile, const std::string& qemu_binary,
                        const std::filesystem::path& cache_dir);
void record_kvm_verdict(const std::string& qemu_binary, const KvmVerdict& verdict,
                        const std::filesystem::path& cache_dir);

// The KVM device node: $KRUN_KVM_DEVICE, else /dev/kvm. Another path serves a
// host whose node lives elsewhere (a container's bind mount) and the tests,
// which stand a file in for it on machines without one.
std::filesystem::path kvm_device();

// How long a KVM boot may stay silent before KVM is judged unable to run it.
inline constexpr std::chrono::seconds kKvmFirstOutputWithin{15};

}  // namespace krun
