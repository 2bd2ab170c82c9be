#pragma once
// kbuild's exit code from how the build went: README's "Exit codes" table as
// one pure function, in the order the causes are judged (the first that
// applies decides), and what the line kbuild prints for it says.
//   interrupted by a signal          128 + signal (also under --bisect)
//   metadata.json could not be kept   3  (--bisect: 125)
//   a usage failure found late        1  (--bisect: 128, bisect run stops)
//   a pre-build hook failed           2  (--bisect: 125)
//   a target failed                   2  (--bisect: 125)
//   a post-build hook failed          2  (--bisect: 125)
//   a results hook failed             2  (--bisect: the hook's own code, so krun's 1 marks the commit bad)
//   the KCIDB submission failed       3  (--bisect: 125)
//   otherwise                         0
namespace kbuild {

struct BuildSummary {
  int interrupted_signal = 0;
  bool metadata_stale = false;
  bool usage_failure = false;
  bool pre_hook_failed = false;
  bool target_failed = false;
  bool post_hook_failed = false;
  bool results_hook_failed = false;
  int results_hook_exit_code = 0;
  bool kcidb_failed = false;
};

int build_exit_code(const BuildSummary& summary, bool bisect);

}  // namespace kbuild
