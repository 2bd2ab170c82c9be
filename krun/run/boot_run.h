#pragma once
// One boot: qemu runs with its console on a pipe; every chunk is written to
// the raw console log and fed, in the same pass, to the console parser
// (crashes) and the guest-marker parser. The run ends on the guest's DONE
// marker, a reboot/halt/power-down message, a panic (after a short grace to
// capture the trace), the boot timeout, the silence timeout, the overall
// timeout, or qemu exiting; qemu is always killed and reaped.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/container_runtime.h"
#include "krun/console/crash_detector.h"
#include "krun/run/guest_markers.h"
#include "krun/run/vmcore_dump.h"

namespace krun {

struct BootTimeouts {
  std::chrono::seconds boot{300};      // qemu start → "<<KRUN>> BOOT"
  std::chrono::seconds silence{300};   // no console output at all for this long
  std::chrono::seconds run{3600};      // the whole run
  std::chrono::seconds panic_grace{5}; // after a panic line, to capture the trace
};

struct BootPlan {
  std::vector<std::string> argv;            // qemu argv (without -pidfile; added here)
  std::filesystem::path console_log;        // raw console bytes
  std::filesystem::path work_dir;           // scratch (pidfile)
  // Where qemu runs: null → a host process; otherwise exec'd in this started
  // container, where argv's paths are container paths and work_dir is seen
  // as runtime_work_dir. Stopping the container (the caller's job, right
  // after run_boot) kills whatever is left in it.
  kc::ContainerRuntime* runtime = nullptr;
  std::string runtime_work_dir;
  BootTimeouts timeouts;
  bool expect_boot_marker = true;           // false: a foreign rootfs without our init
  // A console line (ECMAScript regex) that means booted, for a foreign
  // rootfs (--prompt); empty: the kernel starting init.
  std::string boot_prompt;
  // Under KVM: no console byte within this long (or qemu saying "KVM
  // internal error") ends the boot as KvmFailed. Zero: not watched.
  std::chrono::seconds first_output_within{0};
  // --vmcore: after a panic, once its trace is printed (or the panic grace
  // has passed), the stopped guest's memory is dumped through QMP, then qemu
  // is ended. qemu_argv gave qemu the socket and the kernel panic=0, so the
  // kernel waits instead of rebooting. Unset: no dump.
  std::optional<VmcoreRequest> vmcore;
  bool echo_console = false;                // copy the console to our stdout as it streams
  // More consumers of the same console pass (the test-suite parsers): every
  // line, then the guest's START / END markers found on it, with host
  // seconds since qemu started. Any of them may be empty.
  std::function<void(size_t line_no, std::string_view line)> on_line;
  std::function<void(const std::string& name, size_t line_no, double seconds)> on_test_start;
  std::function<void(const std::string& name, int exit_code, size_t line_no, double seconds)> on_test_end;
};

// Why the run ended (metadata.json "end_reason").
enum class EndReason {
  Done, Reboot, Halt, PowerDown, Panic, BootTimeout, SilenceTimeout, RunTimeout,
  QemuExited, QemuFailed, Interrupted, KvmFailed
};
std::string to_string(EndReason r);
// True for the reasons that mean the run is incomplete (exit 2).
bool is_incomplete(EndReason r);

struct BootOutcome {
  EndReason end_reason = EndReason::QemuExited;
  std::string end_detail;                   // human sentence for the E:/I: line
  GuestMarkers markers;
  std::vector<Crash> crashes;
  bool panicked = false;
  std::optional<VmcoreResult> vmcore;       // set when a dump was tried
  size_t console_lines = 0;
  bool console_log_capped = false;          // console.log stopped at caps::kConsoleLog
  int qemu_exit_code = -1;
  int qemu_signal = 0;
  std::string qemu_stderr;                  // bounded
  double boot_seconds = -1;                 // until the BOOT marker; -1 when never
  double total_seconds = 0;
};

BootOutcome run_boot(const BootPlan& plan);

}  // namespace krun
