#include "krun/suites/suite_results.h"

#include <gtest/gtest.h>

#include "common/errors.h"

#include "krun/suites/skip_list.h"

namespace krun::suites {
namespace {

TEST(SuiteResults, JsonHasTuxRunShapeWithOptionalFields) {
  SuiteResults r;
  r.add("kunit/example", "example_simple_test", {Outcome::Pass, 0.00049, "", 7, 8});
  r.add("commands", "false", {Outcome::Fail, std::nullopt, "exit code 1", 0, 0});
  nlohmann::json j = r.to_json();
  EXPECT_EQ(j["kunit/example"]["example_simple_test"]["result"], "pass");
  EXPECT_DOUBLE_EQ(j["kunit/example"]["example_simple_test"]["duration"].get<double>(), 0.0);
  EXPECT_EQ(j["kunit/example"]["example_simple_test"]["lines"], nlohmann::json::array({7, 8}));
  EXPECT_FALSE(j["kunit/example"]["example_simple_test"].contains("reason"));
  EXPECT_EQ(j["commands"]["false"]["result"], "fail");
  EXPECT_EQ(j["commands"]["false"]["reason"], "exit code 1");
  EXPECT_FALSE(j["commands"]["false"].contains("duration"));
  EXPECT_FALSE(j["commands"]["false"].contains("lines"));
  EXPECT_TRUE(r.any_failed());
}

TEST(SuiteResults, DuplicateNamesAreKept) {
  SuiteResults r;
  r.add("commands", "true", {Outcome::Pass});
  r.add("commands", "true", {Outcome::Fail});
  auto j = r.to_json();
  EXPECT_EQ(j["commands"]["true"]["result"], "pass");
  EXPECT_EQ(j["commands"]["true #2"]["result"], "fail");
}

TEST(SuiteResults, SummaryTableCountsPerSuiteAndListsFailures) {
  SuiteResults r;
  r.add("kunit/example", "a", {Outcome::Pass});
  r.add("kunit/example", "b", {Outcome::Skip});
  r.add("kunit/example", "c", {Outcome::Skip});
  r.add("commands", "false", {Outcome::Fail, std::nullopt, "exit code 1"});
  EXPECT_EQ(r.summary_table(),
            "suite           pass   fail   skip\n"
            "commands           0      1      0\n"
            "kunit/example      1      0      2\n"
            "total              1      1      2\n"
            "failed: commands/false (exit code 1)\n");
}

TEST(SuiteResults, SkipListTurnsListedCasesIntoSkip) {
  SuiteResults r;
  r.add("kselftest-timers", "posix_timers", {Outcome::Fail});
  r.add("kselftest-timers", "nanosleep", {Outcome::Fail});
  r.add("ltp-syscalls", "fork13", {Outcome::Fail});
  r.add("ltp-syscalls", "fork01", {Outcome::Pass});
  r.apply_skip_list(SkipList::parse("# known broken\ntimers:posix_timers\nltp-syscalls/fork1*\n"));
  auto j = r.to_json();
  EXPECT_EQ(j["kselftest-timers"]["posix_timers"]["result"], "skip");
  EXPECT_EQ(j["kselftest-timers"]["posix_timers"]["reason"], "in skip list");
  EXPECT_EQ(j["kselftest-timers"]["nanosleep"]["result"], "fail");
  EXPECT_EQ(j["ltp-syscalls"]["fork13"]["result"], "skip");
  EXPECT_EQ(j["ltp-syscalls"]["fork01"]["result"], "pass");
}

TEST(SkipList, PlainAndYamlForms) {
  SkipList plain = SkipList::parse("a\n  b  # why\n\n# c\n");
  EXPECT_EQ(plain.entries(), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(plain.matches("any-suite", "b"));
  EXPECT_FALSE(plain.matches("any-suite", "c"));
  SkipList yaml = SkipList::parse(
      "skiplist:\n  - reason: hangs\n    tests:\n      - timers:rtcpie\n      - fork13\n"
      "  - reason: flaky\n    tests: [mmap01]\n");
  EXPECT_EQ(yaml.entries(), (std::vector<std::string>{"timers:rtcpie", "fork13", "mmap01"}));
  EXPECT_TRUE(yaml.matches("kselftest-timers", "rtcpie"));
  EXPECT_FALSE(yaml.matches("kselftest-size", "rtcpie"));
}

TEST(SkipList, BadYamlIsAUsageError) {
  EXPECT_THROW(SkipList::parse("skiplist: [unclosed\n"), std::exception);
}

// Found by the skip_list fuzz target: YAML of another shape (a scalar root,
// tests as a map) threw yaml-cpp's own exceptions past kc::Error.
TEST(SkipList, YamlOfAnotherShapeIsAUsageErrorNotACrash) {
  for (const char* text : {"x: y\nskiplist: 3\n", "skiplist:\n  - tests: {a: b}\n",
                           "skiplist:\n  - tests: [[nested]]\n", "skiplist: x\n", "- skiplist: a\n"}) {
    try {
      SkipList::parse(text);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const kc::Error& e) {
      EXPECT_EQ(e.kind(), kc::ErrorKind::Usage) << text;
      EXPECT_NE(std::string(e.what()).find("skip list"), std::string::npos) << e.what();
    }
  }
  // An entry without tests (other boards only) is not an error.
  EXPECT_EQ(SkipList::parse("skiplist:\n  - reason: boards\n  - tests: [a]\n").entries(),
            (std::vector<std::string>{"a"}));
}

// A crash while krun's modules suite loaded a module fails that module's
// case, and only in the suites krun's scripts judge.
TEST(SuiteResults, ACrashInsideAJudgedCaseFailsThatCase) {
  SuiteResults r;
  CaseRecord loaded;
  loaded.result = Outcome::Pass;
  loaded.first_line = 10;
  loaded.last_line = 12;
  CaseRecord crashed = loaded;
  crashed.first_line = 13;
  crashed.last_line = 20;
  r.add("modules", "test_ok", loaded);
  r.add("modules", "test_oops", crashed);
  r.add("ltp-smoke", "fork01", crashed);
  r.fail_cases_with_crashes({"modules"}, {{15, "BUG: kernel NULL pointer dereference in oops_init"}});
  auto j = r.to_json();
  EXPECT_EQ(j["modules"]["test_ok"]["result"], "pass");
  EXPECT_EQ(j["modules"]["test_oops"]["result"], "fail");
  EXPECT_EQ(j["modules"]["test_oops"]["reason"], "crash: BUG: kernel NULL pointer dereference in oops_init");
  EXPECT_EQ(j["ltp-smoke"]["fork01"]["result"], "pass");  // not a suite krun's scripts judge
}

}  // namespace
}  // namespace krun::suites
