#pragma once
// The kselftest collections an install actually has, read from its
// kselftest-list.txt (run_kselftest.sh's own list, "collection:test" per
// line) inside the archive, for `krun --list-tests`: each by the name
// --tests takes (kselftest-<collection>) and by TuxRun's (kselftest-<a>-<b>
// for a nested collection a/b, which --tests takes too).
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace krun::suites {

struct KselftestCollection {
  std::string collection;    // "net/forwarding"
  std::string tuxrun_name;   // "kselftest-net-forwarding"
  size_t tests = 0;
};

// In the order of the list. Throws kc::Error(Usage) naming the archive
// when it has no kselftest-list.txt.
std::vector<KselftestCollection> kselftest_collections(const std::filesystem::path& archive);
std::vector<KselftestCollection> parse_kselftest_list(const std::string& list);

}  // namespace krun::suites
