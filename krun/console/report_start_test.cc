#include "krun/console/report_start.h"

#include <gtest/gtest.h>

namespace krun {
namespace {

ReportStart start(std::string_view m) {
  auto r = match_report_start(m);
  EXPECT_TRUE(r.has_value()) << m;
  return r.value_or(ReportStart{});
}

TEST(ReportStart, RecognizesEachKind) {
  struct Case { std::string_view line, kind, stem; };
  const Case cases[] = {
      {"Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b", "panic", "kernel panic: Attempted to kill init!"},
      {"Kernel panic - not syncing: No working init found.  Try passing init= option to kernel.", "panic", "kernel panic: No working init found."},
      {"Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: foo+0x12/0x30", "panic", "kernel panic: stack-protector: Kernel stack is corrupted in: foo"},
      {"BUG: KASAN: slab-out-of-bounds in foo+0x1/0x2", "kasan", "KASAN: slab-out-of-bounds"},
      {"BUG: KFENCE: out-of-bounds write in foo+0x1/0x2", "kfence", "KFENCE: out-of-bounds write"},
      {"BUG: KCSAN: data-race in foo / bar", "kcsan", "KCSAN: data-race in foo / bar"},
      {"BUG: KMSAN: uninit-value in foo+0x1/0x2", "kmsan", "KMSAN: uninit-value"},
      {"UBSAN: shift-out-of-bounds in lib/x.c:1:2", "ubsan", "UBSAN: shift-out-of-bounds"},
      {"WARNING: CPU: 0 PID: 1 at kernel/x.c:5 foo+0x1/0x2", "warning", "WARNING"},
      {"WARNING: at kernel/x.c:5 foo()", "warning", "WARNING"},
      {"WARNING: possible recursive locking detected", "lockdep", "possible deadlock"},
      {"WARNING: suspicious RCU usage", "lockdep", "WARNING: suspicious RCU usage"},
      {"WARNING: bad unlock balance detected!", "lockdep", "WARNING: bad unlock balance"},
      {"kernel BUG at mm/slub.c:123!", "bug", "kernel BUG"},
      {"BUG: sleeping function called from invalid context at mm/slab.h:7", "sleeping_in_atomic", "BUG: sleeping function called from invalid context"},
      {"BUG: scheduling while atomic: swapper/0/0x00000002", "scheduling_while_atomic", "BUG: scheduling while atomic"},
      {"BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 31s!", "workqueue_lockup", "BUG: workqueue lockup"},
      {"watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [sh:91]", "soft_lockup", "BUG: soft lockup"},
      {"BUG: soft lockup - CPU#0 stuck for 22s! [sh:91]", "soft_lockup", "BUG: soft lockup"},
      {"watchdog: Watchdog detected hard LOCKUP on cpu 0", "hard_lockup", "BUG: hard lockup"},
      {"BUG: kernel NULL pointer dereference, address: 0000000000000000", "null_deref", "BUG: kernel NULL pointer dereference"},
      {"BUG: unable to handle kernel NULL pointer dereference at 0000000000000000", "null_deref", "BUG: kernel NULL pointer dereference"},
      {"BUG: Kernel NULL pointer dereference on read at 0x00000000", "null_deref", "BUG: kernel NULL pointer dereference"},
      {"Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000", "null_deref", "BUG: kernel NULL pointer dereference"},
      {"BUG: unable to handle page fault for address: ffffc90000a4d000", "page_fault", "BUG: unable to handle kernel paging request"},
      {"Unable to handle kernel paging request at virtual address dead000000000108", "page_fault", "BUG: unable to handle kernel paging request"},
      {"general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] SMP", "general_protection_fault", "general protection fault"},
      {"Oops: general protection fault, probably for non-canonical address 0x1: 0000 [#1]", "general_protection_fault", "general protection fault"},
      {"invalid opcode: 0000 [#1] PREEMPT SMP NOPTI", "invalid_opcode", "invalid opcode"},
      {"Oops: invalid opcode: 0000 [#1] PREEMPT SMP NOPTI", "invalid_opcode", "invalid opcode"},
      {"traps: PANIC: double fault, error_code: 0x0", "double_fault", "double fault"},
      {"double fault: 0000 [#1] PREEMPT SMP NOPTI", "double_fault", "double fault"},
      {"Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP", "internal_error", "Internal error: Oops"},
      {"Internal error: Oops - BUG: 00000000f2000800 [#1] PREEMPT SMP", "internal_error", "Internal error: Oops - BUG"},
      {"Internal error: : 1406 [#1] SMP ARM", "internal_error", "Internal error"},
      {"Unhandled fault: imprecise external abort (0x1406) at 0x00000000", "unhandled_fault", "Unhandled fault: imprecise external abort"},
      {"Oops: 0000 [#1] PREEMPT SMP NOPTI", "oops", "Oops"},
      {"Oops [#1]", "oops", "Oops"},
      {"Oops: Kernel access of bad area, sig: 11 [#1]", "oops", "Oops: Kernel access of bad area"},
      {"rcu: INFO: rcu_preempt self-detected stall on CPU", "rcu_stall", "INFO: rcu detected stall"},
      {"INFO: rcu_sched detected stalls on CPUs/tasks:", "rcu_stall", "INFO: rcu detected stall"},
      {"rcu: INFO: rcu_preempt detected expedited stalls on CPUs/tasks: { 0-... }", "rcu_stall", "INFO: rcu detected stall"},
      {"INFO: task kworker/0:1:12 blocked for more than 120 seconds.", "hung_task", "INFO: task hung"},
      {"stress invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE), order=0", "oom", "OOM: stress invoked oom-killer"},
      {"Memory cgroup out of memory: Killed process 7 (hog) total-vm:1kB", "oom", "OOM: killed process hog"},
      {"unreferenced object 0xffff888003a1b2c0 (size 64):", "kmemleak", "memory leak"},
      {"kmemleak: 3 new suspected memory leaks (see /sys/kernel/debug/kmemleak)", "kmemleak", "kmemleak: suspected memory leaks"},
      {"BUG: assuming atomic context at net/core/dev.c:42", "sleeping_in_atomic", "BUG: assuming atomic context"},
      {"BUG: using smp_processor_id() in preemptible [00000000] code: modprobe/412", "preemptible_cpu_access", "BUG: using smp_processor_id() in preemptible code"},
      {"BUG: using __this_cpu_read() in preemptible [00000000] code: sh/1", "preemptible_cpu_access", "BUG: using __this_cpu_read() in preemptible code"},
      {"BUG: workqueue leaked lock or atomic: kworker/0:1/0x00000000/12", "workqueue_leak", "BUG: workqueue leaked lock or atomic"},
      {"BUG: Bad page state in process kworker/0:2  pfn:0a3f1", "bad_page", "BUG: Bad page state"},
      {"BUG: Bad page map in process sh  pte:8000000003a1b067 pmd:03a1c067", "bad_page", "BUG: Bad page map"},
      {"BUG: Bad rss-counter state mm:00000000ab12cd34 type:MM_ANONPAGES val:1", "rss_counter", "BUG: Bad rss-counter state"},
      {"BUG: non-zero pgtables_bytes on freeing mm: 4096", "rss_counter", "BUG: non-zero pgtables_bytes on freeing mm"},
      {"BUG: spinlock bad magic on CPU#0, swapper/0/1", "spinlock_debug", "BUG: spinlock bad magic"},
      {"BUG: spinlock already unlocked on CPU#1, sh/77", "spinlock_debug", "BUG: spinlock already unlocked"},
      {"BUG: rwlock wrong owner on CPU#0, kworker/0:1/12", "spinlock_debug", "BUG: rwlock wrong owner"},
      {"BUG: Dentry 00000000c0ffee00{i=2,n=crashme}  still in use (1) [unmount of tmpfs tmpfs]", "vfs_refcount", "BUG: Dentry still in use [unmount of tmpfs]"},
      {"VFS: Busy inodes after unmount of tmpfs (tmpfs)", "vfs_refcount", "VFS: Busy inodes after unmount (use-after-free)"},
      {"unregister_netdevice: waiting for veth0 to become free. Usage count = 2", "netdev_refcount", "unregister_netdevice: waiting for DEV to become free"},
      {"BUG kmalloc-64 (Not tainted): Poison overwritten", "slub_corruption", "BUG: Poison overwritten"},
      {"BUG kmalloc-128 (Tainted: G    B             ): Object already free", "slub_corruption", "BUG: Object already free"},
      {"list_del corruption. next->prev should be ffff888003a1b2c0, but was dead000000000122", "list_corruption", "BUG: corrupted list"},
      {"list_add double add: new=ffff888003a1b2c0, prev=ffff888003a1b2c0, next=ffff888003a1b300.", "list_corruption", "BUG: corrupted list"},
      {"usercopy: Kernel memory exposure attempt detected from SLUB object 'kmalloc-64' (offset 0, size 128)!", "usercopy", "BUG: bad usercopy"},
      {"WARNING: CPU: 0 PID: 1 at lib/refcount.c:28 refcount_warn_saturate+0xba/0x110", "refcount", "WARNING: refcount bug"},
      {"WARNING: CPU: 0 PID: 1 at lib/debugobjects.c:505 debug_print_object+0x8c/0xb0", "odebug", "WARNING: ODEBUG bug"},
      {"WARNING: CPU: 0 PID: 1 at kernel/locking/mutex.c:582 __mutex_lock+0x5f1/0x8c0", "lockdep", "WARNING: locking bug"},
      {"kernel BUG at lib/list_debug.c:56!", "list_corruption", "BUG: corrupted list"},
      {"kernel BUG at mm/usercopy.c:99!", "usercopy", "BUG: bad usercopy"},
      {"[ BUG: Invalid wait context ]", "lockdep", "BUG: Invalid wait context"},
      {"WARNING: sh/77 still has locks held!", "lockdep", "WARNING: still has locks held"},
      {"BUG: MAX_LOCKDEP_CHAINS too low!", "lockdep", "BUG: MAX_LOCKDEP_CHAINS too low"},
      {"INFO: trying to register non-static key.", "lockdep", "INFO: trying to register non-static key"},
      {"BUG: key ffff888003a1b2c0 has not been registered!", "lockdep", "BUG: key not registered"},
      {"BUG: failure at drivers/misc/crashme.c:42/crashme_init()!", "bug", "kernel BUG"},
      {"Kernel BUG [#1]", "bug", "kernel BUG"},
      {"Kernel bug detected[#1]:", "bug", "kernel BUG"},
      {"divide error: 0000 [#1] PREEMPT SMP NOPTI", "trap", "divide error"},
      {"Oops: stack segment: 0000 [#1] PREEMPT SMP NOPTI", "trap", "stack segment"},
      {"BUG: TASK stack guard page was hit at ffffc90000017ff8 (stack is ffffc90000018000..ffffc9000001c000)", "stack_overflow", "BUG: stack guard page was hit"},
      {"Insufficient stack space to handle exception!", "stack_overflow", "kernel stack overflow"},
      {"Kernel stack overflow in process sh[77], hart 0", "stack_overflow", "kernel stack overflow"},
      {"Unhandled prefetch abort: page domain fault (0x01b) at 0x00000000", "unhandled_fault", "Unhandled prefetch abort: page domain fault"},
      {"Alignment trap: not handling instruction e1932f9f at [<c0123456>]", "unhandled_fault", "Alignment trap"},
      {"CPU 0 Unable to handle kernel paging request at virtual address 00000000, epc == 80123456, ra == 80123400", "null_deref", "BUG: kernel NULL pointer dereference"},
      {"CPU 0 Unable to handle kernel paging request at virtual address 00000010, epc == 80123456, ra == 80123400", "page_fault", "BUG: unable to handle kernel paging request"},
      {"Kernel attempted to read user page (0) - exploit attempt? (uid: 0)", "page_fault", "BUG: unable to handle kernel paging request"},
      {"SError Interrupt on CPU0, code 0x00000000bf000000 -- SError", "serror", "SError Interrupt"},
      {"CFI failure at crashme_call+0x1c/0x30 (target: crashme_target+0x0/0x10 [crashme]; expected type: 0x12345678)", "cfi", "CFI failure"},
      {"rust_kernel: panicked at 'index out of bounds', rust/kernel/crashme.rs:10:5", "rust_panic", "rust panic"},
      {"Linux version 6.1.0 (kbuild@kbuild) (gcc (Debian 12.2.0-14) 12.2.0) #1 SMP", "unexpected_reboot", "unexpected kernel reboot"},
  };
  for (const Case& c : cases) {
    ReportStart r = start(c.line);
    EXPECT_EQ(r.kind, c.kind) << c.line;
    EXPECT_EQ(r.stem, c.stem) << c.line;
  }
}

TEST(ReportStart, LineNamesItsFunction) {
  EXPECT_EQ(start("WARNING: CPU: 0 PID: 1 at kernel/x.c:5 foo.isra.0+0x1/0x2").function, "foo");
  EXPECT_EQ(start("WARNING: at kernel/x.c:5 old_style()").function, "old_style");
  EXPECT_EQ(start("BUG: KASAN: use-after-free in bar+0x1/0x2 [mod]").function, "bar");
  EXPECT_EQ(start("BUG: KCSAN: data-race in foo / bar").function, "foo");
  EXPECT_EQ(start("kernel BUG at mm/slub.c:123!").fallback, " at mm/slub.c");
  EXPECT_EQ(start("UBSAN: shift-out-of-bounds in lib/x.c:1:2").fallback, " in lib/x.c");
}

TEST(ReportStart, FalseFriendsOpenNothing) {
  const std::string_view lines[] = {
      "ODEBUG: selftest passed",
      "ODEBUG: Out of memory. ODEBUG disabled",
      "INFO: lockdep is turned off.",
      "traps: crashme-user[70] general protection fault ip:401136 sp:7ffc8b1d2e10 error:0 in x[401000+1000]",
      "crashme-user[71]: segfault at 0 ip 0000000000401136 sp 00007ffc8b1d2e10 error 6 in x[401000+1000]",
      "crashme-user[72]: trap invalid opcode ip:401140 sp:7ffc8b1d2e10 error:0 in x[401000+1000]",
      "Kernel command line: console=ttyS0 panic=-1 oops=panic",
      "Command line: console=ttyS0 panic=-1",
      "---[ end Kernel panic - not syncing: Fatal exception ]---",
      "---[ end trace 0000000000000000 ]---",
      "WARNING: Unsupported CPU feature, continuing",
      "kmemleak: Kernel memory leak detector initialized (mem pool available: 15692)",
      "watchdog: Disabling watchdog on nohz_full cores by default",
      "NMI watchdog: Perf NMI watchdog permanently disabled",
      "potentially unexpected fatal signal 11.",
      " BUG: indented lines are report bodies",
      "BUG: Bad page state: 12 messages suppressed",
      "",
  };
  for (std::string_view l : lines) EXPECT_FALSE(match_report_start(l).has_value()) << l;
}

TEST(ReportStart, Markers) {
  EXPECT_TRUE(is_end_marker("---[ end trace 0000000000000000 ]---"));
  EXPECT_TRUE(is_end_marker("---[ end trace ]---"));
  EXPECT_TRUE(is_end_marker("---[ end Kernel panic - not syncing: Fatal exception ]---"));
  EXPECT_TRUE(is_report_preamble("------------[ cut here ]------------"));
  EXPECT_TRUE(is_report_preamble("8<--- cut here ---"));
  EXPECT_TRUE(is_report_preamble("=================================================================="));
  EXPECT_FALSE(is_report_preamble("====="));
}

TEST(ReportStart, CleansTitleText) {
  EXPECT_EQ(clean_title_text("foo at 0xffff8880 ffff888003a1b2c0 bar+0x1/0x2, x=0x5"), "foo at bar");
  EXPECT_EQ(clean_title_text("a\x01\xff b  c:"), "a?? b c");
}

}  // namespace
}  // namespace krun
