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

    // Look-alikes: rate-limit summaries of reports already counted.
    {.kind = "", .pattern = R"(BUG: Bad page (?:state|map): \d+ messages suppressed)", .title = ""},

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

    {.kind = "lockdep", .pattern = R"(\[ BUG: Invalid wait context \])", .title = "BUG: Invalid wait context"},
    {.kind = "lockdep", .pattern = R"((?:WARNING: |\[ BUG: )\S+ still has locks held!)",
     .title = "WARNING: still has locks held"},
    {.kind = "lockdep", .pattern = R"(WARNING: chain_key collision)", .title = "WARNING: chain_key collision"},
    {.kind = "lockdep", .pattern = R"(WARNING: bad contention detected)", .title = "WARNING: bad contention detected"},
    {.kind = "lockdep", .pattern = R"(BUG: (MAX_\w+) too low)", .title = "BUG: {1} too low"},
    {.kind = "lockdep", .pattern = R"(BUG: looking up invalid subclass)", .title = "BUG: looking up invalid subclass"},
    {.kind = "lockdep", .pattern = R"(INFO: trying to register non-static key)",
     .title = "INFO: trying to register non-static key"},
    // Followed by DEBUG_LOCKS_WARN_ON(1)'s WARNING, which is part of it.
    {.kind = "lockdep", .pattern = R"(BUG: key \S+ has not been registered)", .title = "BUG: key not registered",
     .flags = kAwaitsReport},

    // The scheduler's atomic-context checks (kernel/sched/core.c): the
    // kernel prints, taints and goes on.
    {.kind = "sleeping_in_atomic", .pattern = R"(BUG: sleeping function called from invalid context(?: at (\S+))?)",
     .title = "BUG: sleeping function called from invalid context", .fallback = " at {file:1}"},
    {.kind = "sleeping_in_atomic", .pattern = R"(BUG: assuming (atomic|non migratable) context(?: at (\S+))?)",
     .title = "BUG: assuming {1} context", .fallback = " at {file:2}"},
    {.kind = "sleeping_in_atomic", .pattern = R"(BUG: scheduling in a non-blocking section)",
     .title = "BUG: scheduling in a non-blocking section"},
    {.kind = "scheduling_while_atomic", .pattern = R"(BUG: scheduling while atomic)",
     .title = "BUG: scheduling while atomic"},
    // lib/smp_processor_id.c: "BUG: using smp_processor_id() in preemptible [00000000] code: modprobe/412"
    {.kind = "preemptible_cpu_access", .pattern = R"(BUG: using (\w+)\(\) in preemptible)",
     .title = "BUG: using {1}() in preemptible code"},
    // kernel/workqueue.c
    {.kind = "workqueue_lockup", .pattern = R"(BUG: workqueue lockup)", .title = "BUG: workqueue lockup",
     .flags = kNoFunctionInTitle | kNoCulprit},
    {.kind = "workqueue_leak", .pattern = R"(BUG: workqueue leaked lock or atomic)",
     .title = "BUG: workqueue leaked lock or atomic"},
    // mm/page_alloc.c, mm/memory.c, mm/filemap.c: "BUG: Bad page state in process kworker/0:2  pfn:0a3f1"
    {.kind = "bad_page", .pattern = R"(BUG: Bad page (state|map|cache) in process)", .title = "BUG: Bad page {1}"},
    // kernel/fork.c, mm/debug... : memory accounting found wrong when an mm goes away
    {.kind = "rss_counter", .pattern = R"(BUG: (Bad rss-counter state|non-zero pgtables_bytes on freeing mm))",
     .title = "BUG: {1}", .flags = kNoFunctionInTitle | kNoCulprit | kOncePerLog},
    // kernel/locking/spinlock_debug.c: "BUG: spinlock bad magic on CPU#0, swapper/0/1"
    {.kind = "spinlock_debug", .pattern = R"(BUG: (spinlock|rwlock) (.*?) on CPU#)", .title = "BUG: {1} {2}"},
    // fs/dcache.c, fs/super.c, fs/file_table.c: references still held at unmount or close
    {.kind = "vfs_refcount", .pattern = R"(BUG: Dentry .*still in use \(-?\d+\) \[unmount of (\S+))",
     .title = "BUG: Dentry still in use [unmount of {1}]",
     .flags = kNoFunctionInTitle | kNoCulprit | kAwaitsReport},
    {.kind = "vfs_refcount", .pattern = R"(VFS: Busy inodes after unmount)",
     .title = "VFS: Busy inodes after unmount (use-after-free)",
     .flags = kNoFunctionInTitle | kNoCulprit | kAwaitsReport},
    {.kind = "vfs_refcount", .pattern = R"(VFS: Close: file count is 0)",
     .title = "VFS: Close: file count is zero (use-after-free)",
     .flags = kNoFunctionInTitle | kNoCulprit | kAwaitsReport},
    // net/core/dev.c, repeated every 10 s while the device stays busy.
    {.kind = "netdev_refcount", .pattern = R"(unregister_netdevice: waiting for \S+ to become free)",
     .title = "unregister_netdevice: waiting for DEV to become free",
     .flags = kNoFunctionInTitle | kNoCulprit | kEndsItself | kOncePerLog},
    // mm/slub.c slab_bug(): "BUG kmalloc-64 (Not tainted): Poison overwritten"
    {.kind = "slub_corruption", .pattern = R"(BUG \S+ \((?:Not tainted|Tainted: [^)]*)\): (.*))",
     .title = "BUG: {1}"},

    // Messages that a WARN()/BUG() of their own reports (include/linux/bug.h
    // CHECK_DATA_CORRUPTION, mm/usercopy.c usercopy_abort()).
    {.kind = "list_corruption", .pattern = R"(list_(?:add|del) corruption|list_add double add)",
     .title = "BUG: corrupted list", .flags = kAwaitsReport,
     .skips = "__list_add_valid* __list_del_entry_valid* __list_add __list_del_entry list_add list_del list_del_init"},
    {.kind = "usercopy", .pattern = R"(usercopy: Kernel memory (?:exposure|overwrite) attempt detected)",
     .title = "BUG: bad usercopy", .flags = kAwaitsReport,
     .skips = "usercopy_abort __check_object_size check_object_size check_heap_object __check_heap_object"},
    // The WARNING or BUG of a few files says what went wrong better than
    // the function it names (syzkaller titles these the same way).
    {.kind = "refcount", .pattern = R"(WARNING: (?:CPU: .*? at |at )?lib/refcount\.c:)",
     .title = "WARNING: refcount bug", .flags = kWarnOrBugLine},
    {.kind = "odebug", .pattern = R"(WARNING: (?:CPU: .*? at |at )?lib/debugobjects\.c:)",
     .title = "WARNING: ODEBUG bug", .flags = kWarnOrBugLine},
    {.kind = "lockdep", .pattern = R"(WARNING: (?:CPU: .*? at |at )?kernel/locking/\S+\.c:)",
     .title = "WARNING: locking bug", .flags = kWarnOrBugLine},
    {.kind = "list_corruption", .pattern = R"((?:WARNING: (?:CPU: .*? at |at )?|kernel BUG at )lib/list_debug\.c:)",
     .title = "BUG: corrupted list", .flags = kWarnOrBugLine | kAwaitsOops,
     .skips = "__list_add_valid* __list_del_entry_valid* __list_add __list_del_entry list_add list_del list_del_init"},
    {.kind = "usercopy", .pattern = R"((?:WARNING: (?:CPU: .*? at |at )?|kernel BUG at )mm/usercopy\.c:)",
     .title = "BUG: bad usercopy", .flags = kWarnOrBugLine | kAwaitsOops,
     .skips = "usercopy_abort __check_object_size check_object_size check_heap_object __check_heap_object"},
    {.kind = "warning", .pattern = R"(WARNING: (?:CPU: .*? at |at )?lib/kobject\.c:)",
     .title = "WARNING: kobject bug", .flags = kWarnOrBugLine},
    {.kind = "warning", .pattern = R"(WARNING: (?:CPU: .*? at |at )?fs/proc/generic\.c:)",
     .title = "WARNING: proc registration bug", .flags = kWarnOrBugLine},

    // kernel/panic.c: __warn(). 6.1 "WARNING: CPU: 0 PID: 1 at kernel/foo.c:12
    // bar+0x1/0x2", before 4.x "WARNING: at kernel/foo.c:12 bar()", 6.16
    // "WARNING: kernel/foo.c:12 at bar+0x1/0x2, CPU#0: swapper/0/1". Other
    // "WARNING: ..." lines are drivers' messages, not WARN().
    {.kind = "warning", .pattern = R"(WARNING: CPU: .*? at (\S+)(?: (\S+))?)", .title = "WARNING",
     .function_from = 2, .fallback = " at {file:1}", .flags = kWarnOrBugLine},
    {.kind = "warning", .pattern = R"(WARNING: at (\S+)(?: (\S+))?)", .title = "WARNING", .function_from = 2,
     .fallback = " at {file:1}", .flags = kWarnOrBugLine},
    {.kind = "warning", .pattern = R"(WARNING: (\S*\.[ch]:\S*)(?: at ([^, ]+))?)", .title = "WARNING",
     .function_from = 2, .fallback = " at {file:1}", .flags = kWarnOrBugLine},

    // BUG(): the arch's trap handler prints the oops line that follows.
    {.kind = "bug", .pattern = R"([Kk]ernel BUG at (\S+))", .title = "kernel BUG", .fallback = " at {file:1}",
     .flags = kAwaitsOops | kWarnOrBugLine},
    // BUG() on arches without their own (include/asm-generic/bug.h)
    {.kind = "bug", .pattern = R"(BUG: failure at (\S+?)/(\w+)\(\)!)", .title = "kernel BUG", .function_from = 2,
     .fallback = " at {file:1}", .flags = kAwaitsOops | kWarnOrBugLine},
    // riscv "Kernel BUG [#1]", mips "Kernel bug detected[#1]:": the oops line itself
    {.kind = "bug", .pattern = R"(Kernel (?:BUG \[#|bug detected\[#))", .title = "kernel BUG", .flags = kOopsLine},

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

    // x86's other die lines (arch/x86/kernel/traps.c: do_error_trap names)
    {.kind = "trap",
     .pattern = R"((?:Oops: )?(divide error|stack segment|int3|segment not present|invalid TSS|bounds|overflow|alignment check|coprocessor segment overrun): [0-9a-f]{4} \[#)",
     .title = "{1}", .flags = kOopsLine},
    // Stack overflows: x86's guard page, arm64's and riscv's overflow checks.
    {.kind = "stack_overflow", .pattern = R"(BUG: (?:\w+ )?stack guard page was hit)",
     .title = "BUG: stack guard page was hit", .flags = kAwaitsOops},
    {.kind = "stack_overflow", .pattern = R"(Insufficient stack space to handle exception!?)",
     .title = "kernel stack overflow"},
    {.kind = "stack_overflow", .pattern = R"(Kernel stack overflow)", .title = "kernel stack overflow"},
    // arch/arm/mm/fault.c, arch/arm/mm/alignment.c
    {.kind = "unhandled_fault", .pattern = R"(Unhandled prefetch abort:? ?(.*?)(?: \(| at |,|$))",
     .title = "Unhandled prefetch abort: {1}", .bare_title = "Unhandled prefetch abort", .flags = kAwaitsOops},
    {.kind = "unhandled_fault", .pattern = R"(Alignment trap: not handling instruction)", .title = "Alignment trap",
     .flags = kAwaitsOops},
    // mips and loongarch (arch/*/mm/fault.c): "CPU 0 Unable to handle kernel paging request at virtual address 00000000, epc == ..."
    {.kind = "null_deref", .pattern = R"(CPU \d+ Unable to handle kernel paging request at virtual address 0+,)",
     .title = "BUG: kernel NULL pointer dereference", .flags = kAwaitsOops},
    {.kind = "page_fault", .pattern = R"(CPU \d+ Unable to handle kernel paging request)",
     .title = "BUG: unable to handle kernel paging request", .flags = kAwaitsOops},
    // powerpc: "Kernel attempted to read user page (0) - exploit attempt? (uid: 0)"
    {.kind = "page_fault", .pattern = R"(Kernel attempted to (?:read|write|access) user page)",
     .title = "BUG: unable to handle kernel paging request", .flags = kAwaitsOops},
    // arch/arm64/kernel/traps.c: "SError Interrupt on CPU0, code 0x..."
    {.kind = "serror", .pattern = R"(SError Interrupt on CPU)", .title = "SError Interrupt"},
    // kernel/cfi.c: "CFI failure at crashme_call+0x1c/0x30 (target: ...; expected type: 0x...)"
    {.kind = "cfi", .pattern = R"(CFI failure at (\S+))", .title = "CFI failure", .function_from = 1,
     .flags = kAwaitsOops | kAwaitsReport},
    // rust/kernel: a Rust panic calls BUG()
    {.kind = "rust_panic", .pattern = R"(rust_kernel: panicked at)", .title = "rust panic",
     .flags = kAwaitsReport},
    // A second boot banner in the same console: the machine rebooted.
    {.kind = "unexpected_reboot", .pattern = R"(Linux version \d+\.\d+)", .title = "unexpected kernel reboot",
     .flags = kNoFunctionInTitle | kNoCulprit | kEndsItself | kNotFirstInLog},

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
     .flags = kNoFunctionInTitle | kNoCulprit, .contains = " invoked oom-killer: "},
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
