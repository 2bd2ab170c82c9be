#include "krun/console/console_parser.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "krun/console/recorded_logs_test.h"

namespace krun {
namespace {

std::vector<Crash> parse_in_chunks(const std::string& text, size_t chunk) {
  ConsoleParser parser;
  for (size_t at = 0; at < text.size(); at += chunk) parser.feed(std::string_view(text).substr(at, chunk));
  parser.finish();
  return parser.crashes();
}

// Where the serial port happens to cut the stream must not matter.
TEST(ConsoleParser, SameCrashesWhateverTheChunkSize) {
  for (const auto& log : testlogs::recorded_logs()) {
    std::string text = testlogs::read_testdata(log.file);
    std::vector<Crash> whole = parse_in_chunks(text, text.size() + 1);
    for (size_t chunk : {1u, 2u, 7u, 64u, 4096u}) {
      std::vector<Crash> got = parse_in_chunks(text, chunk);
      ASSERT_EQ(got.size(), whole.size()) << log.file << " chunk " << chunk;
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].title, whole[i].title) << log.file << " chunk " << chunk;
        EXPECT_EQ(got[i].first_line, whole[i].first_line);
        EXPECT_EQ(got[i].last_line, whole[i].last_line);
        EXPECT_EQ(got[i].excerpt, whole[i].excerpt);
      }
    }
  }
}

TEST(ConsoleParser, ListenersSeeEveryLineInOrder) {
  ConsoleParser parser;
  std::vector<std::pair<size_t, std::string>> seen;
  parser.add_listener([&](size_t n, std::string_view l) { seen.emplace_back(n, std::string(l)); });
  size_t markers = 0;
  parser.add_listener([&](size_t, std::string_view l) {
    if (l.find("<<KRUN>>") != std::string_view::npos) ++markers;
  });
  parser.feed("[    1.0] hello\r\n<<KRUN>> BOOT\r\nKernel panic - not syncing: x\r\nlast");
  parser.finish();
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[1], (std::pair<size_t, std::string>{2, "<<KRUN>> BOOT"}));
  EXPECT_EQ(seen[3].second, "last");
  EXPECT_EQ(markers, 1u);
  EXPECT_EQ(parser.lines(), 4u);
  EXPECT_TRUE(parser.panicked());
  ASSERT_EQ(parser.crashes().size(), 1u);
}

TEST(ConsoleParser, ReadsAStream) {
  std::istringstream in(testlogs::read_testdata("x86_64-kasan-use-after-free.log"));
  ConsoleParser parser;
  parser.feed(in);
  parser.finish();
  ASSERT_EQ(parser.crashes().size(), 1u);
  EXPECT_EQ(parser.crashes()[0].kind, "kasan");
}

TEST(ConsoleParser, OverlongLinesAreCut) {
  ConsoleParser parser(DetectorLimits{}, 64);
  size_t longest = 0;
  parser.add_listener([&](size_t, std::string_view l) { longest = std::max(longest, l.size()); });
  parser.feed(std::string(100000, 'x') + "\nWARNING: CPU: 0 PID: 1 at a.c:1 foo+0x1/0x2\n");
  parser.finish();
  EXPECT_EQ(longest, 64u);
  EXPECT_EQ(parser.lines(), 2u);
  ASSERT_EQ(parser.crashes().size(), 1u);
  EXPECT_EQ(parser.crashes()[0].first_line, 2u);
}

// Benchmark hook: a 50 MB console full of crashes and noise, streamed in
// 64 KiB chunks, keeps the crash list and every excerpt within the limits.
TEST(ConsoleParser, FiftyMegabyteStreamStaysBounded) {
  std::string block;
  block += "[  100.000000] ------------[ cut here ]------------\n";
  block += "[  100.000001] WARNING: CPU: 0 PID: 1 at a.c:1 noisy_warn+0x1/0x2\n";
  block += "[  100.000002] Call Trace:\n";
  for (int i = 0; i < 40; ++i) block += "[  100.000003]  frame_" + std::to_string(i) + "+0x1/0x2\n";
  block += "[  100.000004] ---[ end trace 0000000000000000 ]---\n";
  for (int i = 0; i < 200; ++i) block += "[  100.000005] userspace says hello number " + std::to_string(i) + "\n";
  block += std::string(10000, 'z') + "\n";  // an overlong line too
  const size_t target = 50u * 1024 * 1024;
  DetectorLimits limits;
  ConsoleParser parser(limits);
  size_t fed = 0;
  std::string chunk;
  while (fed < target) {
    chunk.clear();
    while (chunk.size() < 64 * 1024) chunk += block;
    parser.feed(chunk);
    fed += chunk.size();
  }
  parser.finish();
  size_t found = parser.crashes().size() + parser.detector().crashes_dropped();
  EXPECT_GT(found, 1000u);
  EXPECT_EQ(parser.crashes().size(), limits.max_crashes);
  size_t excerpt_bytes = 0;
  for (const Crash& c : parser.crashes()) {
    EXPECT_LE(c.excerpt.size(), limits.max_excerpt_bytes + 64);
    EXPECT_EQ(c.title, "WARNING in noisy_warn");
    excerpt_bytes += c.excerpt.size();
  }
  EXPECT_LE(excerpt_bytes, limits.max_crashes * (limits.max_excerpt_bytes + 64));
}

}  // namespace
}  // namespace krun
