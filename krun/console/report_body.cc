#include "krun/console/report_body.h"

#include <algorithm>
#include <cctype>

namespace krun {
namespace {

bool contains(std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; }

constexpr std::string_view kSectionStarts[] = {
    "Call Trace", "Call trace", "Backtrace", "backtrace", "stack backtrace",
    "<TASK>", "</TASK>", "<IRQ>", "</IRQ>", "<NMI>", "</NMI>", "<EOI>",
    "CPU:", "Hardware name:", "Modules linked in", "Code:", "Workqueue:",
    "Kernel Offset:", "Rebooting in", "PGD ", "#PF:", "Mem abort info",
    "Data abort info", "pstate:", "Showing", "---", "===", "NMI backtrace",
    "Sending NMI", "task:", "irq event stamp", "hardirqs ", "softirqs ",
    "other info", "Possible ", "*** DEADLOCK", "the existing dependency",
    "which lock already", "but task is already", "-> #", "Chain exists",
    "Mem-Info", "Node ", "lowmem_reserve", "[  pid  ]", "Tasks state",
    "oom-kill:", "oom_reaper:", "Free swap", "Total swap", "pages RAM",
    "pages HighMem", "pages reserved", "pages hwpoisoned", "active_anon:",
    "rcu: ", "Read of size", "Write of size", "Allocated by task",
    "Freed by task", "The buggy address", "Memory state around",
    "Last potentially related", "Second to last", "page:", "flags:", "raw:",
    "page dumped because", "head:", "kfence-#", "Disabling lock debugging",
    "Faulting instruction address", "Instruction dump", "Process ", "Stack:",
    "user pgtable", "swapper pgtable", "[<", "\"echo 0 >", "Tainted:",
    "value changed:", "Reported by Kernel", "read to", "write to", "Uninit was",
    "Local variable", "Bytes ", "Memory access of", "PC is at", "LR is at",
    "Internal error", "Unable to handle", "INFO: lockdep is turned off",
    "Kernel panic", "NIP", "LR ", "REGS:", "MSR:", "GPR", "CR:", "comm ",
    "hex dump", "Object ", "Redzone ", "Padding ", "FIX ", "Slab ",
    "INFO: ",  // mm/slub.c before 5.14: "INFO: Allocated in ...", "INFO: Slab 0x..."
    "workqueue ", "pool ",  // kernel/workqueue.c show_one_workqueue(), show_one_worker_pool()
};

constexpr std::string_view kInnerPhrases[] = {
    "locks held by", " is trying to acquire", "already holding lock", "lock(",
    " blocked for more than ", "stuck for", "detected stall", "self-detected",
    "kthread starved", "Not tainted", "Tainted: ",
};

// "RAX: 0000", "R10: ...", "x29: ...", "FS:  0000", "ESR = 0x96000004",
// "pc : foo+0x1/0x2", "sp : ffff8000...": a short key then ':' or '='.
bool is_register_line(std::string_view m) {
  size_t i = 0;
  while (i < m.size() && i < 5 && (std::isalnum(static_cast<unsigned char>(m[i])) || m[i] == '_' || m[i] == '[' || m[i] == ']')) ++i;
  if (i == 0) return false;
  while (i < m.size() && m[i] == ' ') ++i;
  if (!(i + 1 < m.size() && (m[i] == ':' || m[i] == '=') && m[i + 1] == ' ')) return false;
  // The value is a number or an address ("0010:foo+0x1/0x2", "[<c0101234>]",
  // "0x96000004"), which tells "x0 : 0000..." from "IPv6: ADDRCONF(...)".
  std::string_view value = m.substr(i + 2);
  value.remove_prefix(std::min(value.size(), value.find_first_not_of(' ')));
  if (value.starts_with("[<") || value.starts_with("0x")) return true;
  size_t digits = 0;
  while (digits < value.size() && std::isxdigit(static_cast<unsigned char>(value[digits]))) ++digits;
  return digits > 0 && (digits == value.size() || std::string_view(" (:<,").find(value[digits]) != std::string_view::npos);
}

bool has_frame(std::string_view m) {
  size_t plus = m.find("+0x");
  return plus != std::string_view::npos && m.find('/', plus) != std::string_view::npos;
}

}  // namespace

bool is_report_body(std::string_view m) {
  if (m.empty()) return false;
  if (m[0] == ' ' || m[0] == '\t') return true;
  for (std::string_view s : kSectionStarts)
    if (m.starts_with(s)) return true;
  for (std::string_view p : kInnerPhrases)
    if (contains(m, p)) return true;
  return is_register_line(m) || has_frame(m);
}

bool is_trace_header(std::string_view m) {
  return m.starts_with("Call Trace") || m.starts_with("Call trace") ||
         m.starts_with("Backtrace") || contains(m, "backtrace:") ||
         m.starts_with("backtrace (") || m.starts_with("  backtrace");
}

}  // namespace krun
