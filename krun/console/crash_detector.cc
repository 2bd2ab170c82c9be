#include "krun/console/crash_detector.h"

#include <utility>

#include "krun/console/message_text.h"
#include "krun/console/report_body.h"
#include "krun/console/stack_frames.h"

namespace krun {
namespace {

// A "Kernel panic - not syncing" with one of these reasons is what the
// report before it led to, not a second bug. `after_oops` phrases only count
// when that report was an oops (init or an interrupt handler died in it);
// otherwise "Attempted to kill init!" is init's own crash.
struct ConsequencePhrase { std::string_view text; bool after_oops; };
constexpr ConsequencePhrase kConsequences[] = {
    {"Fatal exception", false}, {"panic_on_warn", false}, {"panic_on_oops", false},
    {"softlockup", false}, {"hardlockup", false}, {"Hard LOCKUP", false},
    {"hung_task", false}, {"RCU Stall", false}, {"System is deadlocked on memory", false},
    {"Out of memory", false}, {"Machine halted", false}, {"KASAN", false},
    {"KFENCE", false}, {"kfence", false}, {"KCSAN", false}, {"KMSAN", false},
    {"UBSAN", false}, {"system warned too often", false}, {"Oopsed too often", false},
    {"panic_on_taint", false}, {"kasan.fault=panic", false}, {"kmsan.panic", false},
    {"kernel stack overflow", false}, {"Kernel stack overflow", false}, {"Corrupt kernel stack", false},
    {"Asynchronous SError Interrupt", false}, {"stack guard hit", false}, {"BUG!", false},
    {"NMI: Not continuing", false}, {"Attempted to kill init", true},
    {"Attempted to kill the idle task", true}, {"Aiee, killing interrupt handler", true},
};

const ConsequencePhrase* consequence(const ReportStart& panic) {
  for (const ConsequencePhrase& c : kConsequences)
    if (panic.stem.find(c.text) != std::string::npos) return &c;
  return nullptr;
}

std::string access_of(std::string_view m) {
  if (m.substr(0, 12) == "Read of size") return "Read";
  if (m.substr(0, 13) == "Write of size") return "Write";
  return "";
}

// The function unless it is a helper, in general or for this report's family.
std::string usable(const std::string& function, std::string_view module, std::string_view family_skips) {
  return is_helper_function(function, module) || (module.empty() && is_family_helper(function, family_skips))
             ? ""
             : function;
}

}  // namespace

CrashDetector::CrashDetector(DetectorLimits limits) : limits_(limits) {}

void CrashDetector::on_line(size_t line_no, std::string_view line) {
  std::string_view message = message_text(line);
  std::optional<ReportStart> start = match_report_start(message);
  if (start && is_repeat_or_first(*start)) start.reset();
  if (preamble_ && line_no > preamble_->lines.front().first + limits_.preamble_lines) preamble_.reset();

  if (open_) {
    Report& r = *open_;
    if (is_end_marker(message) ||
        (r.start.sanitizer && is_rule_line(message) && line_no > r.crash.first_line &&
         r.body_lines > 0)) {
      if (message.find("end Kernel panic") != std::string_view::npos) r.crash.panicked = true;
      keep_line(line_no, line);
      close_report(true);
      return;
    }
    if (start && absorbs(r, *start)) {
      absorb(line_no, line, *start);
      return;
    }
    if (!start) {
      if (is_report_preamble(message)) {
        // Maybe the next report's "cut here"; part of this one only if
        // body lines follow it.
        preamble_ = Preamble{{{line_no, std::string(line)}}};
      } else if (is_report_body(message)) {
        add_body_line(line_no, line, message);
        if (r.body_lines >= limits_.max_report_lines) close_report(true);
        return;
      }
      r.gap.emplace_back(line_no, std::string(line));
      if (r.gap.size() > limits_.max_gap_lines) close_report(true);
      return;
    }
    // An unrelated report starts: this one ended without its end marker
    // (or never has one).
    close_report(true);
  }

  if (!start) {
    if (is_report_preamble(message)) {
      preamble_ = Preamble{{{line_no, std::string(line)}}};
    } else if (preamble_ && preamble_->lines.size() <= limits_.preamble_lines) {
      // "cut here", then the WARN() message, then "WARNING: CPU: ...":
      // the message belongs to the report too.
      preamble_->lines.emplace_back(line_no, std::string(line));
    }
    return;
  }
  if (start->kind == "panic") {
    panicked_ = true;
    if (reopen_for_panic(line_no, *start)) {
      absorb(line_no, line, *start);
      return;
    }
  }
  open_report(line_no, line, std::move(*start));
}

void CrashDetector::open_report(size_t line_no, std::string_view line, ReportStart start) {
  last_closed_.reset();
  open_ = Report{};
  Report& r = *open_;
  r.crash.kind = start.kind;
  r.crash.panicked = (start.kind == "panic");
  r.oops_seen = start.oops_line;
  r.start = std::move(start);
  if (preamble_) {
    r.crash.first_line = preamble_->lines.front().first;
    for (auto& [no, text] : preamble_->lines) keep_line(no, text);
    preamble_.reset();
  } else {
    r.crash.first_line = line_no;
  }
  keep_line(line_no, line);
  if (r.start.ends_itself) close_report(true);
}

bool CrashDetector::is_repeat_or_first(const ReportStart& start) {
  if (!start.once_per_log && !start.not_first_in_log) return false;
  bool first = seen_stems_.insert(start.stem).second;
  return start.not_first_in_log ? first : !first;
}

bool CrashDetector::absorbs(const Report& r, const ReportStart& start) const {
  if (start.oops_line) return r.start.awaits_oops && !r.oops_seen;
  // "list_del corruption..." then its BUG()/WARN(); on arm and mips the
  // WARNING line comes first and the message right after it.
  if (start.warn_or_bug_line && r.start.awaits_report && !r.report_seen) return true;
  if (start.awaits_report && r.start.warn_or_bug_line && r.body_lines == 0) return true;
  if (start.kind == "oom" && start.ends_itself) return r.start.kind == "oom";
  if (start.kind == "panic") {
    const ConsequencePhrase* c = consequence(start);
    return c && (!c->after_oops || r.oops_seen);
  }
  return false;
}

void CrashDetector::absorb(size_t line_no, std::string_view line, const ReportStart& start) {
  Report& r = *open_;
  for (auto& [gap_no, gap_line] : r.gap) keep_line(gap_no, gap_line);
  r.gap.clear();
  keep_line(line_no, line);
  ++r.body_lines;
  if (start.oops_line) r.oops_seen = true;
  if (start.warn_or_bug_line && r.start.awaits_report) {
    r.report_seen = true;
    r.start.awaits_oops = r.start.awaits_oops || start.awaits_oops;  // BUG(): its oops line follows
  }
  if (start.kind == "panic") {
    r.crash.panicked = true;
    panicked_ = true;
  }
  if (start.kind == "oom") {
    r.start.stem = start.stem;
    close_report(true);
    return;
  }
}

bool CrashDetector::reopen_for_panic(size_t line_no, const ReportStart& start) {
  if (!last_closed_ || crashes_.empty()) return false;
  if (line_no > last_closed_->crash.last_line + limits_.panic_join_lines) return false;
  const ConsequencePhrase* c = consequence(start);
  if (!c || (c->after_oops && !last_closed_->oops_seen)) return false;
  open_ = std::move(last_closed_);
  last_closed_.reset();
  crashes_.pop_back();
  // The lines between the report's end and the panic (x86 repeats the
  // registers) are not kept; say so in the excerpt.
  size_t skipped = line_no - open_->crash.last_line - 1;
  if (skipped > 0) {
    open_->crash.excerpt += "[... " + std::to_string(skipped) + " lines ...]\n";
  }
  return true;
}

void CrashDetector::add_body_line(size_t line_no, std::string_view line, std::string_view message) {
  Report& r = *open_;
  for (auto& [gap_no, gap_line] : r.gap) keep_line(gap_no, gap_line);
  r.gap.clear();
  preamble_.reset();  // a "cut here" inside the report was the report's own line
  keep_line(line_no, line);
  ++r.body_lines;
  if (r.ip_function.empty())
    r.ip_function = usable(instruction_pointer_function(message), parse_frame(message).module, r.start.skips);
  if (is_trace_header(message)) {
    r.in_trace = true;
  } else if (r.in_trace && r.trace_function.empty()) {
    r.trace_function = usable(frame_function(message), parse_frame(message).module, r.start.skips);
  }
  if (r.start.takes_access && r.access.empty()) r.access = access_of(message);
}

void CrashDetector::keep_line(size_t line_no, std::string_view line) {
  Report& r = *open_;
  r.crash.last_line = line_no;
  bool fits = r.excerpt_lines < limits_.max_excerpt_lines &&
              r.crash.excerpt.size() + line.size() + 1 <= limits_.max_excerpt_bytes;
  if (!fits) {
    ++r.omitted_lines;
    return;
  }
  r.crash.excerpt.append(line);
  r.crash.excerpt += '\n';
  ++r.excerpt_lines;
}

Crash CrashDetector::finished_crash(const Report& r) const {
  Crash c = r.crash;
  const ReportStart& s = r.start;
  // The line's own function first (WARNING, KASAN), then the faulting
  // instruction, then the first call trace frame that is not a helper.
  c.function = usable(s.function, s.function_module, s.skips);
  if (c.function.empty()) c.function = r.ip_function;
  if (c.function.empty()) c.function = r.trace_function;
  if (!s.points_at_code) c.function.clear();
  c.title = s.stem;
  if (!r.access.empty()) c.title += " " + r.access;
  if (s.function_in_title) c.title += c.function.empty() ? s.fallback : " in " + c.function;
  if (c.title.size() > limits_.max_title_bytes) c.title.resize(limits_.max_title_bytes);
  if (r.omitted_lines > 0)
    c.excerpt += "[... " + std::to_string(r.omitted_lines) + " more lines ...]\n";
  if (!c.excerpt.empty() && c.excerpt.back() == '\n') c.excerpt.pop_back();
  c.frames = report_frames(c.excerpt);
  return c;
}

void CrashDetector::close_report(bool complete) {
  Report& r = *open_;
  r.gap.clear();  // trailing unrelated lines are not part of the report
  r.crash.truncated = !complete;
  if (crashes_.size() < limits_.max_crashes) {
    crashes_.push_back(finished_crash(r));
    last_closed_ = std::move(open_);
  } else {
    ++dropped_;
    last_closed_.reset();
  }
  open_.reset();
}

void CrashDetector::finish() {
  if (!open_) return;
  // After a panic the kernel stops printing: the end of the log is the
  // report's natural end. Any other report was cut off.
  close_report(open_->crash.panicked);
}

}  // namespace krun
