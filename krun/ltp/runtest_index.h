#pragma once
// Which parts of an LTP source tree a set of runtest files needs, so that
// krun builds LTP's library and only the test folders those files call
// instead of all of LTP (an hour on two cores for what ltp-smoke runs in a
// minute).
//
// A runtest line is "<tag> <command...>": the command names programs LTP
// installs into testcases/bin, each built from <name>.c or installed as
// <name>.sh in some folder under testcases/ that has a Makefile. Every word
// of the command is looked up (pipes and shell words included: the ones
// that are not LTP programs, like `echo`, find nothing), also without a
// `_NN` suffix (fcntl34_64 is built from fcntl34.c by its folder's Makefile).
// A shell test needs the folders of the libraries it sources as well
// (`. ipsec_lib.sh`), and those of what they source in turn.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace krun::ltp {

struct RuntestEntry {
  std::string tag;      // the test's name in results
  std::string command;  // what runs, through sh -c
};

// Lines that are empty or start with '#' are skipped; CR line ends allowed.
std::vector<RuntestEntry> parse_runtest(std::string_view text);

// The folders a set of entries needs, relative to the source root
// ("testcases/kernel/syscalls/fork"), sorted; and the tags none of whose
// words names a program of the tree.
struct NeededFolders {
  std::vector<std::string> folders;
  std::vector<std::string> unresolved;
};

class TestcaseIndex {
 public:
  // Reads testcases/ under `source_root` (open_posix_testsuite and realtime,
  // which LTP's own build skips, and testcases/lib, always built, left out).
  static TestcaseIndex scan(const std::filesystem::path& source_root);
  // For unit tests: program name → folders, shell program → the shell
  // files it sources (by file name).
  explicit TestcaseIndex(std::map<std::string, std::set<std::string>> programs,
                         std::map<std::string, std::set<std::string>> sources = {})
      : programs_(std::move(programs)), sources_(std::move(sources)) {}

  NeededFolders folders_for(const std::vector<RuntestEntry>& entries) const;

 private:
  void add_folders_of(const std::string& name, std::set<std::string>& folders, std::set<std::string>& seen) const;

  std::map<std::string, std::set<std::string>> programs_;
  std::map<std::string, std::set<std::string>> sources_;
};

// The shell files a script sources by a plain file name (". tst_net.sh",
// "source virt_lib.sh"); names built from variables are left out.
std::set<std::string> sourced_files(std::string_view script);

// The runtest files an LTP tree has (names under runtest/), sorted.
std::vector<std::string> runtest_names(const std::filesystem::path& source_root);

}  // namespace krun::ltp
