#include "krun/run/boot_run.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <optional>
#include <regex>
#include <thread>

#include "common/console.h"
#include "common/errors.h"
#include "common/process.h"
#include "common/size_caps.h"
#include "krun/console/console_parser.h"
#include "krun/run/deadline_killer.h"

namespace krun {

namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxQemuStderr = 64 * 1024;
// Time the guest gets after its DONE marker to sync and reboot by itself.
constexpr auto kDoneGrace = std::chrono::seconds(3);

// The kernel's own end-of-run messages (kernel/reboot.c).
struct EndMessage { std::string_view text; EndReason reason; };
constexpr EndMessage kEndMessages[] = {
    {"reboot: Restarting system", EndReason::Reboot},
    {"reboot: System halted", EndReason::Halt},
    {"reboot: Power down", EndReason::PowerDown},
};

// panic()'s last line (kernel/panic.c): the trace is complete.
constexpr std::string_view kPanicTraceEnd = "---[ end Kernel panic";

// A foreign rootfs prints no BOOT marker; the kernel handing over to init
// is the closest sign that boot finished.
bool kernel_started_init(std::string_view line) {
  return line.find("Run /") != std::string_view::npos &&
         line.find(" as init process") != std::string_view::npos;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Raw console log: written with write(2) as bytes arrive so a killed krun
// still leaves everything that was seen, up to caps::kConsoleLog: a guest
// that prints without end must not fill the disk (the parsers still read
// everything; the log says where it was cut).
class RawLog {
 public:
  explicit RawLog(const std::filesystem::path& path)
      : path_(path), cap_(kc::caps::kConsoleLog.bytes()),
        fd_(open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) {
    if (fd_ < 0) throw kc::infra_error(fmt::format("cannot write console log {}", path.string()));
  }
  ~RawLog() { if (fd_ >= 0) close(fd_); }
  void write_all(std::string_view bytes) {
    if (capped_) return;
    if (written_ + bytes.size() > cap_) {
      bytes = bytes.substr(0, cap_ - written_);
      capped_ = true;
    }
    put(bytes);
    if (!capped_) return;
    put(fmt::format("\n[krun: console log cut at {}; set {} to keep more]\n", kc::human_size(cap_),
                    kc::caps::kConsoleLog.env_var));
    kc::console::warn("{} reached {}; the rest of the console is parsed but not kept (set {} to keep more)",
                      path_.string(), kc::human_size(cap_), kc::caps::kConsoleLog.env_var);
  }
  bool capped() const { return capped_; }

 private:
  void put(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n <= 0) return;  // disk full: keep booting, the parsers still see everything
      written_ += static_cast<uint64_t>(n);
      bytes.remove_prefix(static_cast<size_t>(n));
    }
  }
  std::filesystem::path path_;
  uint64_t cap_;
  int fd_;
  uint64_t written_ = 0;
  bool capped_ = false;
};

// Tells the plan's listeners about a START or END marker on this line: a
// new open test is a start; a test that got its exit code on this line
// (also an END whose START was lost) is an end.
void report_test_markers(const BootPlan& plan, const GuestMarkers& markers, size_t tests_before,
                         size_t line_no, double seconds) {
  const auto& tests = markers.tests();
  if (tests.size() > tests_before && !tests.back().exit_code && plan.on_test_start)
    plan.on_test_start(tests.back().name, line_no, seconds);
  if (!plan.on_test_end) return;
  for (auto it = tests.rbegin(); it != tests.rend(); ++it)
    if (it->exit_code && it->last_line == line_no) {
      plan.on_test_end(it->name, *it->exit_code, line_no, seconds);
      return;
    }
}

// qemu's pidfile holds its pid in the container's pid namespace, so the
// signal is sent from inside. The script is constant; the pid is an argument.
bool signal_in_container(kc::ContainerRuntime& runtime, long pid) {
  kc::ProcessOptions kill;
  kill.argv = {"sh", "-c", "kill -TERM \"$1\"", "krun-kill", std::to_string(pid)};
  kill.timeout = std::chrono::seconds(30);
  kill.ignore_interrupts = true;
  return runtime.exec(kill).exit_code == 0;
}

}  // namespace

