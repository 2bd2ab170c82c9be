#include "krun/console/symbolizer.h"

#include <gtest/gtest.h>

namespace krun {
namespace {

// What llvm-symbolizer prints for three addresses: one inlined into its
// caller, one it knows nothing about, one plain.
constexpr std::string_view kFakeSymbolizerOutput =
    "list_del_entry\n/kbuild/src/include/linux/list.h:146:2\n"
    "crashme_remove\n/kbuild/src/drivers/misc/crashme.c:88:3\n"
    "\n"
    "??\n??:0:0\n"
    "\n"
    "sysrq_handle_crash\n/kbuild/src/drivers/tty/sysrq.c:153:2\n"
    "\n";

TEST(Symbolizer, ReadsTheInnermostLineOfEachAddress) {
  auto lines = parse_symbolizer_output(kFakeSymbolizerOutput, 3);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], (std::pair<std::string, unsigned>{"include/linux/list.h", 146}));
  EXPECT_EQ(lines[1], (std::pair<std::string, unsigned>{"", 0}));
  EXPECT_EQ(lines[2], (std::pair<std::string, unsigned>{"drivers/tty/sysrq.c", 153}));
}

TEST(Symbolizer, AShortAnswerLeavesTheRestUnresolved) {
  auto lines = parse_symbolizer_output("f\n/x/a.c:3:1\n", 2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].second, 3u);
  EXPECT_EQ(lines[1].second, 0u);
  EXPECT_EQ(parse_symbolizer_output("", 1)[0].second, 0u);
  EXPECT_EQ(parse_symbolizer_output("f\nnot a location\n", 1)[0].second, 0u);
}

TEST(Symbolizer, FileNamesAreRelativeToTheTree) {
  EXPECT_EQ(tree_relative("/kbuild/src/drivers/tty/sysrq.c"), "drivers/tty/sysrq.c");
  EXPECT_EQ(tree_relative("/kbuild/build/include/generated/x.h"), "include/generated/x.h");
  EXPECT_EQ(tree_relative("./arch/x86/kernel/traps.c"), "arch/x86/kernel/traps.c");
  EXPECT_EQ(tree_relative("/kbuild/srcx/a.c"), "/kbuild/srcx/a.c");
  EXPECT_EQ(tree_relative("/home/me/linux/mm/slub.c"), "/home/me/linux/mm/slub.c");
}

TEST(Symbolizer, TheLocationIsTheTitledFunctionsFrame) {
  Crash c;
  c.function = "crashme_init";
  c.frames = {{.function = "panic", .file = "kernel/panic.c", .line = 300},
              {.function = "crashme_helper", .file = "drivers/misc/crashme.c", .line = 10},
              {.function = "crashme_init", .file = "drivers/misc/crashme.c", .line = 42}};
  EXPECT_EQ(crash_location(c), "drivers/misc/crashme.c:42");
  // No titled function (a panic): the first frame that is not a helper.
  c.function = "";
  EXPECT_EQ(crash_location(c), "drivers/misc/crashme.c:10");
  c.frames.clear();
  EXPECT_EQ(crash_location(c), "");
}

}  // namespace
}  // namespace krun
