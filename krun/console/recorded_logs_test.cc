// The recorded logs and their expectations, read from each log's "#krun-"
// header (named *_test.cc so it is built only into the unit-test binary).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "krun/console/recorded_logs_test.h"
#include "krun/console/report_families.h"

namespace krun::testlogs {

std::string testdata_dir() { return std::string(KPROJECT_SOURCE_DIR) + "/krun/console/testdata"; }

namespace {

std::string read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing testdata " << path;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The "#krun-" lines a recorded log opens with, and where the console starts.
size_t header_end(const std::string& text, std::vector<std::string>* lines = nullptr) {
  size_t at = 0;
  while (text.compare(at, 6, "#krun-") == 0) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size() - 1;
    if (lines) lines->push_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return at;
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t at = 0;
  while (true) {
    size_t next = s.find(sep, at);
    out.push_back(s.substr(at, next == std::string::npos ? std::string::npos : next - at));
    if (next == std::string::npos) return out;
    at = next + sep.size();
  }
}

// "#krun-expect: KIND | TITLE | FUNCTION or - | FIRST-LAST [| truncated] [| panicked]",
// one per crash, or "#krun-expect: nothing"; line numbers are the console's,
// without the header.
RecordedLog parse_expectations(const std::string& file) {
  std::vector<std::string> header;
  header_end(read_file_bytes(testdata_dir() + "/" + file), &header);
  RecordedLog log{file, {}};
  bool stated = false;
  for (const std::string& line : header) {
    if (!line.starts_with("#krun-expect: ")) continue;
    stated = true;
    std::string what = line.substr(14);
    if (what == "nothing") continue;
    auto f = split(what, " | ");
    if (f.size() < 4) {
      ADD_FAILURE() << file << ": bad expectation: " << line;
      continue;
    }
    ExpectedCrash c{f[0], f[1], f[2] == "-" ? "" : f[2], 0, 0};
    auto range = split(f[3], "-");
    c.first_line = std::stoul(range.at(0));
    c.last_line = std::stoul(range.at(1));
    for (size_t i = 4; i < f.size(); ++i) {
      if (f[i] == "truncated") c.truncated = true;
      else if (f[i] == "panicked") c.panicked = true;
      else ADD_FAILURE() << file << ": unknown flag " << f[i];
    }
    log.crashes.push_back(c);
  }
  EXPECT_TRUE(stated) << file << " states no #krun-expect: line (testdata/README.md)";
  return log;
}

}  // namespace

std::string read_testdata(const std::string& file) {
  std::string text = read_file_bytes(testdata_dir() + "/" + file);
  return text.substr(header_end(text));
}

// Every *.log in testdata/, with the crashes its header expects.
const std::vector<RecordedLog>& recorded_logs() {
  static const std::vector<RecordedLog> logs = [] {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(testdata_dir()))
      if (entry.path().extension() == ".log") files.push_back(entry.path().filename().string());
    std::sort(files.begin(), files.end());
    std::vector<RecordedLog> out;
    for (const auto& f : files) out.push_back(parse_expectations(f));
    return out;
  }();
  return logs;
}

// Every family in the table has a recorded log whose crash is of its kind.
TEST(RecordedLogs, EveryFamilyKindHasARecordedLog) {
  std::set<std::string> recorded;
  for (const RecordedLog& log : recorded_logs())
    for (const auto& c : log.crashes) recorded.insert(c.kind);
  for (const ReportFamily& f : report_families())
    if (!f.kind.empty())  // a look-alike row reports nothing
      EXPECT_TRUE(recorded.count(std::string(f.kind))) << "no recorded log of a " << f.kind << " report";
}

TEST(RecordedLogs, TheyAreRead) { EXPECT_GE(recorded_logs().size(), 38u); }

}  // namespace krun::testlogs
