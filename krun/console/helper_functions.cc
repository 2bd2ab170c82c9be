// Functions that are never "the function a crash points at": the machinery
// that reports, traps, locks, schedules or allocates for the buggy code. A
// title skips them and names the first frame after them (the way syzkaller
// titles reports), so "KASAN: use-after-free Read in memcpy" becomes
// "... in the_caller". Data, not logic: extend the tables as new reports
// show up.
#include <iterator>
#include <string_view>
#include <unordered_set>

#include "krun/console/stack_frames.h"

namespace krun {
namespace {

constexpr std::string_view kHelpers[] = {
    // printing the report
    "dump_stack", "dump_stack_lvl", "__dump_stack", "show_stack", "show_regs",
    "show_trace_log_lvl", "dump_backtrace", "arch_stack_walk", "print_report",
    "print_address_description", "print_circular_bug", "print_usage_bug",
    "print_bad_irq_dependency", "print_deadlock_bug", "print_unlock_imbalance_bug",
    "lockdep_rcu_suspicious", "__might_resched", "__might_sleep", "___might_sleep",
    "nmi_cpu_backtrace", "nmi_trigger_cpumask_backtrace",
    "arch_trigger_cpumask_backtrace", "trigger_single_cpu_backtrace",
    "rcu_dump_cpu_stacks", "print_cpu_stall", "print_other_cpu_stall",
    "check_cpu_stall", "rcu_pending", "rcu_sched_clock_irq", "rcu_check_callbacks",
    "update_process_times", "tick_sched_handle", "tick_sched_timer",
    "tick_nohz_handler", "tick_periodic", "tick_handle_periodic",
    "__hrtimer_run_queues", "hrtimer_interrupt", "watchdog_timer_fn",
    "watchdog_overflow_callback", "watchdog_hardlockup_check",
    "timer_interrupt", "handle_irq", "handle_percpu_devid_irq",
    "generic_handle_domain_irq", "gic_handle_irq", "call_on_irq_stack",
    "irq_exit_rcu", "__irq_exit_rcu", "do_interrupt_handler",
    "el1_interrupt", "el1h_64_irq_handler", "el1h_64_irq",
    "__sysvec_apic_timer_interrupt", "sysvec_apic_timer_interrupt",
    "asm_sysvec_apic_timer_interrupt", "asm_common_interrupt", "common_interrupt",
    // panics, warnings, BUG()
    "panic", "__warn", "refcount_warn_saturate", "__switch_to", "__switch_to_asm", "warn_slowpath_fmt", "__warn_printk", "report_bug",
    "handle_bug", "bug_handler", "brk_handler", "call_break_hook", "do_debug_exception",
    "el1_dbg", "el1h_64_sync_handler", "el1h_64_sync", "el1_abort", "el1_undef",
    "die", "__die", "__die_body", "oops_end", "arm64_notify_die", "do_trap",
    "do_error_trap", "do_int3", "exc_invalid_op", "asm_exc_invalid_op",
    "exc_general_protection", "asm_exc_general_protection", "exc_double_fault",
    "asm_exc_double_fault", "handle_stack_overflow", "do_undefinstr", "do_el1_undef",
    // page faults
    "page_fault_oops", "kernelmode_fixup_or_oops", "__bad_area_nosemaphore",
    "bad_area_nosemaphore", "do_user_addr_fault", "exc_page_fault",
    "asm_exc_page_fault", "handle_page_fault", "do_page_fault", "__do_kernel_fault",
    "die_kernel_fault", "do_translation_fault", "do_mem_abort", "do_bad_area",
    "do_DataAbort", "do_PrefetchAbort", "__dabt_svc", "__pabt_svc",
    // sanitizers
    "kasan_report", "__kasan_report", "kasan_report_invalid_free",
    "kasan_check_range", "check_memory_region", "__kasan_check_read",
    "__kasan_check_write", "kasan_slab_free", "__kasan_slab_free",
    "____kasan_slab_free", "ubsan_epilogue", "kfence_report_error",
    "kfence_handle_page_fault", "kmsan_report", "kmsan_internal_check_memory",
    "kcsan_report", "kcsan_setup_watchpoint", "print_report_kcsan",
    // locking, scheduling, waiting
    "lock_acquire", "__lock_acquire", "lock_release", "__lock_release",
    "check_noncircular", "check_prev_add", "check_prevs_add",
    "validate_chain", "mark_lock", "mark_usage", "check_deadlock",
    "_raw_spin_lock", "_raw_spin_lock_irq", "_raw_spin_lock_irqsave",
    "_raw_spin_lock_bh", "_raw_read_lock", "_raw_write_lock", "_raw_spin_unlock",
    "_raw_spin_unlock_irqrestore", "do_raw_spin_lock", "queued_spin_lock_slowpath",
    "mutex_lock", "mutex_lock_nested", "__mutex_lock", "mutex_lock_interruptible",
    "mutex_lock_killable", "__mutex_lock_slowpath", "down", "down_read",
    "down_write", "down_interruptible", "rwsem_down_read_slowpath",
    "rwsem_down_write_slowpath", "__schedule", "schedule", "schedule_timeout",
    "schedule_preempt_disabled", "io_schedule", "io_schedule_timeout",
    "wait_for_completion", "wait_for_completion_timeout",
    "wait_for_completion_interruptible", "wait_for_completion_killable",
    "__wait_for_common", "wait_for_common", "do_wait_for_common", "msleep",
    "usleep_range_state", "schedule_hrtimeout_range_clock",
    // allocation and freeing
    "kmalloc", "__kmalloc", "kmalloc_trace", "__kmalloc_node", "kmalloc_node_trace",
    "__kmalloc_node_track_caller", "kmalloc_large", "kzalloc", "kcalloc",
    "kmem_cache_alloc", "kmem_cache_alloc_trace", "kmem_cache_alloc_node",
    "kmem_cache_alloc_lru", "__kmem_cache_alloc_node", "slab_alloc", "slab_alloc_node",
    "slab_post_alloc_hook", "kmemleak_alloc", "kmemleak_alloc_recursive",
    "__kasan_kmalloc", "kasan_kmalloc", "kfree", "__kmem_cache_free",
    "kmem_cache_free", "slab_free", "slab_free_freelist_hook", "kfree_sensitive",
    "vfree", "vmalloc", "__vmalloc_node_range", "alloc_pages", "__alloc_pages",
    "kstrdup", "kmemdup", "krealloc",
    // string and copy routines (the caller is the bug)
    "memcpy", "__memcpy", "memcpy_orig", "memcpy_erms", "memset_orig", "memset_erms",
    "memmove_orig", "memmove", "__memmove", "memset",
    "__memset", "memcmp", "strlen", "strnlen", "strcpy", "strncpy", "strscpy",
    "strcmp", "strncmp", "strchr", "strrchr", "strnchr", "strchrnul", "strstr", "strnstr",
    "strcat", "strncat", "strlcat", "strlcpy", "strsep", "strspn", "strcspn", "strpbrk",
    "memchr", "memchr_inv", "memscan", "ksize", "__ksize", "copy_to_user", "copy_from_user", "_copy_to_user",
    "_copy_from_user", "__asan_memcpy", "__asan_memset", "__asan_memmove",
    // the checks that report a misuse on the caller's behalf
    "kref_put", "kref_get", "debug_print_object", "debug_check_no_obj_freed",
    "register_lock_class",
    "look_up_lock_class", "bad_page", "free_page_is_bad", "free_page_is_bad_report",
    "check_free_page", "free_pages_prepare", "free_pcp_prepare", "free_unref_page_prepare",
    "free_unref_page", "__free_pages_ok", "__free_pages", "free_pages", "__free_page",
    "__might_fault", "__cond_resched", "might_sleep", "check_preemption_disabled",
    "debug_smp_processor_id", "__this_cpu_preempt_check", "__schedule_bug",
    "schedule_debug", "preempt_count_add", "preempt_count_sub", "spin_bug", "spin_dump",
    "rwlock_bug", "debug_spin_lock_before", "do_raw_spin_unlock", "do_raw_spin_trylock",
    "do_raw_read_lock", "do_raw_write_lock", "do_raw_read_unlock", "do_raw_write_unlock",
    "print_trailer", "object_err", "slab_err", "slab_bug", "check_bytes_and_report",
    "check_object", "free_debug_processing", "alloc_debug_processing", "__slab_free",
    "on_freelist", "free_consistency_checks", "___slab_alloc", "__slab_alloc", "report_cfi_failure", "cfi_handler",
    "handle_cfi_failure", "__cfi_slowpath", "__cfi_slowpath_diag", "arm64_serror_panic",
    "do_serror", "el1h_64_error_handler", "el1h_64_error", "el1_error", "exc_divide_error",
    "rust_begin_unwind", "rust_panic", "rust_helper_BUG",
    // the worker that runs a work item (the item is the bug)
    "process_one_work", "worker_thread", "kthread", "ret_from_fork",
};

// Parts of a Rust (v0-mangled) name that mark the panic machinery of core:
// "_RNvNtCs..._4core9panicking9panic_fmt", "..._4core6option13unwrap_failed".
constexpr std::string_view kHelperInfixes[] = {
    "4core9panicking", "4core6option13unwrap_failed", "4core6option13expect_failed",
    "4core6result13unwrap_failed", "4core6result13expect_failed",
};

constexpr std::string_view kHelperPrefixes[] = {
    "__asan_", "__ubsan_handle_", "__msan_", "__tsan_", "kasan_", "__kasan_",
    "kmsan_", "kcsan_", "lockdep_", "asm_exc_", "asm_sysvec_", "refcount_",
    "__refcount_", "debug_object", "__debug_object",
};

}  // namespace

bool is_helper_function(std::string_view function, std::string_view module) {
  if (!module.empty()) return false;
  // A hash set: this runs for every frame of every report.
  static const std::unordered_set<std::string_view> helpers(std::begin(kHelpers), std::end(kHelpers));
  if (helpers.count(function)) return true;
  for (std::string_view p : kHelperPrefixes)
    if (function.substr(0, p.size()) == p) return true;
  if (function.starts_with("_R"))
    for (std::string_view part : kHelperInfixes)
      if (function.find(part) != std::string_view::npos) return true;
  return false;
}

bool is_family_helper(std::string_view function, std::string_view skips) {
  while (!skips.empty()) {
    size_t space = skips.find(' ');
    std::string_view name = skips.substr(0, space);
    skips = space == std::string_view::npos ? std::string_view() : skips.substr(space + 1);
    if (name.empty()) continue;
    if (name.back() == '*' ? function.starts_with(name.substr(0, name.size() - 1)) : function == name) return true;
  }
  return false;
}

}  // namespace krun
