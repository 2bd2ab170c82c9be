#pragma once
// Two line-by-line parsers for suites whose cases are single lines of
// output, each case owning the console lines since the one before it (so a
// crash printed while a case ran lies inside that case's lines):
//  - CaseMarkerParser: krun's own guest scripts (modules, rcutorture,
//    cpupower) judge each case and say so on a line of its own:
//      <<KRUN>> CASE <pass|fail|skip> <name> [reason...]
//  - PerfParser: `perf test` as it prints (" 5: Parse event definition
//    strings : Ok", " 5.1: Test event parsing : FAILED!", " 7: ... : Skip
//    (reason)"), each test a case named as LKFT's test definitions name it
//    (the line before the verdict, non-word runs made "_": "_5_1_Test_event_parsing").
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "krun/suites/outcome.h"

namespace krun::suites {

struct LineCase {
  std::string name;
  Outcome outcome = Outcome::Fail;
  std::string reason;
  size_t first_line = 0, last_line = 0;
};

// What both parsers share: each case owns the console lines since the
// previous one (or since the test's start line).
class LineCaseParser {
 public:
  void start(size_t line_no) { next_first_ = line_no + 1; }
  const std::vector<LineCase>& cases() const { return cases_; }

 protected:
  void add(LineCase c, size_t line_no) {
    c.first_line = next_first_;
    c.last_line = line_no;
    cases_.push_back(std::move(c));
    next_first_ = line_no + 1;
  }

 private:
  std::vector<LineCase> cases_;
  size_t next_first_ = 0;
};

class CaseMarkerParser : public LineCaseParser {
 public:
  void on_line(size_t line_no, std::string_view line);
};

class PerfParser : public LineCaseParser {
 public:
  void on_line(size_t line_no, std::string_view line);
};

// LKFT's perf test names: runs of characters other than [A-Za-z0-9_-] become
// "_", a trailing "_" goes, "_-" becomes "_".
std::string perf_case_name(std::string_view test_line);

}  // namespace krun::suites
