#include "krun/cli/log_parse_command.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "krun/console/recorded_logs_test.h"

namespace krun {
namespace {

struct ParseRun { int code; std::string out; };

ParseRun run(const std::vector<std::string>& args) {
  std::ostringstream captured;
  std::streambuf* old = std::cout.rdbuf(captured.rdbuf());
  int code = log_parse_main(args);
  std::cout.rdbuf(old);
  return {code, captured.str()};
}

TEST(LogParse, PrintsCrashesAsJsonAndExitsOne) {
  ParseRun r = run({testlogs::testdata_dir() + "/x86_64-null-deref.log"});
  EXPECT_EQ(r.code, 1);
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["crashes"].size(), 1u);
  const auto& c = j["crashes"][0];
  EXPECT_EQ(c["kind"], "null_deref");
  EXPECT_EQ(c["title"], "BUG: kernel NULL pointer dereference in crashme_read_config");
  EXPECT_EQ(c["function"], "crashme_read_config");
  // The file's lines, with its two "#krun-" header lines first.
  EXPECT_EQ(c["first_line"], 4);
  EXPECT_EQ(c["last_line"], 50);
  EXPECT_NE(c["excerpt"].get<std::string>().find("Oops: 0000 [#1]"), std::string::npos);
  EXPECT_EQ(j["panicked"], true);
  EXPECT_EQ(j["lines"], 50);
}

TEST(LogParse, RealPanicLog) {
  ParseRun r = run({testlogs::testdata_dir() + "/x86_64-real-panic-no-working-init.log"});
  EXPECT_EQ(r.code, 1);
  nlohmann::json j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["crashes"].size(), 1u);
  EXPECT_EQ(j["crashes"][0]["kind"], "panic");
  EXPECT_EQ(j["crashes"][0]["title"], "kernel panic: No working init found.");
}

TEST(LogParse, CleanLogExitsZero) {
  ParseRun r = run({testlogs::testdata_dir() + "/false-friends.log"});
  EXPECT_EQ(r.code, 0);
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j["crashes"].empty());
  EXPECT_EQ(j["panicked"], false);
}

TEST(LogParse, InvalidUtf8BecomesValidJson) {
  std::filesystem::path p = std::filesystem::temp_directory_path() / "krun-log-parse-utf8.log";
  {
    std::ofstream out(p, std::ios::binary);
    out << "WARNING: CPU: 0 PID: 1 at a.c:1 foo+0x1/0x2\nRIP: 0010:foo+0x1/0x2 \xff\xfe\n---[ end trace 0 ]---\n";
  }
  ParseRun r = run({p.string()});
  std::filesystem::remove(p);
  EXPECT_EQ(r.code, 1);
  nlohmann::json j = nlohmann::json::parse(r.out);  // throws on invalid UTF-8
  EXPECT_NE(j["crashes"][0]["excerpt"].get<std::string>().find("\xef\xbf\xbd"), std::string::npos);
}

TEST(LogParse, UnreadableFileExitsTwo) {
  EXPECT_EQ(run({"/nonexistent/console.log"}).code, 2);
  EXPECT_EQ(run({testlogs::testdata_dir()}).code, 2);  // a directory
  EXPECT_EQ(run({}).code, 2);                           // no FILE
  EXPECT_EQ(run({"a", "b"}).code, 2);
}

}  // namespace
}  // namespace krun
