#pragma once
// Ends qemu at a deadline even while it prints nothing. kc::run_process only
// wakes its callbacks on output, so a kernel that never prints (wrong
// console) would otherwise wait for the silence timeout, and a kernel that
// panicked and then hangs would never be cut short. qemu writes its pid to
// a -pidfile; when the armed deadline passes, this thread opens a pidfd on it
// and sends SIGTERM. qemu is our child and cannot be reaped (its pid cannot
// be reused) until kc::run_process returns, after which stop() is called at
// once; run_process still reaps qemu and kills its group.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace krun {

class DeadlineKiller {
 public:
  using Clock = std::chrono::steady_clock;
  // Sends SIGTERM to the pid read from the pidfile; true when it was sent.
  using Signaller = std::function<bool(long pid)>;
  // Without a signaller the pid is a host pid, signalled through a pidfd.
  // qemu in a container writes its pid in the container's namespace: the
  // runner passes a signaller that kills it there.
  explicit DeadlineKiller(std::filesystem::path pidfile, Signaller signaller = {});
  ~DeadlineKiller();  // stops the thread; never signals after that

  // Arms (or re-arms) the deadline; `reason` is reported by fired().
  void arm(Clock::time_point deadline, const std::string& reason);
  void disarm();
  // Call as soon as the process has ended, before it could be reaped twice.
  void stop();
  // The reason of the deadline that fired, empty when none did.
  std::string fired() const;

 private:
  void loop();
  bool signal_qemu();

  std::filesystem::path pidfile_;
  Signaller signaller_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<Clock::time_point> deadline_;
  std::string reason_;
  std::string fired_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace krun
