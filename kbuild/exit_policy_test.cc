#include "kbuild/exit_policy.h"

#include <gtest/gtest.h>

namespace kbuild {
namespace {

// README's "Exit codes" table for kbuild, row by row, plain and --bisect.
TEST(ExitPolicy, TheReadmesTable) {
  struct Row { BuildSummary s; int plain, bisect; };
  BuildSummary ok;
  BuildSummary target = ok;
  target.target_failed = true;
  BuildSummary pre = ok;
  pre.pre_hook_failed = true;
  BuildSummary post = ok;
  post.post_hook_failed = true;
  BuildSummary usage = ok;
  usage.usage_failure = true;
  BuildSummary kcidb = ok;
  kcidb.kcidb_failed = true;
  BuildSummary stale = ok;
  stale.metadata_stale = true;
  BuildSummary bad = ok;
  bad.results_hook_failed = true;
  bad.results_hook_exit_code = 1;  // krun --bisect: bad
  BuildSummary skip = bad;
  skip.results_hook_exit_code = 125;
  BuildSummary interrupted = target;
  interrupted.interrupted_signal = 15;
  for (const Row& r : std::vector<Row>{{ok, 0, 0}, {target, 2, 125}, {pre, 2, 125}, {post, 2, 125},
                                       {usage, 1, 128}, {kcidb, 3, 125}, {stale, 3, 125}, {bad, 2, 1},
                                       {skip, 2, 125}, {interrupted, 143, 143}}) {
    EXPECT_EQ(build_exit_code(r.s, false), r.plain);
    EXPECT_EQ(build_exit_code(r.s, true), r.bisect);
  }
}

// The first cause decides: a usage failure beats a failed target, a failed
// target beats a results hook that never ran.
TEST(ExitPolicy, TheFirstCauseDecides) {
  BuildSummary s;
  s.usage_failure = true;
  s.target_failed = true;
  EXPECT_EQ(build_exit_code(s, false), 1);
  s.usage_failure = false;
  s.results_hook_failed = true;
  s.results_hook_exit_code = 1;
  EXPECT_EQ(build_exit_code(s, true), 125);
}

}  // namespace
}  // namespace kbuild
