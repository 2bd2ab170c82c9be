#include "krun/run/deadline_killer.h"

#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>

namespace krun {

DeadlineKiller::DeadlineKiller(std::filesystem::path pidfile, Signaller signaller)
    : pidfile_(std::move(pidfile)), signaller_(std::move(signaller)), thread_([this] { loop(); }) {}

DeadlineKiller::~DeadlineKiller() { stop(); }

void DeadlineKiller::arm(Clock::time_point deadline, const std::string& reason) {
  std::lock_guard lock(mutex_);
  deadline_ = deadline;
  reason_ = reason;
  wake_.notify_all();
}

void DeadlineKiller::disarm() {
  std::lock_guard lock(mutex_);
  deadline_.reset();
  wake_.notify_all();
}

void DeadlineKiller::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

std::string DeadlineKiller::fired() const {
  std::lock_guard lock(mutex_);
  return fired_;
}

void DeadlineKiller::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (!deadline_) {
      wake_.wait(lock);
      continue;
    }
    if (Clock::now() < *deadline_) {
      wake_.wait_until(lock, *deadline_);
      continue;
    }
    // Deadline passed; the lock is held so stop() cannot return (and the
    // caller cannot reap qemu's pid for reuse) while we signal.
    if (signal_qemu()) {
      fired_ = reason_;
      deadline_.reset();
    } else {
      // qemu has not written its pid yet (or is already gone): retry shortly.
      deadline_ = Clock::now() + std::chrono::milliseconds(200);
    }
  }
}

bool DeadlineKiller::signal_qemu() {
  std::ifstream in(pidfile_);
  long pid = 0;
  if (!(in >> pid) || pid <= 1) return false;
  if (signaller_) return signaller_(pid);
  int fd = static_cast<int>(syscall(SYS_pidfd_open, static_cast<pid_t>(pid), 0));
  if (fd < 0) return false;
  int rc = static_cast<int>(syscall(SYS_pidfd_send_signal, fd, SIGTERM, nullptr, 0));
  close(fd);
  return rc == 0;
}

}  // namespace krun
