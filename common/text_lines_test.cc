#include "common/text_lines.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  kc::for_each_line(text, [&](std::string_view line) { out.emplace_back(line); });
  return out;
}

TEST(TextLines, SplitsAtNewlinesAndKeepsALastLineWithoutOne) {
  EXPECT_EQ(lines_of("a\n\nb c\nlast"), (std::vector<std::string>{"a", "", "b c", "last"}));
  EXPECT_EQ(lines_of("one\n"), (std::vector<std::string>{"one"}));
  EXPECT_TRUE(lines_of("").empty());
}

TEST(TextLines, TrimRemovesBlanksAndTheCarriageReturnOfCrlfFiles) {
  EXPECT_EQ(kc::trim_blanks(" \tCONFIG_X=y \r"), "CONFIG_X=y");
  EXPECT_EQ(kc::trim_blanks("a b"), "a b");
  EXPECT_EQ(kc::trim_blanks(" \r\t "), "");
}

}  // namespace
