#include "krun/cli/subcommands.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace krun {
namespace {

TEST(Subcommands, EveryEntryHasWordsASummaryAndAnEntryPoint) {
  ASSERT_GE(subcommands().size(), 6u);
  for (const auto& s : subcommands()) {
    EXPECT_FALSE(s.words.empty());
    EXPECT_FALSE(s.summary.empty()) << s.words[0];
    EXPECT_TRUE(bool(s.main)) << s.words[0];
  }
}

TEST(Subcommands, ACommandLineThatStartsWithNoneIsARun) {
  EXPECT_FALSE(run_subcommand({}).has_value());
  EXPECT_FALSE(run_subcommand({"--kernel", "bzImage"}).has_value());
  EXPECT_FALSE(run_subcommand({"--", "compare"}).has_value());
}

TEST(Subcommands, TheWordsAfterTheSubcommandReachItsEntryPoint) {
  // `krun suites list` prints the catalogue and exits 0.
  testing::internal::CaptureStdout();
  auto code = run_subcommand({"suites", "list"});
  std::string out = testing::internal::GetCapturedStdout();
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0);
  EXPECT_NE(out.find("ltp-smoke"), std::string::npos) << out;
}

TEST(Subcommands, HalfATwoWordSubcommandIsAUsageErrorNamingTheWholeOne) {
  try {
    run_subcommand({"log", "FILE"});
    FAIL() << "no error";
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
    EXPECT_NE(std::string(e.what()).find("krun log parse"), std::string::npos) << e.what();
  }
}

TEST(Subcommands, HelpListsEverySubcommand) {
  std::string help = subcommands_help();
  for (const auto& s : subcommands()) EXPECT_NE(help.find("krun " + s.words[0]), std::string::npos) << help;
  EXPECT_NE(help.find("krun log parse"), std::string::npos);
}

}  // namespace
}  // namespace krun
