#include "common/process.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <limits>
#include <fmt/format.h>

#include "common/signals.h"

extern char** environ;

namespace kc {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Pipe {
  int fd[2] = {-1, -1};
  bool open() { return ::pipe2(fd, O_CLOEXEC) == 0; }
  void close_read() { if (fd[0] >= 0) ::close(fd[0]), fd[0] = -1; }
  void close_write() { if (fd[1] >= 0) ::close(fd[1]), fd[1] = -1; }
  ~Pipe() { close_read(); close_write(); }
};

std::vector<std::string> build_environment(const ProcessOptions& o) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    std::string_view key = entry.substr(0, entry.find('='));
    bool drop = o.env.count(std::string(key)) > 0;
    for (const auto& u : o.unset_env) drop = drop || key == u;
    if (!drop) env.emplace_back(entry);
  }
  for (const auto& [k, v] : o.env) env.push_back(k + "=" + v);
  return env;
}

// In the child, after fork: never returns. Reports exec failure's errno
// through `err_fd` so the parent can tell "not found" from "exited 127".
[[noreturn]] void exec_child(const ProcessOptions& o, int out_fd, int err_fd_stream, int in_fd,
                             int report_fd, char** argv, char** envp, pid_t parent) {
  setpgid(0, 0);
  // The child is stopped with the tool, even when the tool is SIGKILLed or
  // crashes and cannot stop it (a qemu busy-looping for hours otherwise).
  // SIGTERM, not SIGKILL: when the child is itself one of our tools (kbuild
  // under a test harness, krun under kbuild's results hook), it still
  // removes its container and reaps its own children; qemu, podman, make
  // and mmdebstrap all end on SIGTERM. Kept across execve; checked against
  // the parent having died already.
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) _exit(127);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGQUIT}) signal(s, SIG_DFL);
  dup2(in_fd, STDIN_FILENO);
  dup2(out_fd, STDOUT_FILENO);
  dup2(err_fd_stream, STDERR_FILENO);
  // Nothing but stdin/out/err reaches the program: descriptors this process
  // inherited (a lock held by flock(1), git's pipes) would otherwise pile up
  // down a chain of tools, and some programs cannot cope with high numbers
  // (mmdebstrap hands apt `cat >&11`, which dash refuses: "Bad fd number").
  // Close-on-exec rather than closed, so the exec-failure report still works.
  if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
    long max = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (max > 0 && max < 65536 ? max : 65536); ++fd) fcntl(fd, F_SETFD, FD_CLOEXEC);
  }
  if (!o.cwd.empty() && chdir(o.cwd.c_str()) != 0) {
    int e = errno;
    [[maybe_unused]] ssize_t n = write(report_fd, &e, sizeof e);
    _exit(127);
  }
  environ = envp;
  execvp(argv[0], argv);
  int e = errno;
  [[maybe_unused]] ssize_t n = write(report_fd, &e, sizeof e);
  _exit(127);
}

void kill_group(pid_t pgid, int sig) {
  if (pgid > 0) ::kill(-pgid, sig);
}

// Sends `first` to the group, waits up to `grace` for the leader to exit,
// then SIGKILLs the group. Returns the wait status.
int terminate_and_reap(pid_t pid, int first, std::chrono::milliseconds grace) {
  int status = 0;
  kill_group(pid, first);
  auto deadline = Clock::now() + grace;
  while (Clock::now() < deadline) {
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      kill_group(pid, SIGKILL);  // stragglers left in the group
      return status;
    }
    if (r < 0 && errno != EINTR) return status;
    usleep(20 * 1000);
  }
  kill_group(pid, SIGKILL);
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

std::string ProcessResult::describe() const {
  if (spawn_failed) return err.empty() ? "could not be started" : err;
  if (interrupted) return "was interrupted";
  if (timed_out) return fmt::format("timed out after {:.0f} s", seconds);
  if (idle_timed_out) return fmt::format("printed nothing for too long (stopped after {:.0f} s)", seconds);
  if (stopped) return "was stopped";
  if (term_signal) return fmt::format("was killed by signal {} ({})", term_signal, strsignal(term_signal));
  return fmt::format("exited with {}", exit_code);
}

fs::path find_program(std::string_view program) {
  if (program.find('/') != std::string_view::npos)
    return access(std::string(program).c_str(), X_OK) == 0 ? fs::path(program) : fs::path();
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    size_t colon = dirs.find(':');
    std::string_view dir = dirs.substr(0, colon);
    fs::path candidate = fs::path(dir.empty() ? "." : std::string(dir)) / std::string(program);
    if (access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate)) return candidate;
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return {};
}

std::string shell_quote(const std::string& word) {
  bool plain = !word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                       "0123456789-_./=:,+@%") == std::string::npos;
  if (plain) return word;
  std::string q = "'";
  for (char c : word) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string quote_command(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + shell_quote(a);
  return out;
}

