#include "krun/suites/ltp_parser.h"

#include <gtest/gtest.h>

#include "krun/suites/testdata_reader.h"

namespace krun::suites {
namespace {

std::vector<LtpCase> parse(const std::string& file) {
  LtpParser p;
  testing::feed_file(testing::testdata(file), [&](size_t n, const std::string& l) { p.on_line(n, l); });
  p.finish();
  return p.cases();
}

TEST(LtpParser, RunltpBlocksAndResultsTable) {
  auto cases = parse("ltp_runltp.log");
  ASSERT_EQ(cases.size(), 6u);
  EXPECT_EQ(cases[0].name, "abort01");
  EXPECT_EQ(cases[0].outcome, Outcome::Pass);
  EXPECT_EQ(cases[0].first_line, 5u);
  EXPECT_EQ(cases[0].last_line, 25u);
  EXPECT_EQ(cases[1].name, "fanotify01");
  EXPECT_EQ(cases[1].outcome, Outcome::Skip);  // TCONF
  EXPECT_EQ(cases[1].reason, "TCONF");
  ASSERT_TRUE(cases[1].duration);
  EXPECT_DOUBLE_EQ(*cases[1].duration, 0.12);
  EXPECT_EQ(cases[2].name, "mmap01");
  EXPECT_EQ(cases[2].outcome, Outcome::Fail);
  EXPECT_EQ(cases[2].reason, "TFAIL");
  EXPECT_EQ(cases[3].name, "setrlimit05");
  EXPECT_EQ(cases[3].outcome, Outcome::Fail);  // TBROK
  EXPECT_EQ(cases[3].reason, "TBROK");
  EXPECT_EQ(cases[4].name, "oldstyle01");
  EXPECT_EQ(cases[4].outcome, Outcome::Fail);  // TWARN, exit 4
  // fork13 started and never ended: the run died under it.
  EXPECT_EQ(cases[5].name, "fork13");
  EXPECT_EQ(cases[5].outcome, Outcome::Fail);
  EXPECT_EQ(cases[5].reason, "crashed");
}

TEST(LtpParser, KirkLines) {
  auto cases = parse("ltp_kirk.log");
  ASSERT_EQ(cases.size(), 5u);
  EXPECT_EQ(cases[0].outcome, Outcome::Pass);
  EXPECT_DOUBLE_EQ(*cases[0].duration, 0.012);
  EXPECT_EQ(cases[1].outcome, Outcome::Skip);
  EXPECT_EQ(cases[2].outcome, Outcome::Fail);
  EXPECT_EQ(cases[3].outcome, Outcome::Fail);
  EXPECT_EQ(cases[3].reason, "TBROK");
  EXPECT_EQ(cases[4].outcome, Outcome::Fail);
  EXPECT_EQ(cases[4].reason, "TWARN");
}

// A console line of megabytes (a test that printed without newlines) is
// read in linear time and stack, and does not become a case.
TEST(LtpParser, HugeLinesAreNotCases) {
  LtpParser p;
  p.on_line(1, std::string(4 * 1024 * 1024, 'x') + " PASS");
  p.on_line(2, "abc: " + std::string(4 * 1024 * 1024, 'y'));
  p.on_line(3, "fork01  PASS  0");
  p.finish();
  ASSERT_EQ(p.cases().size(), 1u);
  EXPECT_EQ(p.cases()[0].name, "fork01");
}

// kirk's duration is "(<digits>[.<digits>]s)"; anything else there is not a
// kirk result line.
TEST(LtpParser, KirkDurationsAreDecimalSecondsOnly) {
  LtpParser p;
  p.on_line(1, "a01: pass  (3s)");
  p.on_line(2, "b01: pass  (1e3s)");
  p.on_line(3, "c01: pass  (-1.5s)");
  p.on_line(4, "d01: pass  (.5s)");
  p.on_line(5, "e01: pass  (inf s)");
  p.finish();
  ASSERT_EQ(p.cases().size(), 1u);
  EXPECT_EQ(p.cases()[0].name, "a01");
  EXPECT_DOUBLE_EQ(*p.cases()[0].duration, 3.0);
}

TEST(LtpParser, ExitCodeDecidesWhenNoResultLines) {
  LtpParser p;
  size_t n = 0;
  for (const char* l : {"<<<test_start>>>", "tag=shell01 stime=1", "<<<test_output>>>", "hello",
                        "<<<execution_status>>>", "duration=3 termination_type=exited termination_id=32",
                        "<<<test_end>>>"})
    p.on_line(++n, l);
  p.finish();
  ASSERT_EQ(p.cases().size(), 1u);
  EXPECT_EQ(p.cases()[0].outcome, Outcome::Skip);
  EXPECT_DOUBLE_EQ(*p.cases()[0].duration, 3);
}

}  // namespace
}  // namespace krun::suites
