#include "kbuild/progress.h"

#include <fmt/format.h>

#include <cstdio>

#include "common/console.h"

namespace kbuild {

Progress::Mode Progress::choose(bool quiet, bool verbose, bool terminal) {
  if (verbose) return Mode::Verbose;
  if (quiet) return Mode::Quiet;
  return terminal ? Mode::Live : Mode::Plain;
}

void Progress::start_target(const std::string& name) {
  target_ = name;
  started_ = std::chrono::steady_clock::now();
  if (mode_ == Mode::Live) redraw(true);
  else if (mode_ != Mode::Quiet) kc::console::info("building target {}", name);
}

void Progress::output(std::string_view chunk) {
  if (mode_ == Mode::Verbose) {
    std::fwrite(chunk.data(), 1, chunk.size(), stdout);
    std::fflush(stdout);
  }
  // Kbuild prints "  CC      path.o" (and "  CC [M]  ...") per compiled file.
  partial_.append(chunk);
  size_t start = 0, nl;
  while ((nl = partial_.find('\n', start)) != std::string::npos) {
    std::string_view line(partial_.data() + start, nl - start);
    if (line.rfind("  CC ", 0) == 0 || line.rfind("  CC [M] ", 0) == 0) ++files_;
    start = nl + 1;
  }
  partial_.erase(0, start);
  if (mode_ == Mode::Live) redraw(false);
}

void Progress::redraw(bool force) {
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(now - started_).count();
  std::string line = fmt::format("\r\033[K[{}] {:02}:{:02}  {} files compiled", target_, secs / 60, secs % 60, files_);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish_target(Status status, double seconds, const std::string& reason) {
  if (mode_ == Mode::Live && drawn_) {
    std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }
  std::string msg = fmt::format("target {}: {} ({:.1f} s){}", target_, to_string(status), seconds,
                                reason.empty() ? "" : " - " + reason);
  if (status == Status::Fail) kc::console::warn("{}", msg);
  else kc::console::info("{}", msg);
}

void Progress::skip_target(const std::string& name, const std::string& reason) {
  if (mode_ != Mode::Quiet) kc::console::info("target {}: SKIP - {}", name, reason);
}

}  // namespace kbuild
