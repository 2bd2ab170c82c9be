#pragma once
// What makes a commit bad under `krun --bisect --bisect-on WHAT`, so that a
// failure that has nothing to do with the bisected one (a WARNING every
// commit prints, a case that always fails) does not send `git bisect run`
// to the wrong commit. WHAT is one of:
//   boot                     the kernel does not come up
//   SUITE/CASE               that case fails (globs: ltp-syscalls/fork*)
//   a crash title pattern    a crash whose title matches (a glob:
//                            "KASAN: use-after-free in *"); anything with a
//                            space, or without a '/', is taken as a title
//   regressions              the run regresses against --baseline FILE
// `case:` or `crash:` in front forces the reading. Everything else that
// fails is reported but does not decide.
//
// Decision (git bisect run's codes): 1 bad when a named thing fails; else
// 125 (cannot test) when one could not be tested: the boot did not get as
// far as the case, the suite did not run, the run ended before the end (a
// crash title cannot be ruled out then), or the case is flaky over --repeat
// runs (unless flaky counts as bad); else 0 good.
#include <string>
#include <vector>

#include "krun/compare/run_record.h"

namespace krun::compare {

struct BisectTarget {
  enum class Kind { Boot, Case, Crash, Regressions } kind = Kind::Boot;
  std::string pattern;  // the case or title glob
  std::string text;     // as the user wrote it, for messages
};

// Throws kc::Error(Usage) for an empty value.
BisectTarget parse_bisect_target(const std::string& value);

struct BisectInput {
  RunRecord run;                 // this run (all its --repeat boots)
  bool run_complete = false;     // the console reached the run's end (no timeout, crash stop, qemu failure)
  const RunRecord* baseline = nullptr;  // for `regressions`
  bool flaky_is_bad = false;     // --bisect-flaky bad
};

struct BisectVerdict {
  int exit_code = 125;   // 0 good, 1 bad, 125 cannot test
  std::string reason;    // one sentence: which target decided and why
};

// Throws kc::Error(Usage) when `regressions` is asked for without a baseline.
BisectVerdict decide_bisect(const std::vector<BisectTarget>& targets, const BisectInput& in);

// Plain --bisect (no --bisect-on): the run's exit code decides (0 good, 1
// bad, 2 cannot test), except that a run whose only failures are flaky over
// its --repeat boots (no case failed and no crash showed in every boot) is
// cannot-test unless flaky counts as bad.
BisectVerdict decide_plain_bisect(int exit_code, const BisectInput& in);

}  // namespace krun::compare
