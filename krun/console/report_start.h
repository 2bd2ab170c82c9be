#pragma once
// Which console messages open a crash report, and what they say about it.
//
// Each kernel report starts with a recognizable first line ("BUG: KASAN:",
// "WARNING: CPU:", "Kernel panic - not syncing:", ...). The table of those
// families lives in report_families.cc; the CrashDetector only asks
// match_report_start() and follows the flags below.
#include <optional>
#include <string>
#include <string_view>

namespace krun {

struct ReportStart {
  std::string kind;      // "panic", "warning", "kasan", ... (docs/console-parser.md)
  std::string stem;      // title without the function: "KASAN: slab-use-after-free"
  std::string function;  // function the line itself names ("WARNING ... at f+0x"), or ""
  std::string function_module;  // its module ("kasan_test" of "f+0x1/0x2 [kasan_test]"), "" when built in
  std::string fallback;  // title tail when no function is found: " at mm/slub.c"
  bool function_in_title = true;  // "<stem> in <function>"
  bool points_at_code = true;     // false: the report names no culprit (OOM)
  bool takes_access = false;      // a later "Read of size" line adds Read/Write
  // x86/arm print exactly one "... [#N]" line per oops; a report that only
  // announces the fault ("BUG: unable to handle page fault") is continued by
  // it instead of being a second crash.
  bool oops_line = false;     // this line is that "[#N]" line
  bool awaits_oops = false;   // this report is such an announcement
  bool sanitizer = false;     // ends at the closing "=====" rule
  bool ends_itself = false;   // the line is also the report's last (oom kill)
  bool awaits_report = false; // the WARNING/kernel BUG that follows is part of it
  bool once_per_log = false;  // a repeat of its title is not a new report
  bool not_first_in_log = false;  // only counts the second time it is seen
  bool warn_or_bug_line = false;  // "WARNING: ... at file:line" / "kernel BUG at"
  std::string_view skips;  // the family's own helper functions (ReportFamily::skips)
};

// The report that `message` (a line's text after message_text()) opens, if any.
std::optional<ReportStart> match_report_start(std::string_view message);

// Lines that are kept with the report that follows them, when one follows
// within a few lines: "------------[ cut here ]------------", arm's
// "8<--- cut here ---", the "=====" rule opening KASAN and lockdep reports.
bool is_report_preamble(std::string_view message);

// Lines that end the open report and belong to it.
bool is_end_marker(std::string_view message);   // "---[ end trace ... ]---", "---[ end Kernel panic ..."
bool is_rule_line(std::string_view message);    // "=====...=====" (sanitizer reports end with one)

// Makes report text title-ready: drops addresses, hex values and
// "key=0x..." words, collapses spaces, replaces non-printable bytes.
std::string clean_title_text(std::string_view text);

}  // namespace krun