ProcessResult run_process(const ProcessOptions& o) {
  ProcessResult result;
  auto start = Clock::now();
  if (o.argv.empty()) {
    result.spawn_failed = true;
    result.err = "empty command";
    return result;
  }

  Pipe out, err, in, report;
  if (!out.open() || !err.open() || !in.open() || !report.open()) {
    result.spawn_failed = true;
    result.err = std::string("cannot create pipes: ") + std::strerror(errno);
    return result;
  }
  std::vector<std::string> env = build_environment(o);
  std::vector<char*> argv, envp;
  for (const auto& a : o.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    result.spawn_failed = true;
    result.err = std::string("fork failed: ") + std::strerror(errno);
    return result;
  }
  if (pid == 0)
    exec_child(o, out.fd[1], o.merge_stderr ? out.fd[1] : err.fd[1], in.fd[0], report.fd[1],
               argv.data(), envp.data(), parent);
  setpgid(pid, pid);  // also done in the child; whichever runs first wins the race
  out.close_write();
  err.close_write();
  in.close_read();
  report.close_write();
  if (o.merge_stderr) err.close_read();

  int exec_errno = 0;
  if (::read(report.fd[0], &exec_errno, sizeof exec_errno) == sizeof exec_errno) {
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.spawn_failed = true;
    result.err = fmt::format("cannot run {}: {}", o.argv[0], std::strerror(exec_errno));
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return result;
  }

  std::string_view to_write = o.stdin_data ? std::string_view(*o.stdin_data) : std::string_view();
  if (!o.stdin_data) in.close_write();
  else fcntl(in.fd[1], F_SETFL, O_NONBLOCK);

  auto deadline = o.timeout.count() > 0 ? start + o.timeout : Clock::time_point::max();
  auto last_output = start;
  int stop_signal = 0;  // set when we decide to end the child
  std::vector<char> buf(1 << 16);
  bool exited = false;
  int status = 0;

  while (true) {
    struct pollfd fds[4];
    int n = 0;
    int out_i = -1, err_i = -1, in_i = -1, sig_i = -1;
    if (out.fd[0] >= 0) { out_i = n; fds[n++] = {out.fd[0], POLLIN, 0}; }
    if (err.fd[0] >= 0) { err_i = n; fds[n++] = {err.fd[0], POLLIN, 0}; }
    if (in.fd[1] >= 0) { in_i = n; fds[n++] = {in.fd[1], POLLOUT, 0}; }
    if (!o.ignore_interrupts && signals::wake_fd() >= 0) { sig_i = n; fds[n++] = {signals::wake_fd(), POLLIN, 0}; }
    bool streams_open = out_i >= 0 || err_i >= 0;
    if (!streams_open) break;

    auto now = Clock::now();
    if (!o.ignore_interrupts && signals::received()) { result.interrupted = true; stop_signal = signals::received(); break; }
    if (now >= deadline) { result.timed_out = true; stop_signal = SIGTERM; break; }
    if (o.idle_timeout.count() > 0 && now - last_output >= o.idle_timeout) {
      result.idle_timed_out = true; stop_signal = SIGTERM; break;
    }
    // Wake at least every 100 ms to notice the leader exiting while a
    // grandchild keeps the pipes open.
    auto wait = std::chrono::milliseconds(100);
    if (deadline != Clock::time_point::max())
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) + std::chrono::milliseconds(1));
    int r = poll(fds, static_cast<nfds_t>(n), static_cast<int>(wait.count()));
    if (r < 0 && errno != EINTR) break;

    if (sig_i >= 0 && (fds[sig_i].revents & POLLIN)) continue;  // loop top records it
    auto pump = [&](int idx, Pipe& p, const OutputCallback& cb, std::string& sink) {
      if (idx < 0 || !(fds[idx].revents & (POLLIN | POLLHUP | POLLERR))) return;
      ssize_t got = ::read(p.fd[0], buf.data(), buf.size());
      if (got > 0) {
        last_output = Clock::now();
        std::string_view chunk(buf.data(), static_cast<size_t>(got));
        if (cb) {
          if (!cb(chunk) && !stop_signal) { result.stopped = true; stop_signal = SIGTERM; }
        } else {
          sink.append(chunk);
        }
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        p.close_read();
      }
    };
    pump(out_i, out, o.on_stdout, result.out);
    pump(err_i, err, o.on_stderr, result.err);
    if (stop_signal) break;
    if (in_i >= 0 && (fds[in_i].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t w = ::write(in.fd[1], to_write.data(), to_write.size());
      if (w > 0) to_write.remove_prefix(static_cast<size_t>(w));
      if (w < 0 && errno != EAGAIN && errno != EINTR) to_write = {};
      if (to_write.empty()) in.close_write();
    }
    if (!exited && waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      // Give the pipes a moment to drain, then stop waiting for grandchildren.
      deadline = std::min(deadline, Clock::now() + std::chrono::milliseconds(500));
      if (out.fd[0] < 0 && err.fd[0] < 0) break;
    }
    if (exited && Clock::now() >= deadline) break;
  }

  if (!exited) {
    if (stop_signal) {
      status = terminate_and_reap(pid, stop_signal, o.kill_grace);
    } else {
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }
  kill_group(pid, SIGKILL);  // nothing of ours may outlive the call
  if (exited) result.timed_out = false;  // a late drain deadline is not a timeout

  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

std::optional<pid_t> owner_pid_in_name(const std::string& name, const std::string& prefix) {
  if (!name.starts_with(prefix + "-")) return std::nullopt;
  std::string_view rest = std::string_view(name).substr(prefix.size() + 1);
  size_t dash = rest.find('-');
  if (dash == std::string_view::npos || dash == 0) return std::nullopt;
  long long pid = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + dash, pid);
  if (ec != std::errc() || end != rest.data() + dash || pid <= 0 || pid > std::numeric_limits<pid_t>::max())
    return std::nullopt;
  return static_cast<pid_t>(pid);
}

}  // namespace kc
