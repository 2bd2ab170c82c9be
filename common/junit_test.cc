#include "common/junit.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace kc::junit {
namespace {

TEST(JunitEscape, MarkupCharactersBecomeEntities) {
  EXPECT_EQ(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(escape("l1\nl2\tx\r"), "l1&#10;l2&#9;x&#13;");
}

TEST(JunitEscape, ForbiddenBytesAreReplacedAndUtf8Kept) {
  // ESC (terminal colours in a console log), NUL and a lone 0xff byte are
  // not allowed in XML 1.0; valid multi-byte UTF-8 passes unchanged.
  EXPECT_EQ(escape(std::string("\x1b[31mred\x00!", 10)), "?[31mred?!");
  EXPECT_EQ(escape("caf\xc3\xa9 \xe2\x9c\x93"), "caf\xc3\xa9 \xe2\x9c\x93");
  EXPECT_EQ(escape("bad\xff\xc3"), "bad??");
  EXPECT_EQ(escape("\xc0\xaf"), "??");  // overlong encoding of '/'
}

TEST(JunitXml, CountsEachOutcomeAndNestsCases) {
  Suite build{"kbuild", -1, {}};
  build.cases.push_back({"config", "", Outcome::Pass, 1.5, "", "", ""});
  build.cases.push_back({"kernel", "", Outcome::Fail, 2.25, "make failed", "error: x <y>", ""});
  build.cases.push_back({"modules", "", Outcome::Skip, 0, "CONFIG_MODULES is not set", "", ""});
  Suite boot{"boot", 9.0, {}};
  boot.cases.push_back({"boot", "krun.boot", Outcome::Error, 9.0, "boot-timeout", "", "console tail"});

  std::string xml = to_xml({build, boot});
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u);
  EXPECT_NE(xml.find("<testsuites tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"12.750\">"),
            std::string::npos) << xml;
  EXPECT_NE(xml.find("<testsuite name=\"kbuild\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\" time=\"3.750\">"),
            std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase name=\"config\" classname=\"kbuild\" time=\"1.500\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<failure message=\"make failed\">error: x &lt;y&gt;</failure>"), std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"CONFIG_MODULES is not set\"/>"), std::string::npos);
  EXPECT_NE(xml.find("classname=\"krun.boot\" time=\"9.000\">\n      <error message=\"boot-timeout\"/>\n"
                     "      <system-out>console tail</system-out>\n    </testcase>"),
            std::string::npos) << xml;
  EXPECT_EQ(xml.substr(xml.size() - 14), "</testsuites>\n");
}

TEST(JunitXml, EmptyReportIsStillADocument) {
  EXPECT_EQ(to_xml({}),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0.000\">\n</testsuites>\n");
}

TEST(JunitXml, WriteProducesTheSameBytes) {
  auto path = std::filesystem::temp_directory_path() / ("junit_test_" + std::to_string(::getpid()) + ".xml");
  std::vector<Suite> suites = {{"s", -1, {{"c", "", Outcome::Pass, 0.1, "", "", ""}}}};
  write(path, suites);
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), to_xml(suites));
  std::filesystem::remove(path);
}

TEST(JunitOutcome, FromResultWords) {
  EXPECT_EQ(outcome_from_result("pass"), Outcome::Pass);
  EXPECT_EQ(outcome_from_result("PASS"), Outcome::Pass);
  EXPECT_EQ(outcome_from_result("WARNING"), Outcome::Pass);  // kbuild: built, with warnings
  EXPECT_EQ(outcome_from_result("fail"), Outcome::Fail);
  EXPECT_EQ(outcome_from_result("SKIP"), Outcome::Skip);
  EXPECT_EQ(outcome_from_result("unknown"), Outcome::Error);
  EXPECT_EQ(outcome_from_result("whatever"), Outcome::Error);
}

}  // namespace
}  // namespace kc::junit
