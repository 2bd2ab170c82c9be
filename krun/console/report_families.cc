#include "krun/console/report_families.h"

namespace krun {
namespace {

// Patterns are RE2 syntax, matched from the first byte of the message (the
// console line without timestamp, level and caller prefixes). Order matters:
// the specific shapes come before the generic "BUG: " and "Oops".
constexpr ReportFamily kFamilies[] = {
    // kernel/panic.c: panic(). The title is the reason's first sentence;
    // what follows is advice or numbers ("No working init found.  Try
    // passing init= ...", "Attempted to kill init! exitcode=0x0000000b").
    {.kind = "panic",
     .pattern = R"(Kernel panic - not syncing:? *((?:[^.!?]|[.!?][^ ])*[.!?]?))",
     .title = "kernel panic: {1}", .bare_title = "kernel panic", .flags = kNoFunctionInTitle},

    // mm/kasan/report.c, mm/kfence/report.c, kernel/kcsan/report.c, mm/kmsan/report.c
    {.kind = "kasan", .pattern = R"(BUG: KASAN: (.*?)(?: in (.*))?$)", .title = "KASAN: {1}",
     .function_from = 2, .flags = kSanitizer | kTakesAccess},
    {.kind = "kfence", .pattern = R"(BUG: KFENCE: (.*?)(?: in (.*))?$)", .title = "KFENCE: {1}",
     .function_from = 2, .flags = kSanitizer},
    // "data-race in foo / bar": both racing functions are the title.
    {.kind = "kcsan", .pattern = R"(BUG: KCSAN: (.*?) in (.*))", .title = "KCSAN: {1} in {2}",
     .function_from = 2, .flags = kSanitizer | kNoFunctionInTitle},
    {.kind = "kcsan", .pattern = R"(BUG: KCSAN: (.*))", .title = "KCSAN: {1}", .flags = kSanitizer},
    {.kind = "kmsan", .pattern = R"(BUG: KMSAN: (.*?)(?: in (.*))?$)", .title = "KMSAN: {1}",
     .function_from = 2, .flags = kSanitizer},
    // lib/ubsan.c: "UBSAN: array-index-out-of-bounds in lib/foo.c:12:3"
    {.kind = "ubsan", .pattern = R"(UBSAN: (.*?)(?: in (.*))?$)", .title = "UBSAN: {1}",
     .fallback = " in {file:2}", .flags = kSanitizer},

    // kernel/locking/lockdep.c: each print_*_bug() header, as WARNING: (or
    // INFO: in older kernels) after a "=====" rule.
    {.kind = "lockdep", .pattern = R"((?:WARNING: |INFO: |\[ INFO: )possible circular locking dependency)",
     .title = "possible deadlock"},
    {.kind = "lockdep", .pattern = R"((?:WARNING: |INFO: |\[ INFO: )possible recursive locking)",
     .title = "possible deadlock"},
    {.kind = "lockdep", .pattern = R"((?:WARNING: |INFO: |\[ INFO: )possible irq lock inversion dependency)",
     .title = "possible deadlock"},
    {.kind = "lockdep", .pattern = R"((?:WARNING: |INFO: |\[ INFO: )(?:HARD|SOFT)IRQ-safe -> (?:HARD|SOFT)IRQ-unsafe lock order)",
     .title = "possible deadlock"},
    {.kind = "lockdep", .pattern = R"((?:WARNING: |INFO: |\[ INFO: )inconsistent lock state)",
     .title = "inconsistent lock state"},
    {.kind = "lockdep", .pattern = R"((?:WARNING: |INFO: |\[ INFO: )suspicious RCU usage)",
     .title = "WARNING: suspicious RCU usage"},
    {.kind = "lockdep", .pattern = R"((?:WARNING: |INFO: |\[ INFO: )bad unlock balance detected)",
     .title = "WARNING: bad unlock balance"},
    {.kind = "lockdep", .pattern = R"((?:WARNING: |INFO: |\[ INFO: )held lock freed)",
     .title = "WARNING: held lock freed"},
    {.kind = "lockdep", .pattern = R"((?:WARNING: |INFO: |\[ INFO: )lock held when returning to user space)",
     .title = "WARNING: lock held when returning to user space"},
    {.kind = "lockdep", .pattern = R"((?:WARNING: |INFO: |\[ INFO: )lock held at task exit time)",
     .title = "WARNING: lock held at task exit time"},
    {.kind = "lockdep", .pattern = R"((?:WARNING: |INFO: |\[ INFO: )Nested lock was not taken)",
     .title = "WARNING: nested lock was not taken"},

    // kernel/panic.c: __warn(). 6.1 "WARNING: CPU: 0 PID: 1 at kernel/foo.c:12
    // bar+0x1/0x2", before 4.x "WARNING: at kernel/foo.c:12 bar()", 6.16
    // "WARNING: kernel/foo.c:12 at bar+0x1/0x2, CPU#0: swapper/0/1". Other
    // "WARNING: ..." lines are drivers' messages, not WARN().
    {.kind = "warning", .pattern = R"(WARNING: CPU: .*? at (\S+)(?: (\S+))?)", .title = "WARNING",
     .function_from = 2, .fallback = " at {file:1}"},
    {.kind = "warning", .pattern = R"(WARNING: at (\S+)(?: (\S+))?)", .title = "WARNING", .function_from = 2,
     .fallback = " at {file:1}"},
    {.kind = "warning", .pattern = R"(WARNING: (\S*\.[ch]:\S*)(?: at ([^, ]+))?)", .title = "WARNING",
     .function_from = 2, .fallback = " at {file:1}"},

    // BUG(): the arch's trap handler prints the oops line that follows.
    {.kind = "bug", .pattern = R"(kernel BUG at (\S+))", .title = "kernel BUG", .fallback = " at {file:1}",
     .flags = kAwaitsOops},

    // kernel/watchdog.c, kernel/watchdog_hld.c
    {.kind = "soft_lockup", .pattern = R"((?:NMI watchdog: |watchdog: )?BUG: soft lockup)",
     .title = "BUG: soft lockup"},
    {.kind = "hard_lockup", .pattern = R"((?:(?:NMI watchdog: |watchdog: ).*)?Watchdog detected hard LOCKUP)",
     .title = "BUG: hard lockup"},

    // The arch fault handlers (arch/x86/mm/fault.c, arch/arm64/mm/fault.c,
    // arch/arm/mm/fault.c); the oops line follows.
    {.kind = "null_deref",
     .pattern = R"((?:BUG: |Unable to handle ).*(?i:kernel NULL pointer dereference))",
     .title = "BUG: kernel NULL pointer dereference", .flags = kAwaitsOops},
    {.kind = "page_fault",
     .pattern = R"((?:Unable to handle kernel |BUG: unable to handle |BUG: Unable to handle kernel ))",
     .title = "BUG: unable to handle kernel paging request", .flags = kAwaitsOops},

    // arch/x86/kernel/traps.c, dumpstack.c
    {.kind = "general_protection_fault", .pattern = R"((?:Oops: )?general protection fault)",
     .title = "general protection fault", .flags = kOopsLine},
    {.kind = "invalid_opcode", .pattern = R"((?:Oops: )?invalid opcode:)", .title = "invalid opcode",
     .flags = kOopsLine},
    {.kind = "double_fault", .pattern = R"((?:Oops: )?(?:double fault:|kernel stack overflow \(double-fault\)))",
     .title = "double fault", .flags = kOopsLine},
    {.kind = "double_fault", .pattern = R"((?:traps: )?PANIC: double fault)", .title = "double fault",
     .flags = kAwaitsOops},

    // arch/arm*/kernel/traps.c die(): "Internal error: Oops: 96000004 [#1]
    // PREEMPT SMP", "Internal error: Oops - BUG: 0 [#1]"; arch/arm/mm/fault.c.
    {.kind = "internal_error", .pattern = R"(Internal error: (.*?)(?:: [^:]*)?(?: \[#.*)?$)",
     .title = "Internal error: {1}", .bare_title = "Internal error", .flags = kOopsLine},
    {.kind = "unhandled_fault", .pattern = R"(Unhandled fault:? ?(.*?)(?: \(| at |,|$))",
     .title = "Unhandled fault: {1}", .bare_title = "Unhandled fault", .flags = kAwaitsOops},

    // The oops line of the other arches: powerpc says what happened ("Oops:
    // Kernel access of bad area, sig: 11 [#1]"), x86 only gives an error
    // code ("Oops: 0000 [#1] PREEMPT SMP").
    {.kind = "oops", .pattern = R"(Oops(?:: | - | ?\[#|#)(?:([A-Za-z][^:,\[]*?)(?: \[#|, sig:|:|$))?)",
     .title = "Oops: {1}", .bare_title = "Oops", .flags = kOopsLine},

    // kernel/rcu/tree_stall.h
    {.kind = "rcu_stall", .pattern = R"((?:rcu: )?INFO: rcu.* stall)", .title = "INFO: rcu detected stall"},
    // kernel/hung_task.c
    {.kind = "hung_task", .pattern = R"(INFO: task .* blocked for more than )", .title = "INFO: task hung"},
    {.kind = "hung_task", .pattern = R"(INFO: task .* can't die for more than )", .title = "INFO: task can't die"},

    // mm/oom_kill.c: the report opens with the task that asked and ends with
    // the one killed.
    {.kind = "oom", .pattern = R"((.+?) invoked oom-killer: )", .title = "OOM: {1} invoked oom-killer",
     .flags = kNoFunctionInTitle | kNoCulprit},
    {.kind = "oom", .pattern = R"((?:Memory cgroup )?[Oo]ut of memory: Kill(?:[^(]* \((.*?)\) )?)",
     .title = "OOM: killed process {1}", .bare_title = "OOM: killed process",
     .flags = kNoFunctionInTitle | kNoCulprit | kEndsItself},

    // mm/kmemleak.c
    {.kind = "kmemleak", .pattern = R"(unreferenced object 0x)", .title = "memory leak"},
    {.kind = "kmemleak", .pattern = R"(kmemleak: .*suspected memory leak)", .title = "kmemleak: suspected memory leaks",
     .flags = kNoFunctionInTitle | kNoCulprit | kEndsItself},

    // Any other "BUG: <what>": the title is what, up to its details.
    {.kind = "bug", .pattern = R"(BUG: (.*?)(?::|,|!| at | - | on CPU| in process| \[| \(|$))",
     .title = "BUG: {1}", .bare_title = "BUG", .flags = kAwaitsOops},
};

}  // namespace

std::span<const ReportFamily> report_families() { return kFamilies; }

}  // namespace krun
