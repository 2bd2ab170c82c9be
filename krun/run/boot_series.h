#pragma once
// The boots of one krun run: --repeat N boots one after the other, each
// after the first from the pristine rootfs (and in a new container when qemu
// runs in one); a boot that KVM could not run is booted again under TCG, or,
// under --enable-kvm, ends the run (exit 2). What a boot showed about KVM is
// recorded for this host. The boot itself and everything with side effects
// are services, so that a unit test drives the series with a fake boot
// (krun/run/boot_series_test.cc); krun/cli/run_command.cc gives the real ones.
#include <functional>
#include <string>
#include <vector>

#include "krun/qemu/accel.h"
#include "krun/run/boot_run.h"

namespace krun {

struct BootSeriesServices {
  // One boot: run_boot, then the container (if any) stopped.
  std::function<BootOutcome(const BootPlan&)> boot;
  // Before every boot but the first: the pristine rootfs back and, when qemu
  // runs in a container, a new one (given the KVM device when `kvm`).
  std::function<void(bool kvm)> reset_for_next_boot;
  // What a boot showed of KVM on this host (record_kvm_verdict).
  std::function<void(const KvmVerdict&)> record_kvm;
  // A SIGINT/SIGTERM arrived: no further run starts.
  std::function<bool()> interrupted;
};

// What the caller does around each run; any of them may be empty.
struct BootSeriesObserver {
  std::function<void(int run)> on_run_start;                  // before the run's first boot
  std::function<void(BootPlan& plan)> before_boot;            // every boot, a TCG retry too: wire the parsers
  std::function<void(const std::string& detail)> on_kvm_fallback;
  std::function<int(int run, BootOutcome& outcome)> after_run;  // the run's exit code (0 when empty)
};

struct BootSeriesRequest {
  int repeat = 1;
  KvmChoice kvm = KvmChoice::Auto;
  AccelChoice accel;  // the first boot's accelerator
  // qemu's argv under KVM or TCG (the same device, inputs and paths).
  std::function<std::vector<std::string>(bool kvm)> argv_for;
  // The first boot's plan; later runs write console.N.log beside its console_log.
  BootPlan plan;
};

struct BootSeriesResult {
  std::vector<BootOutcome> outcomes;       // one per run that ran
  std::vector<int> run_codes;              // after_run's code of each
  std::vector<std::string> console_logs;   // each run's console log
  AccelChoice accel;                       // the last boot's: TCG after a fallback
  std::vector<std::string> argv;           // the last boot's qemu argv
  std::string kvm_failed;                  // why KVM could not run the guest; empty when it did or was not tried

  // What the end of the run says: the first run that did not end well, or the last.
  const BootOutcome& deciding() const;
  // Every run reached the end of its tests (no timeout, crash stop, qemu failure).
  bool all_complete() const;
};

// KVM that could not run this guest: a paravirtual KVM stops a normal kernel
// before its first byte, or qemu refuses the cpu at once.
bool kvm_could_not_run(const BootOutcome& outcome);

// Throws kc::Error(Infra) when KVM could not run the guest under --enable-kvm.
BootSeriesResult run_boot_series(BootSeriesRequest request, const BootSeriesServices& services,
                                 const BootSeriesObserver& observer);

}  // namespace krun
