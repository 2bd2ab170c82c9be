#pragma once
// Finds kernel crash reports in console lines, as a small state machine:
//
//   Idle ──start line──▶ InReport ──end marker / new report / silence──▶ Idle
//
// Idle watches for a line that opens a report (report_start.h), remembering a
// "cut here" or "=====" preamble for a few lines. InReport collects the
// report's body lines (indented lines, register dumps, call traces, known
// section headers) and tolerates a few interleaved unrelated lines; it ends
// at the report's end marker ("---[ end trace", the closing "=====", an OOM
// kill line), at the start of an unrelated report, after max_gap_lines lines
// that are not part of it, or at max_report_lines. Lines that continue the
// same report are absorbed instead of starting another crash: the
// "Oops: ... [#1]" line after "BUG: kernel NULL pointer dereference", the
// "invalid opcode" after "kernel BUG at", and a "Kernel panic - not syncing"
// that is the consequence of the report ("Fatal exception", "panic_on_warn",
// "softlockup: hung tasks", ...): that panic extends the report it follows
// (kind unchanged, `panicked` set) rather than adding a second crash. A panic
// with its own reason ("No working init found", "sysrq triggered crash") is
// its own `panic` crash.
//
// Memory is bounded: excerpts, the crash list and every buffer have limits.
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "krun/console/crash.h"
#include "krun/console/report_start.h"

namespace krun {

struct DetectorLimits {
  size_t max_crashes = 200;          // later crashes are only counted
  size_t max_excerpt_lines = 150;    // per crash; the rest is summarized
  size_t max_excerpt_bytes = 16 * 1024;
  size_t max_report_lines = 2000;    // a report never runs longer
  size_t max_gap_lines = 8;          // unrelated lines tolerated inside a report
  size_t preamble_lines = 3;         // how far a "cut here" looks ahead
  size_t panic_join_lines = 60;      // a consequence panic this close joins the report
  size_t max_title_bytes = 200;
};

class CrashDetector {
 public:
  explicit CrashDetector(DetectorLimits limits = {});

  void on_line(size_t line_no, std::string_view line);
  // End of the log: a report still open is closed (and flagged truncated
  // unless it ended in a panic, after which the kernel prints nothing).
  void finish();

  const std::vector<Crash>& crashes() const { return crashes_; }
  bool panicked() const { return panicked_; }
  // Crashes beyond max_crashes: found, counted, not kept.
  size_t crashes_dropped() const { return dropped_; }

 private:
  struct Report {
    ReportStart start;
    Crash crash;
    size_t excerpt_lines = 0;
    size_t omitted_lines = 0;
    size_t body_lines = 0;
    std::vector<std::pair<size_t, std::string>> gap;  // unrelated lines not yet kept
    bool oops_seen = false;
    bool report_seen = false;    // the WARNING/kernel BUG an awaits_report start announced
    bool in_trace = false;
    std::string ip_function;     // from the first RIP:/pc :/PC is at line
    std::string trace_function;  // first non-helper call trace frame
    std::string access;          // KASAN "Read"/"Write"
  };
  // A "cut here" line and the few lines after it, until a report starts.
  struct Preamble { std::vector<std::pair<size_t, std::string>> lines; };

  void open_report(size_t line_no, std::string_view line, ReportStart start);
  bool absorbs(const Report& r, const ReportStart& start) const;
  void absorb(size_t line_no, std::string_view line, const ReportStart& start);
  void add_body_line(size_t line_no, std::string_view line, std::string_view message);
  void keep_line(size_t line_no, std::string_view line);
  void close_report(bool complete);
  bool reopen_for_panic(size_t line_no, const ReportStart& start);
  // Whether a start is not a new report after all: a repeat of a
  // once-per-log title, or the first of a not-first-in-log one.
  bool is_repeat_or_first(const ReportStart& start);
  Crash finished_crash(const Report& r) const;

  DetectorLimits limits_;
  std::optional<Report> open_;         // InReport when set, Idle otherwise
  std::optional<Report> last_closed_;  // a consequence panic may reopen it
  std::optional<Preamble> preamble_;
  std::vector<Crash> crashes_;
  std::set<std::string> seen_stems_;  // once_per_log and not_first_in_log titles met so far
  size_t dropped_ = 0;
  bool panicked_ = false;
};

}  // namespace krun
