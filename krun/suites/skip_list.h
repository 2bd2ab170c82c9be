#pragma once
// Skip lists name test cases whose result is forced to `skip` (known broken,
// known to hang). Accepted forms, one entry per line ('#' starts a comment):
//   posix_timers                   a case name in any suite
//   kselftest-timers/posix_timers  suite/case
//   timers:posix_timers            kselftest's own collection:test notation
//   ltp-syscalls/fork*             shell-style globs in any of the above
// A YAML file with `skiplist: [{tests: [...]}, ...]` (LKFT's layout) works too.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace krun::suites {

// Shell-style glob match (fnmatch, no flags: '*' also matches '/'), the
// rule skip lists and `--bisect-on` patterns share.
bool glob_match(const std::string& pattern, const std::string& text);

class SkipList {
 public:
  static SkipList parse(std::string_view text);
  // `location` is a path or URL (downloaded into cache_dir). Throws kc::Error.
  static SkipList load(const std::string& location, const std::filesystem::path& cache_dir);

  bool matches(std::string_view suite, std::string_view test_case) const;
  const std::vector<std::string>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<std::string> entries_;
};

}  // namespace krun::suites
