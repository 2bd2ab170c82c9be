#include "kbuild/exit_policy.h"

namespace kbuild {

int build_exit_code(const BuildSummary& s, bool bisect) {
  // Under --bisect a build that cannot tell good from bad is "cannot test".
  auto plain = [&](int code) { return bisect ? (code == 0 ? 0 : 125) : code; };
  if (s.interrupted_signal) return 128 + s.interrupted_signal;
  if (s.metadata_stale) return plain(3);
  // Like every usage error: under --bisect it says nothing about the commit.
  if (s.usage_failure) return bisect ? 128 : 1;
  if (s.pre_hook_failed || s.target_failed || s.post_hook_failed) return plain(2);
  // With --bisect the results hook decides good/bad/skip (krun's own
  // --bisect codes); without it, a hook failure is exit 2.
  if (s.results_hook_failed) return bisect ? s.results_hook_exit_code : 2;
  if (s.kcidb_failed) return plain(3);
  return 0;
}

}  // namespace kbuild
