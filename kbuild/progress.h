#pragma once
// What the user sees while make runs: on a terminal, one line redrawn in
// place ("[kernel] 01:23  412 files compiled"); otherwise (or with -q) only
// plain start/finish lines; with -v the full build output on stdout.
#include <chrono>
#include <string>
#include <string_view>

#include "kbuild/status.h"

namespace kbuild {

class Progress {
 public:
  enum class Mode { Live, Plain, Verbose, Quiet };
  explicit Progress(Mode mode) : mode_(mode) {}
  static Mode choose(bool quiet, bool verbose, bool terminal);

  void start_target(const std::string& name);
  void output(std::string_view chunk);   // make output (counted; echoed in Verbose)
  void finish_target(Status status, double seconds, const std::string& reason);
  void skip_target(const std::string& name, const std::string& reason);
  int files_compiled() const { return files_; }

 private:
  void redraw(bool force);
  Mode mode_;
  std::string target_, partial_;
  int files_ = 0;
  std::chrono::steady_clock::time_point started_, last_draw_;
  bool drawn_ = false;
};

}  // namespace kbuild
