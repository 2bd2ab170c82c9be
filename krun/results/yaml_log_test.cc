#include "krun/results/yaml_log.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include "common/atomic_file.h"
#include "krun/lava/lava_log.h"

namespace krun {
namespace {

TEST(YamlLog, EveryLineIsALavaRecordAndTheResultsFollow) {
  auto path = std::filesystem::temp_directory_path() / ("krun-yaml-log-" + std::to_string(getpid()) + ".yaml");
  {
    YamlLogWriter w(path);
    w.line("[    0.000000] Linux version 6.1.0");
    w.line("quotes \" and \\ and: colons - dashes # hashes");
    w.line(std::string("bad utf-8 \xff\xfe here"));
    w.line("krun: booting", "info");
    w.results({{"boot", {{"boot", {{"result", "pass"}}}}}, {"ltp-smoke", {{"fork01", {{"result", "fail"}}}}}});
    w.close();
  }
  YAML::Node doc = YAML::LoadFile(path.string());
  ASSERT_TRUE(doc.IsSequence());
  ASSERT_EQ(doc.size(), 6u);
  EXPECT_EQ(doc[0]["lvl"].as<std::string>(), "target");
  EXPECT_EQ(doc[0]["msg"].as<std::string>(), "[    0.000000] Linux version 6.1.0");
  EXPECT_EQ(doc[1]["msg"].as<std::string>(), "quotes \" and \\ and: colons - dashes # hashes");
  EXPECT_EQ(doc[2]["msg"].as<std::string>(), "bad utf-8 \xef\xbf\xbd\xef\xbf\xbd here");
  EXPECT_EQ(doc[3]["lvl"].as<std::string>(), "info");
  EXPECT_EQ(doc[0]["dt"].as<std::string>().size(), std::string("2026-12-04T20:31:22.123456").size());
  // LAVA's log reader (krun lava results) takes it.
  lava::LavaLog log = lava::parse_lava_log(kc::read_file(path));
  ASSERT_EQ(log.results.size(), 2u);
  bool saw_fork = false;
  for (const auto& r : log.results)
    if (r.definition == "ltp-smoke" && r.test_case == "fork01" && r.result == "fail") saw_fork = true;
  EXPECT_TRUE(saw_fork);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace krun
