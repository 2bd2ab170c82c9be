#include "krun/console/stack_frames.h"

#include <gtest/gtest.h>

namespace krun {
namespace {

TEST(StackFrames, ReadsFrameFunctions) {
  EXPECT_EQ(frame_function(" crashme_init+0x1d/0x1000 [crashme]"), "crashme_init");
  EXPECT_EQ(frame_function(" __mutex_lock.constprop.0+0x399/0x6b0"), "__mutex_lock");
  EXPECT_EQ(frame_function("    [<ffffffffc00020a4>] crashme_alloc_state+0x24/0x60 [crashme]"),
            "crashme_alloc_state");
  EXPECT_EQ(frame_function("[<bf000000>] (crashme_get_len [crashme]) from [<bf000078>]"), "crashme_get_len");
  EXPECT_EQ(frame_function("[<c0100000>] (foo) from [<c0100100>] (bar)"), "foo");
}

TEST(StackFrames, SkipsUnreliableFramesAndAddresses) {
  EXPECT_EQ(frame_function(" ? crashme_init+0x1d/0x1000"), "");
  EXPECT_EQ(frame_function(" ? 0xffffffffc0004000"), "");
  EXPECT_EQ(frame_function("RAX: 0000000000000000"), "");
}

TEST(StackFrames, ReadsInstructionPointers) {
  EXPECT_EQ(instruction_pointer_function("RIP: 0010:crashme_walk+0x48/0xa0 [crashme]"), "crashme_walk");
  EXPECT_EQ(instruction_pointer_function("pc : crashme_read_config+0x8/0x18 [crashme]"), "crashme_read_config");
  EXPECT_EQ(instruction_pointer_function("PC is at crashme_get_len+0x8/0x10 [crashme]"), "crashme_get_len");
  EXPECT_EQ(instruction_pointer_function("epc : riscv_fn+0x1c/0x30"), "riscv_fn");
  EXPECT_EQ(instruction_pointer_function("RIP: 0033:0x7f2b1a4f3f29"), "");
  EXPECT_EQ(instruction_pointer_function(" crashme_init+0x1d/0x1000"), "");
  // the work item a leaking worker last ran (kernel/workqueue.c)
  EXPECT_EQ(instruction_pointer_function("     last function: crashme_flush_work [crashme]"), "crashme_flush_work");
}

TEST(StackFrames, KnowsHelpers) {
  EXPECT_TRUE(is_helper_function("dump_stack_lvl"));
  EXPECT_TRUE(is_helper_function("__ubsan_handle_out_of_bounds"));
  EXPECT_TRUE(is_helper_function("kasan_report"));
  EXPECT_TRUE(is_helper_function("lock_acquire"));
  EXPECT_FALSE(is_helper_function("crashme_init"));
  EXPECT_FALSE(is_helper_function("kernel_init"));
  EXPECT_TRUE(is_helper_function("_RNvNtCs3yuwAp0waWO_4core9panicking9panic_fmt"));
  EXPECT_FALSE(is_helper_function("_RNvCsk7Q3zDqJ1TL_7crashme12crashme_read"));
}

// The reporting machinery is built into the kernel; mm/kasan/kasan_test.c's
// own test functions (kasan_test.ko) are the code under test.
TEST(StackFrames, AModulesFunctionIsNeverAHelper) {
  EXPECT_TRUE(is_helper_function("kasan_check_range", ""));
  EXPECT_FALSE(is_helper_function("kasan_strings", "kasan_test"));
  EXPECT_TRUE(is_helper_function("strchr"));
  EXPECT_TRUE(is_helper_function("ksize"));
}

TEST(StackFrames, KnowsAFamilysOwnHelpers) {
  constexpr std::string_view skips = "__list_del_entry_valid* list_del";
  EXPECT_TRUE(is_family_helper("__list_del_entry_valid", skips));
  EXPECT_TRUE(is_family_helper("__list_del_entry_valid_or_report", skips));
  EXPECT_TRUE(is_family_helper("list_del", skips));
  EXPECT_FALSE(is_family_helper("list_del_init", skips));
  EXPECT_FALSE(is_family_helper("crashme_remove_item", skips));
  EXPECT_FALSE(is_family_helper("__list_del_entry_valid", ""));
  EXPECT_FALSE(is_helper_function("__list_del_entry_valid"));  // a fault inside it is its own
}

}  // namespace
}  // namespace krun
