#include "krun/run/timeouts.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace krun {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

TEST(Timeouts, ValuesAreMinutesUnlessTheyCarryAUnit) {
  EXPECT_EQ(parse_timeout("boot", "12"), minutes(12));  // TuxRun's meaning
  EXPECT_EQ(parse_timeout("boot", "90s"), seconds(90));
  EXPECT_EQ(parse_timeout("boot", "15m"), minutes(15));
  EXPECT_EQ(parse_timeout("boot", "15min"), minutes(15));
  EXPECT_EQ(parse_timeout("run", "2h"), hours(2));
  EXPECT_EQ(parse_timeout("run", "168h"), hours(168));
}

TEST(Timeouts, WhatIsNotAPositiveDurationIsAUsageErrorNamingTheKey) {
  for (const char* bad : {"", "0", "0s", "-5", "ten", "5x", "1.5", " 5", "169h", "10081", "10000000000",
                          "35791395", "99999999999999999999999"}) {
    try {
      parse_timeout("commands", bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const kc::Error& e) {
      EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
      EXPECT_NE(std::string(e.what()).find(std::string("--timeouts commands=") + bad + ":"), std::string::npos)
          << e.what();
    }
  }
}

TEST(Timeouts, KeysAreCheckedAndUnknownOnesNamed) {
  RunTimeouts t = RunTimeouts::parse({{"deploy", "10"}, {"boot", "12"}, {"ltp-smoke", "32"},
                                      {"kselftest-timers", "3"}, {"command-2", "1"}, {"silence", "30s"}});
  EXPECT_EQ(t.deploy(), minutes(10));
  EXPECT_EQ(t.boot(), minutes(12));
  EXPECT_EQ(t.silence(), seconds(30));
  try {
    RunTimeouts::parse({{"bot", "12"}});
    ADD_FAILURE() << "an unknown key was accepted";
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("--timeouts bot=12: unknown key"), std::string::npos) << e.what();
  }
  EXPECT_THROW(RunTimeouts::parse({{"command-x", "1"}}), kc::Error);
  EXPECT_THROW(RunTimeouts::parse({{"ltp-", "1"}}), kc::Error);
}

TEST(Timeouts, DefaultsComeFromTheOneTable) {
  RunTimeouts none;
  EXPECT_EQ(none.deploy(), minutes(15));
  EXPECT_EQ(none.boot(), minutes(5));
  EXPECT_EQ(none.silence(), minutes(5));
  EXPECT_EQ(none.test("ltp-syscalls", "ltp", "ltp-<name>"), minutes(60));
  EXPECT_EQ(none.test("kselftest-size", "kselftest", "kselftest-<dir>"), minutes(30));
  for (const TimeoutRow& row : kTimeoutTable) EXPECT_EQ(default_timeout(row.key), minutes(row.default_minutes));
}

TEST(Timeouts, ATestByNameThenByFamily) {
  RunTimeouts t = RunTimeouts::parse({{"ltp", "20"}, {"ltp-syscalls", "90"}});
  EXPECT_EQ(t.test("ltp-syscalls", "ltp", "ltp-<name>"), minutes(90));
  EXPECT_EQ(t.test("ltp-smoke", "ltp", "ltp-<name>"), minutes(20));
}

// Like TuxRun's job timeout: the boot, every test and a margin, unless given.
TEST(Timeouts, TheRunIsBootPlusTheTestsUnlessGiven) {
  RunTimeouts t = RunTimeouts::parse({{"boot", "2"}});
  EXPECT_EQ(t.run({minutes(60), minutes(10)}), minutes(2 + 60 + 10 + 5));
  EXPECT_EQ(RunTimeouts::parse({{"run", "3h"}}).run({minutes(600)}), hours(3));
}

}  // namespace
}  // namespace krun
