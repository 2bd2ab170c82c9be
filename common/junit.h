#pragma once
// JUnit XML reports, the format every CI system (GitLab, Jenkins, GitHub
// Actions via test-reporter actions) renders natively: one <testsuite> per
// group (a kbuild build, a krun suite) holding one <testcase> per target or
// test. Generic on purpose: callers map their own results onto JunitCase.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kc::junit {

enum class Outcome { Pass, Fail, Error, Skip };

struct Case {
  std::string name;
  std::string classname;   // empty: the suite's name
  Outcome outcome = Outcome::Pass;
  double seconds = 0;
  std::string message;     // short reason for fail/error/skip (an attribute)
  std::string details;     // longer text (log excerpt) inside the element
  std::string system_out;  // optional <system-out>
};

struct Suite {
  std::string name;
  double seconds = 0;      // < 0: the sum of the cases' durations
  std::vector<Case> cases;
};

// Text safe inside an XML attribute or element: &<>"' escaped, characters
// XML 1.0 forbids (most C0 controls, invalid UTF-8 bytes) replaced by '?'
// so a console excerpt full of escape sequences still gives a valid file.
std::string escape(std::string_view text);

// The whole document: <?xml?><testsuites tests= failures= errors= skipped= time=>.
std::string to_xml(const std::vector<Suite>& suites);

// to_xml() written atomically (kc::write_file_atomic).
void write(const std::filesystem::path& path, const std::vector<Suite>& suites);

// "pass"/"fail"/"error"/"skip" (also TuxRun's "unknown" → Error, "skip" →
// Skip), for callers whose results are strings. Unknown words → Error.
Outcome outcome_from_result(std::string_view result);

}  // namespace kc::junit
