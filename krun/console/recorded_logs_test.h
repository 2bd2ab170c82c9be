#pragma once
// The recorded console logs in krun/console/testdata and what the parser
// must find in each (shared by the detector, parser and `log parse` tests).
#include <cstddef>
#include <string>
#include <vector>

namespace krun::testlogs {

struct ExpectedCrash {
  std::string kind, title, function;
  size_t first_line, last_line;
  bool truncated = false;
  bool panicked = false;
};

struct RecordedLog {
  std::string file;  // under testdata/
  std::vector<ExpectedCrash> crashes;
};

std::string testdata_dir();
std::string read_testdata(const std::string& file);
const std::vector<RecordedLog>& recorded_logs();

}  // namespace krun::testlogs
