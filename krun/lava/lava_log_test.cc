#include "krun/lava/lava_log.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/atomic_file.h"
#include "common/errors.h"

namespace krun::lava {
namespace {

namespace fs = std::filesystem;

const fs::path kTestdata = fs::path(KPROJECT_SOURCE_DIR) / "krun/lava/testdata";

// A real lava-run log (LAVA 2023.01, x86_64, two commands: `uname -m` and
// `false`), with the download progress lines left out.
TEST(LavaLog, ConsoleAndResultsOfARealJob) {
  LavaLog log = read_lava_log(kTestdata / "lava_run_x86_64_commands.yaml");
  EXPECT_GT(log.entries, 200u);
  auto has_line = [&](const std::string& l) { return std::find(log.console.begin(), log.console.end(), l) != log.console.end(); };
  EXPECT_TRUE(has_line("<<KRUN>> BOOT"));
  EXPECT_TRUE(has_line("<<KRUN>> END command-2 1"));
  EXPECT_TRUE(has_line("<<KRUN>> DONE"));
  EXPECT_TRUE(has_line("x86_64"));  // uname -m in the guest
  ASSERT_EQ(log.console.size(), log.console_seconds.size());
  EXPECT_GT(log.console_seconds.back(), log.console_seconds.front());
  auto result = [&](const std::string& def, const std::string& c) {
    for (const auto& r : log.results)
      if (r.definition == def && r.test_case == c) return r.result;
    return std::string("absent");
  };
  EXPECT_EQ(result("krun", "command_1"), "pass");
  EXPECT_EQ(result("krun", "command_2"), "fail");
  EXPECT_EQ(result("lava", "job"), "pass");
}

TEST(LavaLog, ALabsListFormAndStrayLines) {
  auto log = parse_lava_log(
      "- {\"dt\": \"2026-12-01T23:59:59.5\", \"lvl\": \"target\", \"msg\": \"<<KRUN>> BOOT\\r\"}\n"
      "not a log line\n"
      "- {\"dt\": \"2026-12-02T00:00:00.5\", \"lvl\": \"target\", \"msg\": \"after midnight\"}\n"
      "- {\"dt\": \"x\", \"lvl\": \"results\", \"msg\": {\"definition\": \"lava\", \"case\": \"job\", \"result\": \"fail\"}}\n"
      "- {\"dt\": \"2026-12-02T00:00:01\", \"lvl\": \"target\", \"msg\": \"cut off");
  EXPECT_EQ(log.entries, 3u);
  ASSERT_EQ(log.console.size(), 2u);
  EXPECT_EQ(log.console[0], "<<KRUN>> BOOT");
  EXPECT_DOUBLE_EQ(log.console_seconds[1], 1.0);
  ASSERT_EQ(log.results.size(), 1u);
  EXPECT_EQ(log.results[0].result, "fail");
}

// The entry lava-run ends a failed job with (lava-run's `finally`): the
// error's class and message, e.g. an artifact URL the worker cannot fetch.
TEST(LavaLog, AFailedJobCarriesLavasErrorTypeAndMessage) {
  auto log = parse_lava_log(
      "- {\"dt\": \"2026-12-02T00:00:00\", \"lvl\": \"results\", \"msg\": {\"definition\": \"lava\", "
      "\"case\": \"job\", \"result\": \"fail\", \"error_msg\": \"Unable to fetch "
      "http://lab.invalid/bzImage\", \"error_type\": \"Infrastructure\"}}\n");
  ASSERT_EQ(log.results.size(), 1u);
  EXPECT_EQ(log.results[0].error, "Infrastructure: Unable to fetch http://lab.invalid/bzImage");
  ASSERT_NE(job_result(log), nullptr);
  EXPECT_EQ(job_result(log)->result, "fail");
  EXPECT_EQ(job_result(parse_lava_log("- {\"lvl\": \"target\", \"msg\": \"cut off before the end\"}\n")), nullptr);
}

TEST(LavaLog, AFileWithoutEntriesIsAUsageError) {
  fs::path f = fs::temp_directory_path() / "krun-lava-log-test.txt";
  kc::write_file_atomic(f, "hello\n");
  EXPECT_THROW(read_lava_log(f), kc::Error);
  EXPECT_THROW(read_lava_log("/nonexistent/output.yaml"), kc::Error);
  fs::remove(f);
}

}  // namespace
}  // namespace krun::lava
