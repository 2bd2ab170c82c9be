// The --log-file-html page in a real browser: headless Chromium (Debian's
// `chromium`, see DEPS_RUNTIME) loads the page krun writes for a recorded
// x86_64 NULL-pointer crash plus a failed kunit case, offline from a
// file:// URL, and the rendered DOM must hold the crash title and the
// failed case; a screenshot must come out as a real picture.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "common/process.h"
#include "krun/console/console_parser.h"
#include "krun/results/html_report.h"
#include "krun/results/run_results.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

const char* kKunit =
    "KTAP version 1\n"
    "1..1\n"
    "    KTAP version 1\n"
    "    # Subtest: example\n"
    "    1..2\n"
    "    ok 1 example_simple_test\n"
    "    # example_failing_test: EXPECTATION FAILED at lib/kunit/kunit-example-test.c:42\n"
    "    Expected 1 == 2, but\n"
    "    not ok 2 example_failing_test\n"
    "not ok 1 example\n";

// Chromium in a throw-away profile with everything that would reach the
// network off: the page must render from the file alone.
std::vector<std::string> chromium_args(const fs::path& profile) {
  return {"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile.string()};
}

TEST(HtmlReportBrowser, ChromiumRendersTheCrashAndTheFailedCase) {
  fs::path chromium = kc::find_program("chromium");
  REQUIRE_OR_SKIP(!chromium.empty(), "chromium is not installed (make deps installs it)");
  testenv::TempDir dir("html-report");

  std::string console = kKunit + testenv::read_file(testenv::source_dir() / "krun/console/testdata/x86_64-null-deref.log");
  testenv::write_file(dir / "console.log", console);
  krun::ConsoleParser parser;
  parser.feed(console);
  parser.finish();
  ASSERT_FALSE(parser.crashes().empty());
  krun::BootOutcome outcome;
  outcome.crashes = parser.crashes();
  outcome.panicked = parser.panicked();
  outcome.end_reason = krun::EndReason::Panic;
  nlohmann::json results = krun::shape_results(outcome);
  krun::merge_suites(results, {{"kunit/example",
                                {{"example_simple_test", {{"result", "pass"}, {"lines", {6, 6}}}},
                                 {"example_failing_test", {{"result", "fail"}, {"lines", {7, 9}}}}}}});
  nlohmann::json meta = {{"device", "qemu-x86_64"}, {"arch", "x86_64"}, {"end_reason", "panic"},
                         {"end_detail", "the kernel panicked"}, {"exit_code", 1},
                         {"durations", {{"boot", 2.4}, {"run", 3.1}, {"total", 12.7}}},
                         {"artifacts", {{{"role", "kernel"}, {"location", "out/bzImage"}}}}};
  fs::path page = dir / "report.html";
  krun::write_html_report({results, dir / "console.log", meta}, page);
  std::string title = parser.crashes().front().title;
  EXPECT_EQ(title, "BUG: kernel NULL pointer dereference in crashme_read_config");
  std::string url = "file://" + fs::absolute(page).string();

  auto args = chromium_args(dir / "profile-dom");
  args.insert(args.end(), {"--dump-dom", url});
  auto dom = testenv::run(chromium, args, dir.path(), {{"HOME", dir.path().string()}}, std::chrono::seconds(120));
  ASSERT_FALSE(dom.timed_out) << dom.err;
  // Chromium prints noise on stderr (dbus, GPU); the DOM on stdout is the verdict.
  ASSERT_NE(dom.out.find("</html>"), std::string::npos) << dom.describe() << "\n" << dom.err;
  EXPECT_NE(dom.out.find(title), std::string::npos);
  EXPECT_NE(dom.out.find("kunit/example/example_failing_test"), std::string::npos);
  size_t first = parser.crashes().front().first_line;
  EXPECT_NE(dom.out.find("<a href=\"#L" + std::to_string(first) + "\">" + title + "</a>"), std::string::npos);
  EXPECT_NE(dom.out.find("<div id=\"L" + std::to_string(first) + "\" class=\"c cs\">"), std::string::npos);
  EXPECT_NE(dom.out.find("<details open=\"\">"), std::string::npos);  // parsed, not just echoed

  fs::path png = dir / "report.png";
  args = chromium_args(dir / "profile-shot");
  args.insert(args.end(), {"--screenshot=" + png.string(), "--window-size=1280,2000", url});
  auto shot = testenv::run(chromium, args, dir.path(), {{"HOME", dir.path().string()}}, std::chrono::seconds(120));
  ASSERT_FALSE(shot.timed_out) << shot.err;
  ASSERT_TRUE(fs::exists(png)) << shot.describe() << "\n" << shot.err;
  std::string bytes = testenv::read_file(png);
  ASSERT_GT(bytes.size(), 24u);
  EXPECT_EQ(bytes.substr(0, 8), "\x89PNG\r\n\x1a\n");
  // IHDR: width and height, big-endian, right after the signature and chunk header.
  auto be32 = [&](size_t at) {
    return (uint32_t(uint8_t(bytes[at])) << 24) | (uint32_t(uint8_t(bytes[at + 1])) << 16) |
           (uint32_t(uint8_t(bytes[at + 2])) << 8) | uint32_t(uint8_t(bytes[at + 3]));
  };
  EXPECT_EQ(be32(16), 1280u);
  EXPECT_EQ(be32(20), 2000u);
  // A blank page compresses to a few KB; text, tables and colours do not.
  EXPECT_GT(bytes.size(), 40u * 1024) << "suspiciously small screenshot: " << png;
}

}  // namespace
