#include "krun/run/boot_series.h"

#include <fmt/format.h>

#include <filesystem>

#include "common/console.h"
#include "common/errors.h"

namespace krun {

namespace fs = std::filesystem;

bool kvm_could_not_run(const BootOutcome& o) {
  return o.end_reason == EndReason::KvmFailed || (o.end_reason == EndReason::QemuFailed && o.console_lines == 0);
}

const BootOutcome& BootSeriesResult::deciding() const {
  for (size_t i = 0; i < outcomes.size() && i < run_codes.size(); ++i)
    if (run_codes[i] != 0) return outcomes[i];
  return outcomes.back();
}

bool BootSeriesResult::all_complete() const {
  for (const auto& b : outcomes)
    if (b.end_reason != EndReason::Done && b.end_reason != EndReason::Reboot && b.end_reason != EndReason::Halt &&
        b.end_reason != EndReason::PowerDown)
      return false;
  return !outcomes.empty();
}

namespace {

std::string kvm_failure_detail(const BootOutcome& o) {
  if (o.end_reason == EndReason::KvmFailed) return o.end_detail;
  return fmt::format("qemu {}: {}", o.qemu_exit_code >= 0 ? "failed" : "died",
                     o.qemu_stderr.substr(0, o.qemu_stderr.find('\n')));
}

}  // namespace

BootSeriesResult run_boot_series(BootSeriesRequest request, const BootSeriesServices& services,
                                 const BootSeriesObserver& observer) {
  BootPlan& plan = request.plan;
  BootSeriesResult out;
  out.accel = request.accel;
  plan.argv = request.argv_for(out.accel.kvm);
  const fs::path first_console_log = plan.console_log;
  std::optional<KvmVerdict> kvm_failure;  // a KVM boot that failed, kept until TCG shows the kernel prints

  auto boot = [&] {
    plan.first_output_within = out.accel.kvm ? kKvmFirstOutputWithin : std::chrono::seconds(0);
    if (observer.before_boot) observer.before_boot(plan);
    return services.boot(plan);
  };

  for (int run = 1; run <= request.repeat; ++run) {
    if (run > 1) {
      if (services.interrupted && services.interrupted()) break;
      kc::console::info("run {} of {}", run, request.repeat);
      services.reset_for_next_boot(out.accel.kvm);
      plan.console_log = first_console_log.parent_path() / fmt::format("console.{}.log", run);
    }
    if (observer.on_run_start) observer.on_run_start(run);
    BootOutcome outcome = boot();
    if (out.accel.kvm && kvm_could_not_run(outcome)) {
      const std::string detail = kvm_failure_detail(outcome);
      if (request.kvm == KvmChoice::On)
        throw kc::infra_error(fmt::format("--enable-kvm: KVM cannot run this guest here ({}); leave --enable-kvm "
                                          "out to emulate it (TCG)",
                                          detail));
      kc::console::warn("KVM cannot run this guest here ({}); booting again with TCG", detail);
      kvm_failure = KvmVerdict{false, detail};
      out.accel = {false, "TCG: " + detail, true};
      out.kvm_failed = detail;
      plan.argv = request.argv_for(false);
      services.reset_for_next_boot(false);
      if (observer.on_kvm_fallback) observer.on_kvm_fallback(detail);
      outcome = boot();
    }
    // What a boot showed about KVM is kept for this host's boot: a failure
    // only once the kernel was seen to print under TCG (a silent kernel says
    // nothing about KVM), a success once it printed under KVM.
    if (kvm_failure && outcome.console_lines > 0) {
      services.record_kvm(*kvm_failure);
      kvm_failure.reset();
    } else if (out.accel.kvm && outcome.console_lines > 0) {
      services.record_kvm({true, ""});
    }
    out.run_codes.push_back(observer.after_run ? observer.after_run(run, outcome) : 0);
    out.console_logs.push_back(plan.console_log.string());
    const bool interrupted = outcome.end_reason == EndReason::Interrupted;
    out.outcomes.push_back(std::move(outcome));
    if (interrupted) break;
  }
  out.argv = plan.argv;
  return out;
}

}  // namespace krun