std::string to_string(EndReason r) {
  switch (r) {
    case EndReason::Done: return "done";
    case EndReason::Reboot: return "reboot";
    case EndReason::Halt: return "halt";
    case EndReason::PowerDown: return "power-down";
    case EndReason::Panic: return "panic";
    case EndReason::BootTimeout: return "boot-timeout";
    case EndReason::SilenceTimeout: return "silence-timeout";
    case EndReason::RunTimeout: return "run-timeout";
    case EndReason::QemuExited: return "qemu-exited";
    case EndReason::QemuFailed: return "qemu-failed";
    case EndReason::Interrupted: return "interrupted";
    case EndReason::KvmFailed: return "kvm-failed";
  }
  return "unknown";
}

bool is_incomplete(EndReason r) {
  return r == EndReason::BootTimeout || r == EndReason::SilenceTimeout || r == EndReason::RunTimeout ||
         r == EndReason::QemuFailed || r == EndReason::Interrupted || r == EndReason::KvmFailed;
}

BootOutcome run_boot(const BootPlan& plan) {
  BootOutcome out;
  std::filesystem::path pidfile = plan.work_dir / "qemu.pid";
  std::filesystem::remove(pidfile);
  std::vector<std::string> argv = plan.argv;
  std::string pidfile_for_qemu =
      plan.runtime ? (std::filesystem::path(plan.runtime_work_dir) / pidfile.filename()).string() : pidfile.string();
  argv.insert(argv.end(), {"-pidfile", pidfile_for_qemu});

  RawLog log(plan.console_log);
  ConsoleParser parser;
  std::optional<EndReason> stop_reason;
  std::optional<EndReason> end_message;
  bool init_started = false;
  bool panic_armed = false;
  bool done_armed = false;
  const auto start = Clock::now();
  const auto boot_deadline = start + plan.timeouts.boot;

  std::atomic<bool> panic_trace_ended = false;
  std::optional<std::regex> prompt;
  if (!plan.boot_prompt.empty()) prompt.emplace(plan.boot_prompt);
  parser.add_listener([&](size_t line_no, std::string_view line) {
    size_t tests_before = out.markers.tests().size();
    out.markers.on_line(line_no, line);
    if (plan.on_line) plan.on_line(line_no, line);
    report_test_markers(plan, out.markers, tests_before, line_no, seconds_since(start));
    // The prompt is searched in the line's first bytes only: std::regex
    // recurses per character, and a prompt is short.
    if (!init_started && (prompt ? std::regex_search(std::string(line.substr(0, 512)), *prompt)
                                 : kernel_started_init(line)))
      init_started = true;
    for (const auto& m : kEndMessages)
      if (!end_message && line.find(m.text) != std::string_view::npos) end_message = m.reason;
    if (plan.vmcore && line.find(kPanicTraceEnd) != std::string_view::npos) panic_trace_ended = true;
  });

  DeadlineKiller::Signaller signaller;
  if (plan.runtime)
    signaller = [runtime = plan.runtime](long pid) { return signal_in_container(*runtime, pid); };
  DeadlineKiller killer(pidfile, signaller);
  // --vmcore: dumps the panicked guest, then ends qemu. Declared after the
  // killer it arms, so that on any way out it is joined first.
  std::jthread dumper;
  const bool watch_first_output = plan.first_output_within.count() > 0;
  bool any_output = false;
  if (watch_first_output) killer.arm(start + plan.first_output_within, "first-output");
  else killer.arm(boot_deadline, "boot");
  std::string kvm_error;
  auto booted = [&] { return plan.expect_boot_marker ? out.markers.booted() : init_started; };

  kc::ProcessOptions options;
  options.argv = argv;
  options.timeout = plan.timeouts.run;
  options.idle_timeout = plan.timeouts.silence;
  options.kill_grace = std::chrono::seconds(2);
  options.on_stdout = [&](std::string_view chunk) {
    if (!any_output && !chunk.empty()) {
      any_output = true;
      if (watch_first_output) killer.arm(boot_deadline, "boot");
    }
    log.write_all(chunk);
    if (plan.echo_console) { fwrite(chunk.data(), 1, chunk.size(), stdout); fflush(stdout); }
    bool was_booted = booted();
    parser.feed(chunk);
    if (!was_booted && booted()) {
      out.boot_seconds = seconds_since(start);
      if (!panic_armed) killer.disarm();
    }
    if (parser.panicked() && !panic_armed) {
      panic_armed = true;
      if (plan.vmcore) {
        dumper = std::jthread([&, grace_end = Clock::now() + plan.timeouts.panic_grace] {
          while (!panic_trace_ended && Clock::now() < grace_end)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          kc::console::info("the kernel panicked: dumping guest memory to {}", plan.vmcore->file.string());
          out.vmcore = dump_guest_memory(*plan.vmcore);
          killer.arm(Clock::now(), "panic");
        });
      } else {
        killer.arm(Clock::now() + plan.timeouts.panic_grace, "panic");
      }
    }
    if (out.markers.done() && !done_armed && !panic_armed) {
      done_armed = true;
      killer.arm(Clock::now() + kDoneGrace, "done");
    }
    if (end_message && !panic_armed) {
      stop_reason = *end_message;
      return false;
    }
    if (!booted() && Clock::now() >= boot_deadline && !panic_armed) {
      stop_reason = EndReason::BootTimeout;
      return false;
    }
    return true;
  };
  options.on_stderr = [&](std::string_view chunk) {
    if (out.qemu_stderr.size() < kMaxQemuStderr)
      out.qemu_stderr.append(chunk.substr(0, kMaxQemuStderr - out.qemu_stderr.size()));
    // A vCPU that KVM cannot run stops with this, and qemu then waits paused.
    if (watch_first_output && out.qemu_stderr.find("KVM internal error") != std::string::npos) {
      kvm_error = "qemu: KVM internal error";
      return false;
    }
    return true;
  };

  kc::ProcessResult result = plan.runtime ? plan.runtime->exec(options) : kc::run_process(options);
  if (dumper.joinable()) dumper.join();  // bounded: the grace, then QMP's own timeouts
  killer.stop();
  parser.finish();
  out.total_seconds = seconds_since(start);
  out.crashes = parser.crashes();
  out.panicked = parser.panicked();
  out.console_lines = parser.lines();
  out.console_log_capped = log.capped();
  out.qemu_exit_code = result.exit_code;
  out.qemu_signal = result.term_signal;
  if (result.spawn_failed && out.qemu_stderr.empty()) out.qemu_stderr = result.err;
  std::string fired = killer.fired();

  if (result.interrupted) {
    out.end_reason = EndReason::Interrupted;
    out.end_detail = "interrupted by a signal";
  } else if (!kvm_error.empty() || fired == "first-output") {
    out.end_reason = EndReason::KvmFailed;
    out.end_detail = !kvm_error.empty() ? kvm_error
                                        : fmt::format("under KVM the guest printed nothing within {} s",
                                                      plan.first_output_within.count());
  } else if (result.spawn_failed) {
    out.end_reason = EndReason::QemuFailed;
    out.end_detail = fmt::format("could not start {}: {}", argv[0], result.err);
  } else if (out.panicked) {
    out.end_reason = EndReason::Panic;
    out.end_detail = "the kernel panicked";
  } else if (out.markers.done()) {
    out.end_reason = EndReason::Done;
    out.end_detail = "the guest finished its work";
  } else if (stop_reason) {
    out.end_reason = *stop_reason;
    out.end_detail = *stop_reason == EndReason::BootTimeout
                         ? fmt::format("boot did not finish within {} s", plan.timeouts.boot.count())
                         : fmt::format("the kernel ended the run ({})", to_string(*stop_reason));
  } else if (fired == "boot") {
    out.end_reason = EndReason::BootTimeout;
    out.end_detail = fmt::format("boot did not finish within {} s{}", plan.timeouts.boot.count(),
                                 out.console_lines == 0 ? " and the console stayed silent (wrong console?)" : "");
  } else if (result.idle_timed_out) {
    out.end_reason = EndReason::SilenceTimeout;
    out.end_detail = fmt::format("the console printed nothing for {} s", plan.timeouts.silence.count());
  } else if (result.timed_out) {
    out.end_reason = EndReason::RunTimeout;
    out.end_detail = fmt::format("the run did not finish within {} s", plan.timeouts.run.count());
  } else if (end_message) {
    out.end_reason = *end_message;
    out.end_detail = fmt::format("the kernel ended the run ({})", to_string(*end_message));
  } else if (out.console_lines == 0 && result.exit_code == 0) {
    // The guest ran and ended without a single console byte: the kernel
    // printed somewhere else (console= wrong for this machine or kernel).
    out.end_reason = EndReason::QemuFailed;
    out.end_detail = "qemu exited but the console stayed silent; is the kernel's console= right for this "
                     "device, and does the kernel have the device's kconfig symbols?";
  } else if (out.console_lines == 0 || (!booted() && result.exit_code != 0)) {
    out.end_reason = EndReason::QemuFailed;
    out.end_detail = fmt::format("qemu {} before the kernel booted", result.describe());
  } else {
    out.end_reason = EndReason::QemuExited;
    out.end_detail = fmt::format("qemu {}", result.describe());
  }
  return out;
}

}  // namespace krun
