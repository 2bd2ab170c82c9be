#include "krun/suites/ktap_parser.h"

#include <gtest/gtest.h>

#include "common/text_lines.h"

#include "krun/suites/testdata_reader.h"

namespace krun::suites {
namespace {

KtapParser parse(const std::string& file, std::string_view reason = "crashed") {
  KtapParser p;
  testing::feed_file(testing::testdata(file), [&](size_t n, const std::string& l) { p.on_line(n, l); });
  p.finish(reason);
  return p;
}

KtapParser parse_text(const std::string& text) {
  KtapParser p;
  size_t n = 0;
  kc::for_each_line(text, [&](std::string_view line) { p.on_line(++n, line); });
  p.finish();
  return p;
}

TEST(KtapParser, KunitSuitesWithTimestampsAndInterleavedMessages) {
  KtapParser p = parse("kunit_basic.log");
  ASSERT_EQ(p.tests().size(), 2u);
  const KtapTest& example = p.tests()[0];
  EXPECT_EQ(example.name, "example");
  EXPECT_EQ(example.outcome, Outcome::Pass);
  EXPECT_EQ(example.number, 1);
  ASSERT_EQ(example.subtests.size(), 3u);
  EXPECT_EQ(example.subtests[0].name, "example_simple_test");
  EXPECT_EQ(example.subtests[0].outcome, Outcome::Pass);
  EXPECT_EQ(example.subtests[1].name, "example_skip_test");
  EXPECT_EQ(example.subtests[1].outcome, Outcome::Skip);
  EXPECT_EQ(example.subtests[1].directive, "SKIP");
  EXPECT_EQ(example.subtests[1].reason, "this test should be skipped");
  EXPECT_EQ(example.subtests[2].outcome, Outcome::Skip);
  // Line ranges: the suite spans its header to its result line.
  EXPECT_EQ(example.first_line, 4u);
  EXPECT_EQ(example.last_line, 15u);
  EXPECT_EQ(example.subtests[1].first_line, 9u);
  EXPECT_EQ(example.subtests[1].last_line, 11u);
  // Durations come from the kernel timestamps.
  ASSERT_TRUE(example.subtests[0].duration());
  EXPECT_NEAR(*example.subtests[0].duration(), 0.0005, 1e-9);  // from the suite header

  const KtapTest& list = p.tests()[1];
  EXPECT_EQ(list.name, "list-kernel-test");
  EXPECT_EQ(list.outcome, Outcome::Fail);
  ASSERT_EQ(list.subtests.size(), 2u);
  EXPECT_EQ(list.subtests[1].name, "list_test_list_add");
  EXPECT_EQ(list.subtests[1].outcome, Outcome::Fail);
  EXPECT_TRUE(p.problems().empty());
}

TEST(KtapParser, NestedThreeLevelsWithPlanAtTheEnd) {
  KtapParser p = parse("kunit_parameterized.log");
  ASSERT_EQ(p.tests().size(), 1u);
  const KtapTest& suite = p.tests()[0];
  EXPECT_EQ(suite.name, "bitfields");
  ASSERT_EQ(suite.subtests.size(), 2u);
  const KtapTest& params = suite.subtests[1];
  EXPECT_EQ(params.name, "test_bitfields_variables");
  EXPECT_EQ(params.outcome, Outcome::Fail);
  ASSERT_EQ(params.subtests.size(), 3u);
  EXPECT_EQ(params.subtests[0].name, "u8 case");
  EXPECT_EQ(params.subtests[1].outcome, Outcome::Fail);
  EXPECT_EQ(params.subtests[2].outcome, Outcome::Skip);
  EXPECT_EQ(params.subtests[2].reason, "not on this arch");
}

TEST(KtapParser, CrashMidSuiteFailsTheOpenSuiteAsCrashed) {
  KtapParser p = parse("kunit_crash.log");
  ASSERT_EQ(p.tests().size(), 1u);
  const KtapTest& s = p.tests()[0];
  EXPECT_EQ(s.name, "string");
  EXPECT_EQ(s.outcome, Outcome::Fail);
  EXPECT_EQ(s.reason, "crashed");
  EXPECT_EQ(s.last_line, 11u);
  ASSERT_EQ(s.subtests.size(), 2u);
  EXPECT_EQ(s.subtests[1].outcome, Outcome::Pass);
  // The document planned two suites and got one.
  ASSERT_EQ(p.problems().size(), 1u);
  EXPECT_EQ(p.problems()[0], "plan 1..2 but 1 results");
}

TEST(KtapParser, FinishReasonIsUsedForOpenTests) {
  KtapParser p = parse("kunit_crash.log", "timed out");
  EXPECT_EQ(p.tests().at(0).reason, "timed out");
}

TEST(KtapParser, SeveralDocumentsAccumulate) {
  KtapParser p = parse("kunit_two_documents.log");
  ASSERT_EQ(p.tests().size(), 2u);
  EXPECT_EQ(p.tests()[0].name, "hash");
  EXPECT_EQ(p.tests()[0].outcome, Outcome::Pass);
  EXPECT_EQ(p.tests()[1].name, "krun-failing");
  EXPECT_EQ(p.tests()[1].outcome, Outcome::Fail);
  EXPECT_EQ(p.tests()[1].subtests.at(1).name, "krun_failing_case");
  EXPECT_EQ(p.tests()[1].subtests.at(1).outcome, Outcome::Fail);
  EXPECT_TRUE(p.problems().empty());
}

TEST(KtapParser, KselftestHashPrefixedNesting) {
  KtapParser p = parse("kselftest_timers.log");
  ASSERT_EQ(p.tests().size(), 4u);
  const KtapTest& posix = p.tests()[0];
  EXPECT_EQ(posix.name, "selftests: timers: posix_timers");
  EXPECT_EQ(posix.outcome, Outcome::Fail);
  EXPECT_EQ(posix.reason, "exit=1");
  EXPECT_EQ(posix.directive, "");
  ASSERT_EQ(posix.subtests.size(), 3u);
  EXPECT_EQ(posix.subtests[0].name, "Passed ITIMER_VIRTUAL");
  EXPECT_EQ(posix.subtests[1].outcome, Outcome::Pass);
  EXPECT_EQ(posix.subtests[2].outcome, Outcome::Fail);
  EXPECT_EQ(p.tests()[1].name, "selftests: timers: nanosleep");
  EXPECT_EQ(p.tests()[1].outcome, Outcome::Pass);
  EXPECT_TRUE(p.tests()[1].subtests.empty());
  EXPECT_EQ(p.tests()[2].outcome, Outcome::Skip);
  EXPECT_EQ(p.tests()[3].outcome, Outcome::Fail);
  EXPECT_EQ(p.tests()[3].directive, "TIMEOUT");
  EXPECT_EQ(p.tests()[3].reason, "45 seconds");
}

TEST(KtapParser, KselftestProgramAnnouncedButNeverEndedIsCrashed) {
  KtapParser p = parse("kselftest_crash.log");
  ASSERT_EQ(p.tests().size(), 2u);
  EXPECT_EQ(p.tests()[0].outcome, Outcome::Pass);
  EXPECT_EQ(p.tests()[0].subtests.size(), 2u);
  EXPECT_EQ(p.tests()[1].name, "selftests: exec: load_address_4096");
  EXPECT_EQ(p.tests()[1].outcome, Outcome::Fail);
  EXPECT_EQ(p.tests()[1].reason, "crashed");
  EXPECT_EQ(p.tests()[1].last_line, 11u);
}

TEST(KtapParser, Directives) {
  KtapParser p = parse("ktap_directives.log");
  ASSERT_EQ(p.tests().size(), 7u);
  const auto& t = p.tests();
  EXPECT_EQ(t[0].outcome, Outcome::Pass);
  EXPECT_EQ(t[0].name, "plain pass");
  EXPECT_EQ(t[1].outcome, Outcome::Fail);
  EXPECT_EQ(t[2].outcome, Outcome::Skip);  // a failing TODO is expected
  EXPECT_EQ(t[2].directive, "TODO");
  EXPECT_EQ(t[2].reason, "implement the frobnicator");
  EXPECT_EQ(t[3].outcome, Outcome::Pass);  // XFAIL: failed as expected
  EXPECT_EQ(t[3].directive, "XFAIL");
  EXPECT_EQ(t[4].outcome, Outcome::Fail);
  EXPECT_EQ(t[4].directive, "TIMEOUT");
  EXPECT_EQ(t[5].outcome, Outcome::Fail);
  EXPECT_EQ(t[5].directive, "ERROR");
  EXPECT_EQ(t[5].reason, "could not open device");
  EXPECT_EQ(t[6].name, "escaped \\# hash in the name");
  EXPECT_EQ(t[6].outcome, Outcome::Pass);
}

TEST(KtapParser, MissingPlansAreToleratedAndShortPlansFail) {
  KtapParser p = parse("ktap_missing_plan.log");
  ASSERT_EQ(p.tests().size(), 4u);
  EXPECT_EQ(p.tests()[2].name, "nested-without-plan");
  EXPECT_EQ(p.tests()[2].outcome, Outcome::Pass);
  EXPECT_EQ(p.tests()[2].subtests.size(), 1u);
  const KtapTest& short_plan = p.tests()[3];
  EXPECT_EQ(short_plan.outcome, Outcome::Fail);
  EXPECT_EQ(short_plan.reason, "expected 3 subtests, got 1");
  EXPECT_TRUE(p.problems().empty());
}

TEST(KtapParser, ResultsWithoutNumbersOrDescriptions) {
  KtapParser p = parse_text("TAP version 13\nok\nnot ok # SKIP no hardware\nok 3\n1..3\n");
  ASSERT_EQ(p.tests().size(), 3u);
  EXPECT_EQ(p.tests()[0].outcome, Outcome::Pass);
  EXPECT_EQ(p.tests()[1].outcome, Outcome::Skip);
  EXPECT_EQ(p.tests()[1].reason, "no hardware");
  EXPECT_EQ(p.tests()[2].number, 3);
}

TEST(KtapParser, OtherOutputIsNotTap) {
  KtapParser p = parse_text("okay then\nnot okay\n1..x\n[    1.0] ok this is a driver saying ok\n");
  // "ok this is..." after a timestamp is a result line by syntax; only the
  // exact keywords count, so "okay" and "not okay" do not.
  ASSERT_EQ(p.tests().size(), 1u);
  EXPECT_EQ(p.tests()[0].name, "this is a driver saying ok");
}

TEST(KtapParser, StartedButNeverEndedNestedTestInsideANestedTest) {
  KtapParser p = parse_text(
      "KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: outer\n    1..2\n"
      "    ok 1 - a\n        KTAP version 1\n        # Subtest: inner\n        1..2\n"
      "        ok 1 - p1\n");
  ASSERT_EQ(p.tests().size(), 1u);
  const KtapTest& outer = p.tests()[0];
  EXPECT_EQ(outer.reason, "crashed");
  ASSERT_EQ(outer.subtests.size(), 2u);
  EXPECT_EQ(outer.subtests[1].name, "inner");
  EXPECT_EQ(outer.subtests[1].outcome, Outcome::Fail);
  EXPECT_EQ(outer.subtests[1].reason, "crashed");
  EXPECT_EQ(outer.subtests[1].subtests.size(), 1u);
}

TEST(KtapParser, BailOutFailsTheSubtest) {
  KtapParser p = parse_text(
      "TAP version 13\n1..1\n    1..3\n    ok 1 - a\n    Bail out! no device\nok 1 - group\n");
  ASSERT_EQ(p.tests().size(), 1u);
  EXPECT_EQ(p.tests()[0].outcome, Outcome::Fail);
  EXPECT_EQ(p.tests()[0].reason, "bail out: no device");
}

}  // namespace
}  // namespace krun::suites
