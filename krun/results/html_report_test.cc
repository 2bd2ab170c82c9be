#include "krun/results/html_report.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/scratch_folder.h"
#include "krun/results/html_console.h"
#include "krun/results/html_text.h"

namespace krun {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

const char* kTitle = "BUG: kernel NULL pointer dereference, address: 0000000000000008";

// Results in the shape of shape_results + merge_suites: a crash on lines
// 3-5 and a failed kunit case on line 6.
nlohmann::json sample_results() {
  return {{"boot", {{"boot", {{"result", "pass"}, {"duration", 1.5}}},
                    {"kernel-messages", {{"result", "fail"},
                                         {"crashes", {{{"kind", "null-deref"}, {"title", kTitle},
                                                       {"function", "crashme_read_config"}, {"first_line", 3},
                                                       {"last_line", 5}, {"panicked", false},
                                                       {"truncated", false}, {"excerpt", "BUG: ...\nOops\n"}}}}}}}},
          {"kunit/example", {{"example_simple_test", {{"result", "pass"}, {"lines", {6, 6}}}},
                             {"example_failing_test", {{"result", "fail"}, {"reason", "expectation failed"},
                                                       {"lines", {7, 8}}}},
                             {"example_skip_test", {{"result", "skip"}}}}}};
}

// A std::string: the last line holds a NUL byte.
const std::string kConsole =
    "[    0.000000] Linux version 6.1.0 (gcc 12) #1 SMP\n"
    "<script>alert(1)</script> & co\n"
    "[    2.412876] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
    "[    2.413011] #PF: supervisor read access in kernel mode\n"
    "[    2.413301] Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
    "    ok 1 example_simple_test\n"
    "    # example_failing_test: EXPECTATION FAILED\n"
    "    not ok 2 example_failing_test\n"
    "\x1b[1;31mred\x1b[0m \xff\xfe bytes \xc0\xaf nul\x00 end\n"s;

struct Page {
  kc::ScratchFolder dir{fs::temp_directory_path(), "html-report-test"};
  std::string html;
  void write(const HtmlReportInput& in) {
    write_html_report(in, dir.path() / "report.html");
    html = kc::read_file(dir.path() / "report.html");
  }
  bool has(const std::string& s) const { return html.find(s) != std::string::npos; }
  // The row of console line n, from its <div to its </div>.
  std::string row(size_t n) const {
    size_t at = html.find("<div id=\"L" + std::to_string(n) + "\"");
    if (at == std::string::npos) return "";
    return html.substr(at, html.find("</div>", at) - at);
  }
};

HtmlReportInput sample_input(const Page& p) {
  kc::write_file_atomic(p.dir.path() / "console.log", kConsole);
  nlohmann::json meta = {{"device", "qemu-x86_64"}, {"arch", "x86_64"},
                         {"end_reason", "done"}, {"end_detail", "the guest finished its work"},
                         {"exit_code", 1}, {"durations", {{"boot", 2.5}, {"total", 75.0}}},
                         {"artifacts", {{{"role", "kernel"}, {"location", "out/bzImage"}}}}};
  return {sample_results(), p.dir.path() / "console.log", meta};
}

TEST(HtmlReport, HeaderSaysHowTheRunEnded) {
  Page p;
  p.write(sample_input(p));
  EXPECT_TRUE(p.html.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(p.has("<span class=\"badge fail\">FAIL</span>"));
  for (const char* s : {"qemu-x86_64", "x86_64", "out/bzImage", "Linux version 6.1.0 (gcc 12) #1 SMP",
                        "done: the guest finished its work", "1 (a test failed or the kernel crashed)",
                        "boot 2.5 s", "total 1m15s", "<a href=\"console.log\">"})
    EXPECT_TRUE(p.has(s)) << s;
  // Self-contained: nothing fetched, nothing run.
  for (const char* s : {"<script", "<link", "<img", "src=", "http://", "https://"}) EXPECT_FALSE(p.has(s)) << s;
}

TEST(HtmlReport, SuiteTableCountsEachResult) {
  Page p;
  p.write(sample_input(p));
  EXPECT_TRUE(p.has("<tr><td>boot</td><td class=\"n\">1</td><td class=\"n bad\">1</td><td class=\"n\">0</td>"
                    "<td class=\"n\">0</td></tr>"));
  EXPECT_TRUE(p.has("<tr><td>kunit/example</td><td class=\"n\">1</td><td class=\"n bad\">1</td>"
                    "<td class=\"n\">1</td><td class=\"n\">0</td></tr>"));
  EXPECT_LT(p.html.find("<td>boot</td>"), p.html.find("<td>kunit/example</td>"));  // boot first
}

TEST(HtmlReport, EscapesConsoleText) {
  Page p;
  p.write(sample_input(p));
  EXPECT_EQ(p.row(2), "<div id=\"L2\"><a href=\"#L2\">2</a>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
}

TEST(HtmlReport, EveryLineHasItsAnchor) {
  Page p;
  p.write(sample_input(p));
  for (size_t n = 1; n <= 9; ++n) EXPECT_NE(p.row(n), "") << n;
  EXPECT_EQ(p.row(10), "");
  EXPECT_FALSE(p.has("class=\"gap\""));  // a short log is shown whole
}

TEST(HtmlReport, CrashLinesHighlightedAndTitleLinked) {
  Page p;
  p.write(sample_input(p));
  EXPECT_TRUE(p.has(std::string("<h3><a href=\"#L3\">") + kTitle + "</a></h3>"));
  EXPECT_TRUE(p.has("lines 3–5"));
  EXPECT_TRUE(p.has("<details open><summary>report</summary><pre>BUG: ...\nOops\n</pre></details>"));
  EXPECT_TRUE(p.row(3).starts_with("<div id=\"L3\" class=\"c cs\">")) << p.row(3);
  EXPECT_TRUE(p.row(4).starts_with("<div id=\"L4\" class=\"c\">"));
  EXPECT_TRUE(p.row(5).starts_with("<div id=\"L5\" class=\"c\">"));
  EXPECT_TRUE(p.row(6).starts_with("<div id=\"L6\">"));  // a passing case is not marked
}

TEST(HtmlReport, FailedCaseListedWithItsLink) {
  Page p;
  p.write(sample_input(p));
  EXPECT_TRUE(p.has("<tr><td><a href=\"#L7\">kunit/example/example_failing_test</a></td>"
                    "<td>expectation failed</td><td>lines 7–8</td></tr>"));
  EXPECT_TRUE(p.has("<a href=\"#crashes\">boot/kernel-messages</a></td><td>1 crash</td>"));
  EXPECT_TRUE(p.row(7).starts_with("<div id=\"L7\" class=\"f\">"));
  EXPECT_TRUE(p.row(8).starts_with("<div id=\"L8\" class=\"f\">"));
  EXPECT_FALSE(p.has("example_simple_test</a>"));
}

TEST(HtmlReport, AnsiCodesStrippedAndInvalidUtf8Replaced) {
  Page p;
  p.write(sample_input(p));
  EXPECT_EQ(p.row(9), "<div id=\"L9\"><a href=\"#L9\">9</a>red \xEF\xBF\xBD\xEF\xBF\xBD bytes \xEF\xBF\xBD\xEF\xBF\xBD"
                      " nul\xE2\x90\x80 end");
  EXPECT_EQ(p.html.find('\x1b'), std::string::npos);
  EXPECT_EQ(p.html.find('\0'), std::string::npos);
  EXPECT_EQ(p.html.find('\xff'), std::string::npos);
}

TEST(HtmlReport, TextHelperKeepsValidUtf8AndRejectsSurrogatesAndOverlongs) {
  EXPECT_EQ(html::text("ü € 😀 \"q\" 'a'"), "ü € 😀 &quot;q&quot; &#39;a&#39;");
  EXPECT_EQ(html::text("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  EXPECT_EQ(html::text("\xe0\x80\xaf"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  EXPECT_EQ(html::text("a\x1b]0;title\x07" "b\x1b(Bc\x1b[?25ld\x1b"), "abcd");
  EXPECT_EQ(html::file_url("/tmp/a b/c#1.log"), "file:///tmp/a%20b/c%231.log");
}

TEST(HtmlReport, LinesNumberedLikeTheConsoleParser) {
  Page p;
  kc::write_file_atomic(p.dir.path() / "console.log", "one\r\ntwo\rthree\r\r\nfour");
  p.write({nlohmann::json::object(), p.dir.path() / "console.log", nullptr});
  EXPECT_TRUE(p.row(1).ends_with(">one"));
  EXPECT_TRUE(p.row(2).ends_with(">two"));
  EXPECT_TRUE(p.row(3).ends_with(">three"));
  EXPECT_TRUE(p.row(4).ends_with(">four"));
  EXPECT_EQ(p.row(5), "");
}

TEST(HtmlReport, HugeLogShowsHeadTailAndCrashWithANote) {
  Page p;
  const size_t total = 200000, crash = 100000;
  {
    std::ofstream log(p.dir.path() / "console.log", std::ios::binary);
    for (size_t n = 1; n <= total; ++n)
      log << "[ " << n << "] " << (n == crash ? kTitle : "some kernel message that repeats") << '\n';
  }
  nlohmann::json crashes = nlohmann::json::array();
  crashes.push_back({{"title", kTitle}, {"first_line", crash}, {"last_line", crash + 5}});
  nlohmann::json results;
  results["boot"]["kernel-messages"] = {{"result", "fail"}, {"crashes", crashes}};
  p.write({results, p.dir.path() / "console.log", nullptr});
  EXPECT_NE(p.row(1), "");
  EXPECT_NE(p.row(html::kHeadLines), "");
  EXPECT_EQ(p.row(html::kHeadLines + 1), "");
  EXPECT_EQ(p.row(50000), "");
  EXPECT_NE(p.row(crash), "");  // its link lands
  EXPECT_NE(p.row(crash + 5), "");
  EXPECT_EQ(p.row(crash + 6), "");
  EXPECT_EQ(p.row(total - html::kTailLines), "");
  EXPECT_NE(p.row(total - html::kTailLines + 1), "");
  EXPECT_NE(p.row(total), "");
  EXPECT_TRUE(p.has("Showing 4006 of 200000 lines"));
  EXPECT_TRUE(p.has("⋯ lines 2001–99999 not shown (97999 lines); the full log is <a href=\"console.log\">"));
  EXPECT_TRUE(p.has("⋯ lines 100006–198000 not shown"));
  EXPECT_LT(p.html.size(), 2u << 20);
}

TEST(HtmlReport, OverlongLineIsCutSayingSo) {
  Page p;
  kc::write_file_atomic(p.dir.path() / "console.log", "a\n" + std::string(10000, 'x') + "\nb\n");
  p.write({nlohmann::json::object(), p.dir.path() / "console.log", nullptr});
  EXPECT_TRUE(p.row(2).ends_with(std::string(html::kShownLineBytes, 'x') + "<span class=\"cut\"> … " +
                                 std::to_string(10000 - html::kShownLineBytes) + " more bytes on this line</span>"));
  EXPECT_TRUE(p.row(3).ends_with(">b"));
}

TEST(HtmlReport, MissingConsoleStillGivesAPage) {
  Page p;
  p.write({sample_results(), p.dir.path() / "nope.log", nullptr});
  EXPECT_TRUE(p.has("could not be read"));
  EXPECT_TRUE(p.has(kTitle));
  EXPECT_TRUE(p.has("<span class=\"badge fail\">FAIL</span>"));  // from the results, without metadata
}

TEST(HtmlReport, UnwritablePageThrowsNamingIt) {
  Page p;
  kc::write_file_atomic(p.dir.path() / "file", "x");
  fs::path out = p.dir.path() / "file" / "report.html";
  try {
    write_html_report({sample_results(), {}, nullptr}, out);
    FAIL() << "no error";
  } catch (const kc::Error& e) {
    EXPECT_EQ(e.kind(), kc::ErrorKind::Infrastructure);
    EXPECT_NE(std::string(e.what()).find(out.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace krun
