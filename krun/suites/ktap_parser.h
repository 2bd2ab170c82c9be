#pragma once
// Streaming parser for KTAP v1 and TAP 13/14 as kunit and kselftest print
// them on a kernel console, written as an explicit state machine over lines.
//
// Nesting is a stack of frames. A frame is one (sub)test list and owns a line
// prefix: "" at the top, four more spaces for each kunit level, or "# " for a
// kselftest program's own TAP inside run_kselftest.sh's TAP. A deeper TAP
// line (version, `# Subtest:`, plan or result) opens a frame; a result line at
// a shallower level closes the frames above it and gives the subtest its
// result. Anything else — other kernel messages, user output, diagnostics —
// never changes the stack, so interleaved lines are harmless.
//
// A test that started but never got a result line (the kernel crashed, the
// run timed out) is reported as `fail` with the reason given to finish().
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "krun/suites/outcome.h"

namespace krun::suites {

struct KtapTest {
  std::string name;                 // description from the result line or `# Subtest:`
  int number = 0;                   // 0 when the result line had none
  Outcome outcome = Outcome::Fail;
  std::string directive;            // "SKIP", "TODO", "XFAIL", "TIMEOUT", "ERROR" or empty
  std::string reason;               // directive text, or why the parser failed it
  size_t first_line = 0, last_line = 0;  // console line range of this test's output
  std::optional<double> start_time, end_time;  // kernel timestamps of those lines
  std::vector<KtapTest> subtests;

  std::optional<double> duration() const;
};

class KtapParser {
 public:
  KtapParser();
  void on_line(size_t line_no, std::string_view line);
  // Ends the stream: tests still open fail with `reason` ("crashed", or
  // "timed out" when the caller knows the run was killed for its timeout).
  void finish(std::string_view reason = "crashed");

  // Top-level tests of every KTAP document seen (kunit modules print one
  // document each; run_kselftest.sh prints one per run).
  const std::vector<KtapTest>& tests() const;
  // Problems that are not a single test's result (plan not met at the top).
  const std::vector<std::string>& problems() const { return problems_; }
  bool saw_any() const { return saw_tap_; }

 private:
  struct Frame {
    std::string prefix;
    KtapTest node;
    std::optional<int> plan;
    bool plan_skip = false;
    std::string plan_reason;
    bool started = false;           // has a version, subtest header, plan or result
    size_t next_first_line = 0;     // where the next subtest's output begins
    std::optional<double> next_start_time;
    std::string running;            // "selftests: c: t" announced and not yet ended
  };

  void handle_at(size_t depth, std::string_view text, size_t line_no, std::optional<double> ts);
  void open_frame(const std::string& prefix, size_t line_no, std::optional<double> ts);
  void close_unfinished_above(size_t depth, std::string_view reason, size_t line_no);
  void check_plan(const Frame& f, KtapTest& node) const;
  void start_document(size_t line_no, std::optional<double> ts);
  void flush_running(Frame& f, std::string_view reason);
  void check_root_plan();

  std::vector<Frame> stack_;
  std::vector<std::string> problems_;
  size_t document_first_ = 0;  // index in the root of the current document's first test
  size_t last_line_ = 0;
  std::optional<double> last_time_;
  bool saw_tap_ = false;
  bool finished_ = false;
};

}  // namespace krun::suites
