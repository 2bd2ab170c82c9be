#include "common/signals.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <fmt/format.h>

#include <atomic>
#include <cstring>
#include <string>

#include "common/errors.h"

namespace kc::signals {

namespace {
std::atomic<int> g_received{0};
int g_pipe[2] = {-1, -1};

void on_signal(int sig) {
  int expected = 0;
  g_received.compare_exchange_strong(expected, sig);
  if (g_pipe[1] >= 0) {
    char c = static_cast<char>(sig);
    [[maybe_unused]] ssize_t n = ::write(g_pipe[1], &c, 1);
  }
}
std::string name(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? fmt::format("SIG{}", abbrev) : fmt::format("signal {}", sig);
}

}  // namespace

void install() {
  static std::atomic<bool> done{false};
  if (done.exchange(true)) return;
  if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGHUP, &sa, nullptr);
  // Writes to a child's closed stdin or a closed console pipe must be errors,
  // not a silent death that skips cleanup.
  signal(SIGPIPE, SIG_IGN);
}

int received() { return g_received.load(); }

void stop_if_received(std::string_view during) {
  if (int sig = received())
    throw Error(ErrorKind::Incomplete, fmt::format("interrupted by {} while {}", name(sig), during));
}
int wake_fd() { return g_pipe[0]; }

void reset() {
  g_received = 0;
  if (g_pipe[0] >= 0) {
    char buf[64];
    while (::read(g_pipe[0], buf, sizeof buf) > 0) {
    }
  }
}

}  // namespace kc::signals
