#pragma once
// SIGINT/SIGTERM handling shared by both tools. The handler only records the
// signal (and wakes anything polling wake_fd()); the running code notices,
// stops its children (see process.h), cleans up (containers, temp files) and
// returns normally so that destructors and final metadata writes still run.
namespace kc::signals {

// Installs the handlers once; safe to call more than once.
void install();
// 0 when no signal arrived, else the first signal number received.
int received();
// A file descriptor that becomes readable when a signal arrives (self-pipe),
// for poll() loops. -1 before install().
int wake_fd();
// For tests: forget a received signal.
void reset();

}  // namespace kc::signals
