#include "krun/console/report_frames.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "krun/console/console_parser.h"
#include "krun/console/recorded_logs_test.h"

namespace krun {
namespace {

std::vector<Crash> crashes_of(const std::string& log) {
  ConsoleParser parser;
  parser.feed(testlogs::read_testdata(log));
  parser.finish();
  return parser.crashes();
}

TEST(ReportFrames, ReadsAFrame) {
  Frame f = parse_frame("crashme_read_config+0x11/0x30 [crashme]");
  EXPECT_EQ(f.function, "crashme_read_config");
  EXPECT_EQ(f.offset, 0x11u);
  EXPECT_EQ(f.size, 0x30u);
  EXPECT_EQ(f.module, "crashme");
  Frame clone = parse_frame(" do_one_initcall.cold+0x56/0x220");
  EXPECT_EQ(clone.function, "do_one_initcall.cold");
  EXPECT_TRUE(clone.module.empty());
  Frame unreliable = parse_frame(" ? crashme_init+0x1/0x2");
  EXPECT_EQ(unreliable.function, "crashme_init");
  EXPECT_FALSE(unreliable.reliable);
  EXPECT_TRUE(clone.reliable);
  EXPECT_TRUE(parse_frame(" ? 0xffffffffc0004000").function.empty());
  EXPECT_TRUE(parse_frame("RAX: 0000000000000000").function.empty());
}

// x86: the faulting RIP, then the call trace up to the user registers;
// a "? 0x..." word that names no symbol is left out.
TEST(ReportFrames, X86FaultThenTraceUntilTheUserRegisters) {
  auto crashes = crashes_of("x86_64-null-deref.log");
  ASSERT_FALSE(crashes.empty());
  const auto& frames = crashes[0].frames;
  std::vector<std::string> names;
  for (const Frame& f : frames) names.push_back(f.function);
  EXPECT_EQ(names, (std::vector<std::string>{"crashme_read_config", "crashme_init", "do_one_initcall",
                                             "do_init_module", "__do_sys_finit_module", "do_syscall_64",
                                             "entry_SYSCALL_64_after_hwframe"}));
  EXPECT_TRUE(frames[0].at_fault);
  EXPECT_EQ(frames[0].offset, 0x11u);
  EXPECT_FALSE(frames[1].at_fault);
  EXPECT_EQ(frames[1].module, "crashme");
  EXPECT_EQ(frames[1].size, 0x1000u);
}

TEST(ReportFrames, Arm64TraceAfterItsPc) {
  auto crashes = crashes_of("arm64-null-deref.log");
  ASSERT_FALSE(crashes.empty());
  const auto& frames = crashes[0].frames;
  ASSERT_GE(frames.size(), 3u);
  EXPECT_TRUE(frames[0].at_fault);
  EXPECT_EQ(frames[0].function, "crashme_read_config");
  EXPECT_EQ(frames[1].function, "crashme_read_config");  // the trace's own first frame
  EXPECT_EQ(frames[2].function, "crashme_init");
}

// x86's guess unwinder (tinyconfig) marks every frame unreliable: they are
// all kept, for the symbolizer, and none is the title's function.
TEST(ReportFrames, GuessedFramesAreKeptAndMarked) {
  auto crashes = crashes_of("x86_64-real-sysrq-crash-guess-unwinder.log");
  ASSERT_FALSE(crashes.empty());
  std::vector<std::string> names;
  for (const Frame& f : crashes[0].frames) {
    names.push_back(f.function);
    EXPECT_FALSE(f.reliable) << f.function;
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "sysrq_handle_crash"), names.end());
}

TEST(ReportFrames, EveryRecordedReportWithATraceHasFrames) {
  for (const auto& log : testlogs::recorded_logs())
    for (const Crash& c : crashes_of(log.file))
      if (c.excerpt.find("Call Trace:") != std::string::npos || c.excerpt.find("Call trace:") != std::string::npos)
        EXPECT_FALSE(c.frames.empty()) << log.file << ": " << c.title;
}

}  // namespace
}  // namespace krun
