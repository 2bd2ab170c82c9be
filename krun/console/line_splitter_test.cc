#include "krun/console/line_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace krun {
namespace {

using Lines = std::vector<std::pair<size_t, std::string>>;

Lines split(const std::vector<std::string>& chunks, size_t max_line = 4096) {
  Lines out;
  LineSplitter s([&](size_t n, std::string_view l) { out.emplace_back(n, std::string(l)); }, max_line);
  for (const auto& c : chunks) s.feed(c);
  s.finish();
  return out;
}

TEST(LineSplitter, SplitsOnNewlineCrlfAndCr) {
  Lines l = split({"a\nb\r\nc\rd\r\r\ne"});
  EXPECT_EQ(l, (Lines{{1, "a"}, {2, "b"}, {3, "c"}, {4, "d"}, {5, "e"}}));
}

TEST(LineSplitter, KeepsEmptyLinesBetweenNewlines) {
  EXPECT_EQ(split({"a\n\n\nb\n"}), (Lines{{1, "a"}, {2, ""}, {3, ""}, {4, "b"}}));
  EXPECT_EQ(split({"a\r\n\r\nb\r\n"}), (Lines{{1, "a"}, {2, ""}, {3, "b"}}));
}

TEST(LineSplitter, CrlfSplitAcrossChunksIsOneBreak) {
  EXPECT_EQ(split({"one\r", "\ntwo\r", "\r", "\nthree"}), (Lines{{1, "one"}, {2, "two"}, {3, "three"}}));
}

TEST(LineSplitter, LineSplitAcrossManyChunks) {
  EXPECT_EQ(split({"he", "l", "lo wor", "ld\n", "x"}), (Lines{{1, "hello world"}, {2, "x"}}));
}

TEST(LineSplitter, NoTrailingLineWhenInputEndsWithBreak) {
  EXPECT_EQ(split({"a\n"}), (Lines{{1, "a"}}));
  EXPECT_TRUE(split({""}).empty());
}

TEST(LineSplitter, PassesAnyBytesThrough) {
  std::string bytes("\xff\xfe\x00\x1b[0m\x80ok", 9);
  Lines l = split({bytes + "\n"});
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].second, bytes);
}

TEST(LineSplitter, CutsOverlongLinesIntoPiecesWithTheSameNumber) {
  Lines l = split({std::string(10, 'x') + "\nnext\n"}, 4);
  EXPECT_EQ(l, (Lines{{1, "xxxx"}, {1, "xxxx"}, {1, "xx"}, {2, "next"}}));
}

TEST(LineSplitter, LineOfExactlyTheCapIsOnePiece) {
  EXPECT_EQ(split({"abcd\nef"}, 4), (Lines{{1, "abcd"}, {2, "ef"}}));
  EXPECT_EQ(split({"abcd"}, 4), (Lines{{1, "abcd"}}));
}

TEST(LineSplitter, CountsLines) {
  size_t seen = 0;
  LineSplitter s([&](size_t, std::string_view) { ++seen; });
  s.feed("1\n2\n3");
  EXPECT_EQ(s.lines(), 2u);
  s.finish();
  EXPECT_EQ(s.lines(), 3u);
  EXPECT_EQ(seen, 3u);
}

}  // namespace
}  // namespace krun
