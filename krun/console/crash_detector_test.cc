#include "krun/console/crash_detector.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "krun/console/console_parser.h"
#include "krun/console/recorded_logs_test.h"

namespace krun {
namespace {

using testlogs::ExpectedCrash;
using testlogs::RecordedLog;

std::vector<Crash> parse(const std::string& text, DetectorLimits limits = {}) {
  ConsoleParser parser(limits);
  parser.feed(text);
  parser.finish();
  return parser.crashes();
}

void expect_crashes(const std::string& what, const std::vector<Crash>& got,
                    const std::vector<ExpectedCrash>& want, size_t line_shift = 0) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(what + " crash #" + std::to_string(i));
    EXPECT_EQ(got[i].kind, want[i].kind);
    EXPECT_EQ(got[i].title, want[i].title);
    EXPECT_EQ(got[i].function, want[i].function);
    EXPECT_EQ(got[i].first_line, want[i].first_line + line_shift);
    EXPECT_EQ(got[i].last_line, want[i].last_line + line_shift);
    EXPECT_EQ(got[i].truncated, want[i].truncated);
    EXPECT_EQ(got[i].panicked, want[i].panicked);
    EXPECT_FALSE(got[i].excerpt.empty());
  }
}

// The same log as the console would show it with other printk settings.
std::string without_timestamps(const std::string& log) {
  return std::regex_replace(log, std::regex(R"(\[ *[0-9]+\.[0-9]+\] ?)"), "");
}
std::string with_caller_ids(const std::string& log) {
  return std::regex_replace(log, std::regex(R"((\[ *[0-9]+\.[0-9]+\]))"), "$1[    T42]");
}
std::string with_log_levels(const std::string& log) {
  return std::regex_replace(log, std::regex(R"((^|\n)(\[ *[0-9]+\.[0-9]+\]))"), "$1<4>$2");
}
std::string with_crlf(const std::string& log) {
  return std::regex_replace(log, std::regex("\n"), "\r\n");
}

TEST(CrashDetector, RecordedLogs) {
  for (const RecordedLog& log : testlogs::recorded_logs()) {
    expect_crashes(log.file, parse(testlogs::read_testdata(log.file)), log.crashes);
  }
}

TEST(CrashDetector, RecordedLogsWithoutTimestamps) {
  for (const RecordedLog& log : testlogs::recorded_logs()) {
    expect_crashes(log.file, parse(without_timestamps(testlogs::read_testdata(log.file))), log.crashes);
  }
}

TEST(CrashDetector, RecordedLogsWithCallerIdsLogLevelsAndCrlf) {
  for (const RecordedLog& log : testlogs::recorded_logs()) {
    std::string text = testlogs::read_testdata(log.file);
    expect_crashes(log.file + " +caller", parse(with_caller_ids(text)), log.crashes);
    expect_crashes(log.file + " +level", parse(with_log_levels(text)), log.crashes);
    expect_crashes(log.file + " +level+caller", parse(with_log_levels(with_caller_ids(text))), log.crashes);
    expect_crashes(log.file + " +crlf", parse(with_crlf(text)), log.crashes);
  }
}

TEST(CrashDetector, RecordedLogsAfterBinaryGarbage) {
  static const char kGarbage[] = "\xff\xfe\x00\x80\xc3\x28 \x1b[2J garbage\n";
  std::string garbage(kGarbage, sizeof kGarbage - 1);
  for (const RecordedLog& log : testlogs::recorded_logs()) {
    expect_crashes(log.file + " +garbage", parse(garbage + testlogs::read_testdata(log.file)), log.crashes, 1);
  }
}

// Cut every log in the middle of its first report: the report is still
// found, from the same first line, and flagged truncated unless it had
// already panicked (the kernel prints nothing after a panic).
TEST(CrashDetector, TruncatedReportsAreStillReported) {
  for (const RecordedLog& log : testlogs::recorded_logs()) {
    if (log.crashes.empty()) continue;
    const ExpectedCrash& first = log.crashes.front();
    size_t cut_line = first.first_line + (first.last_line - first.first_line) / 2;
    if (cut_line == first.first_line && first.last_line > first.first_line) ++cut_line;
    std::string text = testlogs::read_testdata(log.file);
    size_t at = 0;
    for (size_t line = 0; line < cut_line && at != std::string::npos; ++line) {
      at = text.find('\n', at);
      if (at != std::string::npos) ++at;
    }
    std::vector<Crash> got = parse(text.substr(0, at));
    SCOPED_TRACE(log.file + " cut after line " + std::to_string(cut_line));
    ASSERT_FALSE(got.empty());
    EXPECT_EQ(got[0].kind, first.kind);
    EXPECT_EQ(got[0].first_line, first.first_line);
    EXPECT_LE(got[0].last_line, cut_line);
    if (first.last_line > cut_line) {
      EXPECT_EQ(got[0].truncated, !got[0].panicked);
    }
  }
}

TEST(CrashDetector, PanicFollowingAnOopsIsPartOfIt) {
  CrashDetector d;
  size_t n = 0;
  for (const char* l : {"BUG: kernel NULL pointer dereference, address: 0000000000000000",
                        "Oops: 0000 [#1] PREEMPT SMP NOPTI", "RIP: 0010:foo+0x1/0x2",
                        "---[ end trace 0000000000000000 ]---", "RIP: 0010:foo+0x1/0x2",
                        "Kernel panic - not syncing: Fatal exception", "Kernel Offset: disabled"}) {
    d.on_line(++n, l);
  }
  d.finish();
  ASSERT_EQ(d.crashes().size(), 1u);
  EXPECT_TRUE(d.panicked());
  EXPECT_TRUE(d.crashes()[0].panicked);
  EXPECT_EQ(d.crashes()[0].last_line, 7u);
  EXPECT_NE(d.crashes()[0].excerpt.find("[... 1 lines ...]"), std::string::npos);
}

