#include "krun/compare/comparison.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>

#include "common/errors.h"
#include "common/junit.h"
#include "krun/console/console_parser.h"
#include "krun/console/crash_json.h"
#include "krun/suites/skip_list.h"

namespace krun::compare {
namespace {

std::filesystem::path testdata(const std::string& f) {
  return std::filesystem::path(KPROJECT_SOURCE_DIR) / "krun/compare/testdata" / f;
}

std::vector<std::string> names(const std::vector<CaseChange>& list) {
  std::vector<std::string> n;
  for (const auto& c : list) n.push_back(c.name);
  return n;
}

using V = std::vector<std::string>;

TEST(Comparison, RecordedKrunRunsEveryKindOfChange) {
  Comparison c = compare_runs(load_run(testdata("krun-base.json")), load_run(testdata("krun-new.json")), {});
  EXPECT_EQ(names(c.regressions), V{"ltp-syscalls/fork01"});
  EXPECT_EQ(names(c.fixes), V{"kunit/list.list_test_del"});
  EXPECT_EQ(names(c.added), V{"kunit/list.list_test_new"});
  EXPECT_EQ(names(c.gone), V{"ltp-syscalls/mmap19"});
  EXPECT_TRUE(c.flaky.empty());
  // The WARNING both runs print is not new; its line and offset changed, its title did not.
  EXPECT_EQ(c.new_crashes, V{"KASAN: slab-use-after-free in fork_release"});
  EXPECT_TRUE(c.gone_crashes.empty());
  EXPECT_EQ(c.boot.name, "boot/boot");
  EXPECT_EQ(c.boot.base, "pass");
  EXPECT_EQ(c.boot.now, "pass");
  EXPECT_TRUE(c.regressed());
  // boot, the simple test, the skip, fork02, clone301 (fails on both);
  // kernel-messages is compared by its crash titles.
  EXPECT_EQ(c.unchanged, 5);
}

TEST(Comparison, ANewFailingCaseAloneIsNoRegression) {
  nlohmann::json base = {{"kunit", {{"a", {{"result", "pass"}}}}}};
  nlohmann::json now = {{"kunit", {{"a", {{"result", "pass"}}}, {"b", {{"result", "fail"}}}}}};
  Comparison c = compare_runs(read_run(base), read_run(now), {});
  EXPECT_FALSE(c.regressed());
  EXPECT_EQ(names(c.added), V{"kunit/b"});
}

TEST(Comparison, SameRunsHaveNoChange) {
  RunRecord r = load_run(testdata("krun-new.json"));
  Comparison c = compare_runs(r, r, {});
  EXPECT_FALSE(c.regressed());
  EXPECT_TRUE(c.regressions.empty() && c.fixes.empty() && c.added.empty() && c.gone.empty() && c.flaky.empty());
  EXPECT_TRUE(c.new_crashes.empty());
}

TEST(Comparison, TuxRunRunsThatNoLongerBoot) {
  Comparison c = compare_runs(load_run(testdata("tuxrun-base.json")), load_run(testdata("tuxrun-new.json")), {});
  EXPECT_EQ(c.boot.name, "lava/login-action");
  EXPECT_EQ(c.boot.base, "pass");
  EXPECT_EQ(c.boot.now, "fail");
  EXPECT_EQ(names(c.regressions), (V{"lava/job", "lava/login-action"}));
  // The tests did not run: gone, not regressed (the skipped one had nothing to lose).
  EXPECT_EQ(names(c.gone), (V{"ltp-smoke/access01", "ltp-smoke/chdir01", "ltp-smoke/shell_test01"}));
  EXPECT_TRUE(c.regressed());
}

TEST(Comparison, TuxRunAgainstKrunShapedResults) {
  // A user moving from TuxRun compares its last run with krun's first.
  nlohmann::json krun_run = {{"boot", {{"boot", {{"result", "pass"}}}, {"kernel-messages", {{"result", "pass"}, {"crashes", nlohmann::json::array()}}}}},
                             {"ltp-smoke", {{"access01", {{"result", "pass"}}}, {"chdir01", {{"result", "fail"}}},
                                            {"shell_test01", {{"result", "pass"}}}, {"df01_sh", {{"result", "pass"}}}}}};
  Comparison c = compare_runs(load_run(testdata("tuxrun-base.json")), read_run(krun_run), {});
  EXPECT_EQ(names(c.regressions), V{"ltp-smoke/chdir01"});
  EXPECT_EQ(c.boot.name, "boot/boot");
}

TEST(Comparison, LavasNumberedSuitesMeetTuxRunsNames) {
  nlohmann::json lava = {{"0_ltp-smoke", {{"access01", {{"result", "fail"}}}}}, {"lava", {{"job", {{"result", "pass"}}}}}};
  Comparison c = compare_runs(load_run(testdata("tuxrun-base.json")), read_run(lava), {});
  EXPECT_EQ(names(c.regressions), V{"ltp-smoke/access01"});
}

TEST(Comparison, SkipListLeavesCasesOut) {
  suites::SkipList skips = suites::SkipList::parse("ltp-syscalls/fork*\n");
  Comparison c = compare_runs(load_run(testdata("krun-base.json")), load_run(testdata("krun-new.json")), skips);
  EXPECT_TRUE(c.regressions.empty());
  EXPECT_TRUE(c.regressed()) << "the new KASAN report still counts";
}

TEST(Comparison, FlakyOverSeveralRunsIsReportedNotCounted) {
  nlohmann::json pass = {{"t", {{"a", {{"result", "pass"}}}, {"b", {{"result", "pass"}}}}}};
  nlohmann::json fail_a = {{"t", {{"a", {{"result", "fail"}}}, {"b", {{"result", "fail"}}}}}};
  nlohmann::json fail_b = {{"t", {{"a", {{"result", "pass"}}}, {"b", {{"result", "fail"}}}}}};
  RunRecord base = read_run(pass);
  base.add(read_run(pass));
  RunRecord now = read_run(fail_a);
  now.add(read_run(fail_b));
  Comparison c = compare_runs(base, now, {});
  EXPECT_EQ(names(c.flaky), V{"t/a"});
  EXPECT_EQ(c.flaky[0].new_tally.fails, 1);
  EXPECT_EQ(c.flaky[0].new_tally.runs, 2);
  EXPECT_EQ(names(c.regressions), V{"t/b"});
  EXPECT_EQ(c.base_runs, 2);
  EXPECT_EQ(c.new_runs, 2);
}

TEST(Comparison, RepeatedRunResultsAreTalliedFromTheirCounts) {
  nlohmann::json base = {{"ltp-syscalls", {{"fork01", {{"result", "pass"}}}, {"fork02", {{"result", "pass"}}},
                                           {"mmap19", {{"result", "pass"}}}}}};
  Comparison c = compare_runs(read_run(base), load_run(testdata("krun-repeat.json")), {});
  EXPECT_EQ(names(c.regressions), V{"ltp-syscalls/fork01"});
  EXPECT_EQ(names(c.flaky), V{"ltp-syscalls/fork02"});
  EXPECT_EQ(c.new_runs, 3);
  EXPECT_EQ(c.new_crashes, (V{"WARNING in always_noisy", "WARNING in sometimes_noisy"}));
}

TEST(Comparison, JsonTableAndJunitSayTheSame) {
  Comparison c = compare_runs(load_run(testdata("krun-base.json")), load_run(testdata("krun-new.json")), {});
  nlohmann::json j = to_json(c);
  EXPECT_EQ(j["regressed"], true);
  EXPECT_EQ(j["regressions"][0]["name"], "ltp-syscalls/fork01");
  EXPECT_EQ(j["regressions"][0]["base"], "pass");
  EXPECT_EQ(j["regressions"][0]["new"], "fail");
  EXPECT_EQ(j["gone"][0]["new"], nullptr);
  EXPECT_EQ(j["crashes"]["new"][0], "KASAN: slab-use-after-free in fork_release");
  EXPECT_EQ(j["boot"]["name"], "boot/boot");
  EXPECT_EQ(j["end_reason"]["base"], "done");

  std::string table = to_table(c);
  EXPECT_NE(table.find("regressions (1):"), std::string::npos) << table;
  EXPECT_NE(table.find("boot (boot/boot): pass -> pass; run ended: done -> done"), std::string::npos) << table;
  EXPECT_NE(table.find("ltp-syscalls/fork01"), std::string::npos) << table;
  EXPECT_NE(table.find("new crashes (1):\n  KASAN: slab-use-after-free in fork_release"), std::string::npos) << table;
  EXPECT_NE(table.find("1 regressions, 1 new crashes, 1 fixed"), std::string::npos) << table;

  auto suites = to_junit(c);
  ASSERT_EQ(suites.size(), 1u);
  int failures = 0;
  for (const auto& k : suites[0].cases) failures += k.outcome == kc::junit::Outcome::Fail;
  EXPECT_EQ(failures, 2);
  std::string xml = kc::junit::to_xml(suites);
  EXPECT_NE(xml.find("regression: pass -&gt; fail"), std::string::npos) << xml;
}

TEST(Comparison, BadInputNamesTheFile) {
  try {
    load_run(testdata("no-such.json"));
    FAIL();
  } catch (const kc::Error& e) {
    EXPECT_NE(std::string(e.what()).find("no-such.json"), std::string::npos) << e.what();
    EXPECT_EQ(e.kind(), kc::ErrorKind::Usage);
  }
  EXPECT_THROW(read_run(nlohmann::json::array()), kc::Error);
}

TEST(Comparison, AnOutputFolderIsReadThroughItsResultsJson) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("krun-compare-folder-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(testdata("krun-new.json"), dir / "results.json",
                             std::filesystem::copy_options::overwrite_existing);
  RunRecord r = load_run(dir);
  EXPECT_EQ(r.cases.at("ltp-syscalls/fork01").status(), "fail");
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  EXPECT_THROW(load_run(dir), kc::Error) << "a folder without results.json";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace krun::compare

namespace krun::compare {
namespace {

// The same WARNING on two kernels: other timestamps, line number, offsets,
// pid, CPU. The crash parser's titles leave all of that out, so the
// comparison sees the same crash.
nlohmann::json results_of_console(const std::string& console) {
  ConsoleParser parser;
  parser.feed(console);
  parser.finish();
  nlohmann::json crashes = nlohmann::json::array();
  for (const auto& c : parser.crashes()) crashes.push_back(crash_to_json(c));
  return {{"boot", {{"boot", {{"result", "pass"}}}, {"kernel-messages", {{"result", "fail"}, {"crashes", crashes}}}}}};
}

TEST(Comparison, TheSameWarningOnAnotherKernelIsNotNew) {
  std::string base = "[    4.501000] ------------[ cut here ]------------\n"
                     "[    4.501100] WARNING: CPU: 1 PID: 80 at drivers/misc/noisy.c:61 noisy_check+0x3c/0x50\n"
                     "[    4.501200] Modules linked in:\n"
                     "[    4.501500] RIP: 0010:noisy_check+0x3c/0x50\n"
                     "[    4.501700] Call Trace:\n"
                     "[    4.501800]  <TASK>\n"
                     "[    4.501900]  noisy_write+0x52/0x90\n"
                     "[    4.502200]  </TASK>\n"
                     "[    4.502300] ---[ end trace 0000000000000000 ]---\n";
  std::string moved = "[    7.100000] ------------[ cut here ]------------\n"
                      "[    7.100100] WARNING: CPU: 0 PID: 93 at drivers/misc/noisy.c:75 noisy_check+0x44/0x60\n"
                      "[    7.100200] Modules linked in: extra(O)\n"
                      "[    7.100500] RIP: 0010:noisy_check+0x44/0x60\n"
                      "[    7.100700] Call Trace:\n"
                      "[    7.100800]  <TASK>\n"
                      "[    7.100900]  noisy_write+0x60/0xa0\n"
                      "[    7.101200]  </TASK>\n"
                      "[    7.101300] ---[ end trace 0000000000000000 ]---\n";
  std::string other = "[    7.200000] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
                      "[    7.200100] #PF: supervisor read access in kernel mode\n"
                      "[    7.200200] RIP: 0010:other_fn+0x10/0x20\n";
  RunRecord b = read_run(results_of_console(base));
  ASSERT_EQ(b.crashes.size(), 1u);
  Comparison same = compare_runs(b, read_run(results_of_console(moved)), {});
  EXPECT_TRUE(same.new_crashes.empty()) << b.crashes.begin()->first;
  EXPECT_FALSE(same.regressed());
  Comparison worse = compare_runs(b, read_run(results_of_console(moved + other)), {});
  ASSERT_EQ(worse.new_crashes.size(), 1u);
  EXPECT_NE(worse.new_crashes[0].find("NULL pointer dereference"), std::string::npos) << worse.new_crashes[0];
}

}  // namespace
}  // namespace krun::compare
