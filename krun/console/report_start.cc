#include "krun/console/report_start.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>

#include "krun/console/stack_frames.h"

namespace krun {
namespace {

bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

bool icontains(std::string_view s, std::string_view p) {
  auto it = std::search(s.begin(), s.end(), p.begin(), p.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != s.end();
}

std::string_view strip_prefix(std::string_view s, std::string_view p) {
  return s.starts_with(p) ? s.substr(p.size()) : s;
}

// s up to the first of the delimiters.
std::string_view cut_at(std::string_view s, std::initializer_list<std::string_view> delims) {
  size_t end = s.size();
  for (std::string_view d : delims) end = std::min(end, s.find(d));
  return s.substr(0, end);
}

// "mm/slub.c:123!" / "lib/foo.c:12:3" -> "mm/slub.c" / "lib/foo.c".
std::string source_file(std::string_view location) {
  location = cut_at(location, {" ", "!"});
  return std::string(cut_at(location, {":"}));
}

std::string at_file(std::string_view location) {
  std::string file = source_file(location);
  return file.empty() ? "" : " at " + file;
}

ReportStart make(std::string kind, std::string stem) {
  ReportStart r;
  r.kind = std::move(kind);
  r.stem = std::move(stem);
  return r;
}

// Each matcher looks at one message and recognizes one family of reports.
using Matcher = std::optional<ReportStart> (*)(std::string_view m);

std::optional<ReportStart> panic(std::string_view m) {
  if (!m.starts_with("Kernel panic - not syncing")) return std::nullopt;
  std::string_view reason = m.substr(std::string_view("Kernel panic - not syncing").size());
  reason = strip_prefix(reason, ":");
  // The first sentence carries the reason; what follows is advice or numbers
  // ("Attempted to kill init! exitcode=0x0000000b", "No working init found.
  // Try passing init= option ...").
  size_t end = reason.size();
  for (std::string_view stop : {". ", "! ", "? "}) {
    size_t at = reason.find(stop);
    if (at != std::string_view::npos) end = std::min(end, at + 1);
  }
  std::string text = clean_title_text(reason.substr(0, end));
  ReportStart r = make("panic", text.empty() ? "kernel panic" : "kernel panic: " + text);
  r.function_in_title = false;
  return r;
}

std::optional<ReportStart> sanitizer(std::string_view m) {
  static constexpr std::string_view kTools[] = {"KASAN", "KFENCE", "KCSAN", "KMSAN"};
  for (std::string_view tool : kTools) {
    std::string prefix = "BUG: " + std::string(tool) + ": ";
    if (!m.starts_with(prefix)) continue;
    std::string_view rest = m.substr(prefix.size());
    size_t in = rest.find(" in ");
    std::string_view what = rest.substr(0, in);
    std::string_view where = in == std::string_view::npos ? "" : rest.substr(in + 4);
    std::string kind(tool);
    std::transform(kind.begin(), kind.end(), kind.begin(), ::tolower);
    ReportStart r = make(kind, std::string(tool) + ": " + clean_title_text(what));
    r.sanitizer = true;
    r.function = frame_function(where);
    if (r.function.empty()) r.function = clean_title_text(cut_at(where, {" "}));
    if (tool == "KCSAN") {
      // "data-race in foo / bar": both racing functions are the title.
      r.stem += " in " + clean_title_text(where);
      r.function_in_title = false;
    }
    r.takes_access = (tool == "KASAN");
    return r;
  }
  return std::nullopt;
}

std::optional<ReportStart> ubsan(std::string_view m) {
  if (!m.starts_with("UBSAN: ")) return std::nullopt;
  std::string_view rest = m.substr(7);
  size_t in = rest.find(" in ");
  ReportStart r = make("ubsan", "UBSAN: " + clean_title_text(rest.substr(0, in)));
  if (in != std::string_view::npos) {
    std::string file = source_file(rest.substr(in + 4));
    if (!file.empty()) r.fallback = " in " + file;
  }
  r.sanitizer = true;
  return r;
}

std::optional<ReportStart> lockdep(std::string_view m) {
  struct Phrase { std::string_view text, stem; };
  static constexpr Phrase kPhrases[] = {
      {"possible circular locking dependency", "possible deadlock"},
      {"possible recursive locking", "possible deadlock"},
      {"possible irq lock inversion dependency", "possible deadlock"},
      {"HARDIRQ-safe -> HARDIRQ-unsafe lock order", "possible deadlock"},
      {"SOFTIRQ-safe -> SOFTIRQ-unsafe lock order", "possible deadlock"},
      {"inconsistent lock state", "inconsistent lock state"},
      {"suspicious RCU usage", "WARNING: suspicious RCU usage"},
      {"bad unlock balance detected", "WARNING: bad unlock balance"},
      {"held lock freed", "WARNING: held lock freed"},
      {"lock held when returning to user space", "WARNING: lock held when returning to user space"},
      {"lock held at task exit time", "WARNING: lock held at task exit time"},
      {"Nested lock was not taken", "WARNING: nested lock was not taken"},
  };
  std::string_view rest;
  for (std::string_view p : {"WARNING: ", "INFO: ", "[ INFO: "}) {
    if (m.starts_with(p)) rest = m.substr(p.size());
  }
  if (rest.empty()) return std::nullopt;
  for (const Phrase& p : kPhrases) {
    if (rest.starts_with(p.text)) return make("lockdep", std::string(p.stem));
  }
  return std::nullopt;
}

std::optional<ReportStart> warning(std::string_view m) {
  if (!m.starts_with("WARNING: ")) return std::nullopt;
  std::string_view rest = m.substr(9);
  // 6.1: "WARNING: CPU: 0 PID: 1 at kernel/foo.c:12 bar+0x1/0x2"
  // old: "WARNING: at kernel/foo.c:12 bar()"
  // new: "WARNING: kernel/foo.c:12 at bar+0x1/0x2, CPU#0: swapper/0/1"
  size_t at = rest.find(" at ");
  std::string_view location;
  if (rest.starts_with("CPU: ") && at != std::string_view::npos) {
    location = rest.substr(at + 4);
  } else if (rest.starts_with("at ")) {
    location = rest.substr(3);
  } else if (contains(cut_at(rest, {" "}), ".c:") || contains(cut_at(rest, {" "}), ".h:")) {
    location = rest;
  } else {
    return std::nullopt;  // some driver's "WARNING: ..." message, not WARN()
  }
  ReportStart r = make("warning", "WARNING");
  r.fallback = at_file(location);
  r.function = frame_function(rest);
  if (r.function.empty()) {
    // old form names the function as "bar()"
    size_t paren = location.find("()");
    size_t space = location.rfind(' ', paren);
    if (paren != std::string_view::npos && space != std::string_view::npos)
      r.function = std::string(location.substr(space + 1, paren - space - 1));
  }
  return r;
}

std::optional<ReportStart> kernel_bug(std::string_view m) {
  if (!m.starts_with("kernel BUG at ")) return std::nullopt;
  ReportStart r = make("bug", "kernel BUG");
  r.fallback = at_file(m.substr(14));
  r.awaits_oops = true;
  return r;
}

std::optional<ReportStart> lockup(std::string_view m) {
  std::string_view s = strip_prefix(strip_prefix(m, "NMI watchdog: "), "watchdog: ");
  if (s.starts_with("BUG: soft lockup")) return make("soft_lockup", "BUG: soft lockup");
  if (s.size() < m.size() || s.starts_with("Watchdog detected")) {
    if (contains(s, "Watchdog detected hard LOCKUP")) return make("hard_lockup", "BUG: hard lockup");
  }
  return std::nullopt;
}

std::optional<ReportStart> kernel_fault(std::string_view m) {
  bool bug_line = m.starts_with("BUG: ");
  bool unable = m.starts_with("Unable to handle kernel ") ||
                m.starts_with("BUG: unable to handle ") ||
                m.starts_with("BUG: Unable to handle kernel ");
  std::optional<ReportStart> r;
  if ((bug_line || unable) && icontains(m, "kernel NULL pointer dereference")) {
    r = make("null_deref", "BUG: kernel NULL pointer dereference");
  } else if (unable) {
    r = make("page_fault", "BUG: unable to handle kernel paging request");
  } else {
    return std::nullopt;
  }
  r->awaits_oops = true;
  return r;
}

std::optional<ReportStart> x86_trap(std::string_view m) {
  std::string_view s = strip_prefix(m, "Oops: ");
  std::optional<ReportStart> r;
  if (s.starts_with("general protection fault")) {
    r = make("general_protection_fault", "general protection fault");
  } else if (s.starts_with("invalid opcode:")) {
    r = make("invalid_opcode", "invalid opcode");
  } else if (s.starts_with("double fault:") || s.starts_with("kernel stack overflow (double-fault)")) {
    r = make("double_fault", "double fault");
  } else if (m.starts_with("traps: PANIC: double fault") || m.starts_with("PANIC: double fault")) {
    r = make("double_fault", "double fault");
    r->awaits_oops = true;
    return r;
  } else {
    return std::nullopt;
  }
  r->oops_line = true;
  return r;
}

std::optional<ReportStart> arm_fault(std::string_view m) {
  if (m.starts_with("Internal error: ")) {
    std::string_view what = cut_at(m.substr(16), {" [#"});
    // drop the trailing ": <code>" ("Oops: 96000004", "Oops - BUG: 0")
    size_t colon = what.rfind(": ");
    if (colon != std::string_view::npos) what = what.substr(0, colon);
    if (what.starts_with(":")) what = "";
    std::string text = clean_title_text(what);
    ReportStart r = make("internal_error", text.empty() ? "Internal error" : "Internal error: " + text);
    r.oops_line = true;
    return r;
  }
  if (m.starts_with("Unhandled fault")) {
    std::string_view what = strip_prefix(m.substr(15), ":");
    std::string text = clean_title_text(cut_at(what, {" (", " at ", ","}));
    ReportStart r = make("unhandled_fault", text.empty() ? "Unhandled fault" : "Unhandled fault: " + text);
    r.awaits_oops = true;
    return r;
  }
  return std::nullopt;
}

std::optional<ReportStart> oops(std::string_view m) {
  if (!(m.starts_with("Oops: ") || m.starts_with("Oops [#") || m.starts_with("Oops[#") ||
        m.starts_with("Oops#") || m.starts_with("Oops - "))) {
    return std::nullopt;
  }
  // powerpc says what happened: "Oops: Kernel access of bad area, sig: 11 [#1]";
  // x86 only gives an error code: "Oops: 0000 [#1] PREEMPT SMP".
  std::string_view what = cut_at(strip_prefix(strip_prefix(m.substr(4), ":"), " - "), {" [#", ", sig:", ":"});
  what = strip_prefix(what, " ");
  bool words = !what.empty() && std::isalpha(static_cast<unsigned char>(what[0])) &&
               !std::all_of(what.begin(), what.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  std::string text = words ? clean_title_text(what) : "";
  ReportStart r = make("oops", text.empty() ? "Oops" : "Oops: " + text);
  r.oops_line = true;
  return r;
}

std::optional<ReportStart> rcu_stall(std::string_view m) {
  std::string_view s = strip_prefix(m, "rcu: ");
  if (s.starts_with("INFO: rcu") && contains(s, " stall")) return make("rcu_stall", "INFO: rcu detected stall");
  return std::nullopt;
}

std::optional<ReportStart> hung_task(std::string_view m) {
  if (!m.starts_with("INFO: task ")) return std::nullopt;
  if (contains(m, " blocked for more than ")) return make("hung_task", "INFO: task hung");
  if (contains(m, " can't die for more than ")) return make("hung_task", "INFO: task can't die");
  return std::nullopt;
}

std::optional<ReportStart> oom(std::string_view m) {
  size_t invoked = m.find(" invoked oom-killer: ");
  if (invoked != std::string_view::npos && invoked > 0) {
    ReportStart r = make("oom", "OOM: " + clean_title_text(m.substr(0, invoked)) + " invoked oom-killer");
    r.function_in_title = false;
    r.points_at_code = false;
    return r;
  }
  std::string_view s = strip_prefix(m, "Memory cgroup ");
  if (s.starts_with("Out of memory: Kill") || s.starts_with("out of memory: Kill")) {
    // "Out of memory: Killed process 123 (stress) total-vm:..."
    size_t open = s.find(" (");
    size_t close = s.find(") ", open);
    std::string comm = (open != std::string_view::npos && close != std::string_view::npos)
                           ? clean_title_text(s.substr(open + 2, close - open - 2)) : "";
    ReportStart r = make("oom", comm.empty() ? "OOM: killed process" : "OOM: killed process " + comm);
    r.function_in_title = false;
    r.points_at_code = false;
    r.ends_itself = true;
    return r;
  }
  return std::nullopt;
}

std::optional<ReportStart> kmemleak(std::string_view m) {
  if (m.starts_with("unreferenced object 0x")) return make("kmemleak", "memory leak");
  if (m.starts_with("kmemleak: ") && contains(m, "suspected memory leak")) {
    ReportStart r = make("kmemleak", "kmemleak: suspected memory leaks");
    r.function_in_title = false;
    r.points_at_code = false;
    r.ends_itself = true;
    return r;
  }
  return std::nullopt;
}

std::optional<ReportStart> other_bug(std::string_view m) {
  if (!m.starts_with("BUG: ")) return std::nullopt;
  std::string_view what = cut_at(m.substr(5), {":", ",", "!", " at ", " - ", " on CPU", " in process", " [", " ("});
  std::string text = clean_title_text(what);
  ReportStart r = make("bug", text.empty() ? "BUG" : "BUG: " + text);
  r.awaits_oops = true;
  return r;
}

// Order matters: specific shapes before the generic "BUG: " and "Oops".
constexpr Matcher kMatchers[] = {
    panic, sanitizer, ubsan, lockdep, warning, kernel_bug, lockup, kernel_fault,
    x86_trap, arm_fault, oops, rcu_stall, hung_task, oom, kmemleak, other_bug,
};

}  // namespace

std::optional<ReportStart> match_report_start(std::string_view message) {
  // Report lines are never indented; indented lines are a report's body.
  if (message.empty() || message[0] == ' ' || message[0] == '\t') return std::nullopt;
  for (Matcher match : kMatchers) {
    if (auto r = match(message)) return r;
  }
  return std::nullopt;
}

bool is_rule_line(std::string_view m) {
  while (!m.empty() && (m.back() == ' ' || m.back() == '\t')) m.remove_suffix(1);
  return m.size() >= 20 && m.find_first_not_of('=') == std::string_view::npos;
}

bool is_report_preamble(std::string_view m) {
  return contains(m, "[ cut here ]") || m.starts_with("8<--- cut here") || is_rule_line(m);
}

bool is_end_marker(std::string_view m) {
  return m.starts_with("---[ end trace") || m.starts_with("---[ end Kernel panic");
}

std::string clean_title_text(std::string_view text) {
  auto is_hex = [](std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
      return std::isxdigit(static_cast<unsigned char>(c));
    });
  };
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
    std::string_view word = text.substr(i, end - i);
    i = end;
    if (word.empty()) continue;
    std::string_view bare = word;
    while (!bare.empty() && (bare.front() == '(' || bare.front() == '[')) bare.remove_prefix(1);
    while (!bare.empty() && (bare.back() == ')' || bare.back() == ']' || bare.back() == ',' ||
                             bare.back() == ':' || bare.back() == ';'))
      bare.remove_suffix(1);
    if (bare.starts_with("0x") || (bare.size() >= 8 && is_hex(bare)) || contains(word, "=0x")) continue;
    size_t offset = word.find("+0x");  // "foo+0x12/0x30" -> "foo"
    if (offset != std::string_view::npos) word = word.substr(0, offset);
    if (!out.empty()) out += ' ';
    for (char c : word) {
      unsigned char u = static_cast<unsigned char>(c);
      out += (u < 0x20 || u >= 0x7f) ? '?' : c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == ',' || out.back() == ':' || out.back() == ';'))
    out.pop_back();
  return out;
}

}  // namespace krun