TEST(CrashDetector, InitSegfaultPanicIsItsOwnCrash) {
  CrashDetector d;
  d.on_line(1, "init[1]: segfault at 0 ip 0000000000401136 sp 00007ffc8b1d2e10 error 6 in init[401000+1000]");
  d.on_line(2, "Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b");
  d.finish();
  ASSERT_EQ(d.crashes().size(), 1u);
  EXPECT_EQ(d.crashes()[0].kind, "panic");
  EXPECT_EQ(d.crashes()[0].title, "kernel panic: Attempted to kill init!");
  EXPECT_FALSE(d.crashes()[0].truncated);
}

TEST(CrashDetector, AttemptedToKillInitAfterAWarningIsNotJoined) {
  CrashDetector d;
  d.on_line(1, "WARNING: CPU: 0 PID: 1 at a.c:1 foo+0x1/0x2");
  d.on_line(2, "---[ end trace 0000000000000000 ]---");
  d.on_line(3, "Kernel panic - not syncing: Attempted to kill init! exitcode=0x00000009");
  d.finish();
  ASSERT_EQ(d.crashes().size(), 2u);
  EXPECT_EQ(d.crashes()[1].kind, "panic");
}

TEST(CrashDetector, ConsecutiveReportsAreSeparateCrashes) {
  CrashDetector d;
  size_t n = 0;
  for (int i = 0; i < 2; ++i) {
    d.on_line(++n, "WARNING: CPU: 0 PID: 1 at a.c:1 foo+0x1/0x2");
    d.on_line(++n, "Call Trace:");
    d.on_line(++n, " bar+0x1/0x2");
  }
  d.on_line(++n, "BUG: KASAN: use-after-free in baz+0x1/0x2");
  d.on_line(++n, "Write of size 4 at addr ffff888000000000 by task sh/1");
  d.finish();
  ASSERT_EQ(d.crashes().size(), 3u);
  EXPECT_EQ(d.crashes()[0].last_line, 3u);
  EXPECT_EQ(d.crashes()[1].first_line, 4u);
  EXPECT_EQ(d.crashes()[2].title, "KASAN: use-after-free Write in baz");
  EXPECT_TRUE(d.crashes()[2].truncated);
}

TEST(CrashDetector, NonUtf8BytesInsideAReport) {
  std::string log =
      "[    1.000000] WARNING: CPU: 0 PID: 7 at a.c:1 f\xe9te+0x1/0x2\n"
      "[    1.000001] CPU: 0 PID: 7 Comm: \xff\xfe\x80 Not tainted\n"
      "[    1.000002] ---[ end trace 0000000000000000 ]---\n";
  std::vector<Crash> got = parse(log);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].kind, "warning");
  EXPECT_EQ(got[0].last_line, 3u);
  EXPECT_NE(got[0].excerpt.find("\xff\xfe\x80"), std::string::npos);  // kept verbatim
}

TEST(CrashDetector, ExcerptsAndCrashListAreBounded) {
  DetectorLimits limits;
  limits.max_crashes = 3;
  limits.max_excerpt_lines = 10;
  limits.max_excerpt_bytes = 400;
  std::string log;
  for (int i = 0; i < 5; ++i) {
    log += "WARNING: CPU: 0 PID: 1 at a.c:1 foo+0x1/0x2\nCall Trace:\n";
    for (int j = 0; j < 100; ++j) log += " frame" + std::to_string(j) + "+0x1/0x2\n";
    log += "---[ end trace 0000000000000000 ]---\n";
  }
  ConsoleParser parser(limits);
  parser.feed(log);
  parser.finish();
  ASSERT_EQ(parser.crashes().size(), 3u);
  EXPECT_EQ(parser.detector().crashes_dropped(), 2u);
  for (const Crash& c : parser.crashes()) {
    EXPECT_LE(c.excerpt.size(), 400u + 40u);
    EXPECT_NE(c.excerpt.find("more lines ...]"), std::string::npos);
    EXPECT_EQ(c.last_line - c.first_line, 102u);
  }
}

TEST(CrashDetector, ReportEndsAfterTooManyUnrelatedLines) {
  CrashDetector d;
  d.on_line(1, "INFO: task sh:1 blocked for more than 120 seconds.");
  d.on_line(2, "Call Trace:");
  d.on_line(3, " foo+0x1/0x2");
  size_t n = 3;
  for (int i = 0; i < 20; ++i) d.on_line(++n, "userspace chatter");
  d.finish();
  ASSERT_EQ(d.crashes().size(), 1u);
  EXPECT_EQ(d.crashes()[0].last_line, 3u);
  EXPECT_FALSE(d.crashes()[0].truncated);
  EXPECT_EQ(d.crashes()[0].excerpt.find("chatter"), std::string::npos);
}

TEST(CrashDetector, NoCrashNoPanic) {
  CrashDetector d;
  d.on_line(1, "Linux version 6.1.0");
  d.on_line(2, "Kernel command line: console=ttyS0 panic=-1");
  d.finish();
  EXPECT_TRUE(d.crashes().empty());
  EXPECT_FALSE(d.panicked());
}

}  // namespace
}  // namespace krun
