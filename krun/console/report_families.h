#pragma once
// The kernel's report families as one table: each row is the first line of
// one kind of report (a regular expression over the printk message, anchored
// at its start), how its title is formed and how the report goes on.
// Adding a family is one row in report_families.cc plus one recorded log in
// krun/console/testdata that names its expected title (testdata/README.md).
#include <cstddef>
#include <span>
#include <string_view>

namespace krun {

enum FamilyFlag : unsigned {
  kNoFunctionInTitle = 1u << 0,  // the title is complete without " in FUNCTION"
  kNoCulprit = 1u << 1,          // the report names no code to blame (OOM)
  kTakesAccess = 1u << 2,        // a later "Read of size"/"Write of size" line adds Read/Write
  kOopsLine = 1u << 3,           // this is the one "... [#N]" line of an oops
  kAwaitsOops = 1u << 4,         // an announcement that the "[#N]" oops line continues
  kSanitizer = 1u << 5,          // ends at the closing "=====" rule
  kEndsItself = 1u << 6,         // the line is also the report's last
  // A message the kernel prints before (or, on arm and mips, after) the
  // WARN() or BUG() that reports it ("list_del corruption...", "usercopy:
  // ..."): that WARNING/kernel BUG line and its oops belong to this report.
  kAwaitsReport = 1u << 7,
  kOncePerLog = 1u << 8,         // repeats of the same title are the same report
  kNotFirstInLog = 1u << 9,      // only a second occurrence is a report (a reboot's banner)
  kWarnOrBugLine = 1u << 10,     // a "WARNING: ... at file:line" or "kernel BUG at" line
};

struct ReportFamily {
  // results.json crash kind (docs/console-parser.md); "" for a line that
  // looks like a report but is not (it wins over the generic rows below it).
  std::string_view kind;
  std::string_view pattern;  // RE2, matched at the start of the message
  // The title without its function: literal text with {N} for capture N made
  // title-ready (no addresses or numbers) and {file:N} for the source file
  // of a "file.c:123" capture.
  std::string_view title;
  // The title when every capture it uses is empty ("" keeps `title`).
  std::string_view bare_title = "";
  // The capture naming the function to blame ("f+0x1c/0x40", "f()" or a
  // plain identifier); 0: the function comes from the report's body (the
  // faulting instruction, then the first call trace frame).
  int function_from = 0;
  // Appended instead of " in FUNCTION" when no function is found (" at {file:1}").
  std::string_view fallback = "";
  unsigned flags = 0;
  // For a pattern that may start with any text ("TASK invoked oom-killer:"):
  // a literal every match has within its first kLiteralWithin bytes. The
  // row is tried only on lines that have it there, so that the other lines
  // are not scanned to their end.
  std::string_view contains = "";
  // Functions that report this family's bugs for their caller, besides the
  // common helpers (helper_functions.cc): space-separated names, a trailing
  // '*' for a prefix. "__list_del_entry_valid" found a corrupted list and is
  // skipped in a list corruption report, but a page fault inside it is its own.
  std::string_view skips = "";
};

// Where a row's `contains` literal must be (a task name is at most 15 bytes).
constexpr size_t kLiteralWithin = 64;

// Every family, most specific first: the first row that matches wins.
std::span<const ReportFamily> report_families();

}  // namespace krun
