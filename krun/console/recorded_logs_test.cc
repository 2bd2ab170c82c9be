// Table of the recorded logs (named *_test.cc so it is built only into the
// unit-test binary).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "krun/console/recorded_logs_test.h"

namespace krun::testlogs {

std::string testdata_dir() { return std::string(KPROJECT_SOURCE_DIR) + "/krun/console/testdata"; }

std::string read_testdata(const std::string& file) {
  std::ifstream in(testdata_dir() + "/" + file, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing testdata " << file;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::vector<RecordedLog>& recorded_logs() {
  static const std::vector<RecordedLog> logs = {
      // Captured from a real tinyconfig 6.1 kernel under qemu-system-x86_64
      // (see testdata/README.md). iPXE ends one of its lines with a bare \r,
      // which is a line break here, so numbers are one more than grep -n's.
      {"x86_64-real-panic-no-working-init.log",
       {{"panic", "kernel panic: No working init found.", "", 94, 95, false, true}}},
      {"x86_64-real-panic-requested-init.log",
       {{"panic", "kernel panic: Requested init /nonexistent failed (error -2).", "", 91, 92, false, true}}},
      {"x86_64-real-sysrq-crash.log",
       {{"panic", "kernel panic: sysrq triggered crash", "", 92, 93, false, true}}},
      // Written for the tests, in the kernel's formats.
      {"x86_64-null-deref.log",
       {{"null_deref", "BUG: kernel NULL pointer dereference in crashme_read_config", "crashme_read_config", 2, 48, false, true}}},
      {"arm64-null-deref.log",
       {{"null_deref", "BUG: kernel NULL pointer dereference in crashme_read_config", "crashme_read_config", 2, 48, false, true}}},
      {"arm-null-deref.log",
       {{"null_deref", "BUG: kernel NULL pointer dereference in crashme_get_len", "crashme_get_len", 1, 14}}},
      {"x86_64-page-fault.log",
       {{"page_fault", "BUG: unable to handle kernel paging request in crashme_clear_buffer", "crashme_clear_buffer", 2, 38}}},
      {"arm64-paging-request.log",
       {{"page_fault", "BUG: unable to handle kernel paging request in __list_del_entry_valid", "__list_del_entry_valid", 1, 32}}},
      {"x86_64-kernel-bug.log",
       {{"bug", "kernel BUG in crashme_check_list", "crashme_check_list", 2, 27, false, true}}},
      {"arm64-kernel-bug.log",
       {{"bug", "kernel BUG in crashme_check_pages", "crashme_check_pages", 1, 26, false, true}}},
      {"x86_64-warning.log", {{"warning", "WARNING in crashme_put", "crashme_put", 2, 23}}},
      {"arm64-warning.log", {{"warning", "WARNING in crashme_validate", "crashme_validate", 1, 22}}},
      {"x86_64-warning-interleaved.log",
       {{"warning", "WARNING in crashme_check_state", "crashme_check_state", 3, 19}}},
      {"x86_64-warning-panic-on-warn.log",
       {{"warning", "WARNING in crashme_warn_once", "crashme_warn_once", 1, 18, false, true}}},
      {"x86_64-warning-then-vfs-panic.log",
       {{"warning", "WARNING in really_probe", "really_probe", 1, 10},
        {"panic", "kernel panic: VFS: Unable to mount root fs on unknown-block(0,0)", "mount_block_root", 14, 29, false, true}}},
      {"x86_64-kasan-use-after-free.log",
       {{"kasan", "KASAN: slab-use-after-free Read in crashme_use_buffer", "crashme_use_buffer", 2, 45}}},
      {"x86_64-kfence.log", {{"kfence", "KFENCE: use-after-free read in crashme_peek", "crashme_peek", 1, 24}}},
      {"x86_64-kcsan.log",
       {{"kcsan", "KCSAN: data-race in crashme_counter_inc / crashme_counter_read", "crashme_counter_inc", 1, 21}}},
      {"x86_64-kmsan.log", {{"kmsan", "KMSAN: uninit-value in crashme_parse", "crashme_parse", 1, 15}}},
      {"x86_64-ubsan.log",
       {{"ubsan", "UBSAN: array-index-out-of-bounds in crashme_fill_table", "crashme_fill_table", 1, 18}}},
      {"arm64-ubsan-cut-here.log",
       {{"ubsan", "UBSAN: shift-out-of-bounds in crashme_make_mask", "crashme_make_mask", 1, 17}}},
      {"x86_64-general-protection-fault.log",
       {{"general_protection_fault", "general protection fault in crashme_walk", "crashme_walk", 2, 20}}},
      {"x86_64-rcu-stall.log",
       {{"rcu_stall", "INFO: rcu detected stall in crashme_spin", "crashme_spin", 1, 29, true}}},
      {"arm64-rcu-stall.log",
       {{"rcu_stall", "INFO: rcu detected stall in crashme_busy_loop", "crashme_busy_loop", 1, 14}}},
      {"x86_64-hung-task.log", {{"hung_task", "INFO: task hung in crashme_take_both", "crashme_take_both", 1, 15}}},
      {"x86_64-soft-lockup.log",
       {{"soft_lockup", "BUG: soft lockup in crashme_spin_irqsoff", "crashme_spin_irqsoff", 1, 25, false, true}}},
      {"arm64-soft-lockup.log",
       {{"soft_lockup", "BUG: soft lockup in crashme_busy_loop", "crashme_busy_loop", 1, 17, true}}},
      {"x86_64-hard-lockup.log",
       {{"hard_lockup", "BUG: hard lockup in crashme_spin_irqsoff", "crashme_spin_irqsoff", 1, 16, false, true}}},
      {"x86_64-lockdep-circular.log",
       {{"lockdep", "possible deadlock in crashme_take_both", "crashme_take_both", 2, 59}}},
      {"x86_64-lockdep-inconsistent.log",
       {{"lockdep", "inconsistent lock state in crashme_irq", "crashme_irq", 2, 40, true}}},
      {"x86_64-double-fault-traps.log",
       {{"double_fault", "double fault in crashme_bad_stack", "crashme_bad_stack", 2, 11, false, true}}},
      {"x86_64-double-fault.log",
       {{"bug", "BUG: stack guard page was hit in crashme_recurse", "crashme_recurse", 2, 19, false, true}}},
      {"x86_64-invalid-opcode.log",
       {{"invalid_opcode", "invalid opcode in crashme_trampoline", "crashme_trampoline", 2, 14}}},
      {"arm64-internal-error-undef.log",
       {{"internal_error", "Internal error: Oops - Undefined instruction in crashme_bad_insn", "crashme_bad_insn", 1, 14}}},
      {"arm-unhandled-fault.log",
       {{"unhandled_fault", "Unhandled fault: imprecise external abort in crashme_mmio_read", "crashme_mmio_read", 2, 20}}},
      {"x86_64-kmemleak.log",
       {{"kmemleak", "kmemleak: suspected memory leaks", "", 1, 1},
        {"kmemleak", "memory leak in crashme_alloc_state", "crashme_alloc_state", 2, 12, true}}},
      {"x86_64-oom.log", {{"oom", "OOM: killed process stress", "", 1, 23}}},
      {"false-friends.log", {}},
  };
  return logs;
}

// Every recorded log in testdata/ has its expectations in the table.
TEST(RecordedLogs, EveryTestdataLogIsListed) {
  std::set<std::string> listed;
  for (const RecordedLog& log : recorded_logs()) listed.insert(log.file);
  size_t logs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(testdata_dir())) {
    if (entry.path().extension() != ".log") continue;
    ++logs;
    EXPECT_TRUE(listed.count(entry.path().filename().string())) << entry.path();
  }
  EXPECT_EQ(logs, listed.size());
}

}  // namespace krun::testlogs
