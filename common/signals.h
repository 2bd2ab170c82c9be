#pragma once
// SIGINT/SIGTERM handling shared by both tools. The handler only records the
// signal (and wakes anything polling wake_fd()); the running code notices,
// stops its children (see process.h), cleans up (containers, temp files) and
// returns normally so that destructors and final metadata writes still run.
#include <string_view>

namespace kc::signals {

// Installs the handlers once; safe to call more than once.
void install();
// 0 when no signal arrived, else the first signal number received.
int received();
// A file descriptor that becomes readable when a signal arrives (self-pipe),
// for poll() loops. -1 before install().
int wake_fd();
// Between the stages of long work that has no child process to stop (a
// rootfs or LTP build, unpacking packages): throws Error(Incomplete)
// "interrupted by SIGINT while <during>" once a signal has arrived, so the
// caller's cleanup runs now rather than at the end of the work.
void stop_if_received(std::string_view during);
// For tests: forget a received signal.
void reset();

}  // namespace kc::signals
