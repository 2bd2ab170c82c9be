// The ltp-<name> flow without QEMU: the guest files krun generates (the
// step script and krun's real LTP runner, ltp/runner.sh) run on the host over
// a fake LTP install (tests/integration/fixtures/ltp-install-fixture, a TEST
// FIXTURE, not LTP), framed by the guest protocol's markers; then
// `krun suites parse` turns that console log into results.json.
#include <gtest/gtest.h>

#include <fstream>

#include "common/json_file.h"
#include "tests/support/ltp_source.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

fs::path fixtures() { return testenv::source_dir() / "tests/integration/fixtures"; }

TEST(SuitesLtp, GeneratedScriptRunsKrunsRunnerAndResultsAreParsed) {
  testenv::TempDir dir;
  testenv::write_file(dir / "skip", "fixture_skipped\nltp-other/fixture_pass\n");
  auto scripts = testenv::run(testenv::krun_bin(), {"suites", "scripts", "--output", (dir / "guest").string(),
                                                    "--tests", "ltp-smoke", "--skipfile", (dir / "skip").string()});
  ASSERT_EQ(scripts.exit_code, 0) << scripts.out << scripts.err;
  fs::path script = dir / "guest/krun/tests/001-ltp-smoke.sh";
  ASSERT_TRUE(fs::exists(script));
  ASSERT_TRUE(fs::exists(dir / "guest/krun/ltp-runner"));
  EXPECT_EQ(testenv::read_file(dir / "guest/krun/tests/001-ltp-smoke.timeout"), "3600\n");
  // Only the entry that can name a test of ltp-smoke reaches the guest.
  EXPECT_EQ(testenv::read_file(dir / "guest/krun/ltp-skipfile"), "fixture_skipped\n");

  auto guest = testenv::run("/bin/sh", {script.string()}, dir.path(),
                            {{"KRUN_LTP_DIR", (fixtures() / "ltp-install-fixture").string()},
                             {"TMPDIR", dir.path().string()}});
  ASSERT_EQ(guest.exit_code, 1) << guest.out << guest.err;  // the fixture has failing tests
  EXPECT_NE(guest.out.find("<<<test_start>>>\ntag=fixture_pass stime="), std::string::npos) << guest.out;
  EXPECT_NE(guest.out.find("krun: fixture_skipped is in the skip list; not run"), std::string::npos) << guest.out;
  testenv::write_file(dir / "console.log", "<<KRUN>> START ltp-smoke\n" + guest.out +
                                               "<<KRUN>> END ltp-smoke 1\n<<KRUN>> DONE\n");

  auto parsed = testenv::run(testenv::krun_bin(),
                             {"suites", "parse", (dir / "console.log").string(), "--tests", "ltp-smoke",
                              "--skipfile", (dir / "skip").string(), "--results",
                              (dir / "results.json").string()});
  EXPECT_EQ(parsed.exit_code, 1) << parsed.err;
  auto j = kc::read_json_file(dir / "results.json")["ltp-smoke"];
  EXPECT_EQ(j["fixture_pass"]["result"], "pass");
  EXPECT_TRUE(j["fixture_pass"]["duration"].is_number());
  EXPECT_EQ(j["fixture_conf"]["result"], "skip");
  EXPECT_EQ(j["fixture_brok"]["result"], "fail");
  EXPECT_EQ(j["fixture_brok"]["reason"], "TBROK");
  EXPECT_EQ(j["fixture_fail"]["result"], "fail");
  EXPECT_EQ(j["fixture_fail"]["reason"], "TFAIL");
  EXPECT_EQ(j["fixture_skipped"]["result"], "skip");
  EXPECT_EQ(j["fixture_skipped"]["reason"], "in skip list");
  EXPECT_NE(parsed.err.find("ltp-smoke      1      2      2"), std::string::npos) << parsed.err;
}

TEST(SuitesLtp, RunnerSaysWhenTheInstallLacksTheRuntestFile) {
  testenv::TempDir dir;
  auto scripts = testenv::run(testenv::krun_bin(),
                              {"suites", "scripts", "--output", (dir / "guest").string(), "--tests", "ltp-syscalls"});
  ASSERT_EQ(scripts.exit_code, 0) << scripts.err;
  auto guest = testenv::run("/bin/sh", {(dir / "guest/krun/tests/001-ltp-syscalls.sh").string()}, dir.path(),
                            {{"KRUN_LTP_DIR", (fixtures() / "ltp-install-fixture").string()}});
  EXPECT_EQ(guest.exit_code, 2);
  EXPECT_NE(guest.out.find("krun: no runtest file"), std::string::npos) << guest.out;
}

TEST(SuitesLtp, RecordedConsoleLog) {
  testenv::TempDir dir;
  auto parsed = testenv::run(testenv::krun_bin(),
                             {"suites", "parse", (fixtures() / "ltp-smoke-console.log").string(),
                              "--tests", "ltp-smoke", "--results", (dir / "results.json").string()});
  EXPECT_EQ(parsed.exit_code, 1) << parsed.err;
  auto j = kc::read_json_file(dir / "results.json")["ltp-smoke"];
  EXPECT_EQ(j.size(), 5u);
  EXPECT_EQ(j["fixture_fail"]["lines"], nlohmann::json::array({32, 39}));
}

TEST(SuitesLtp, UnknownTestIsAUsageErrorWithExitCode2) {
  testenv::TempDir dir;
  auto r = testenv::run(testenv::krun_bin(),
                        {"suites", "scripts", "--output", dir.path().string(), "--tests", "ltp-"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("E: --tests ltp-: not an LTP runtest name"), std::string::npos) << r.err;
}

// `krun ltp build` refuses bad input before any image or compiler is
// involved: one E: line, exit 2, nothing left in the cache.
TEST(KrunLtpBuild, BadSourcesAndNamesAreOneLineErrors) {
  fs::path release = testenv::ltp_release_tarball();
  REQUIRE_OR_SKIP(fs::exists(release), release.string() + " is missing");
  testenv::TempDir dir;
  auto build = [&](const std::string& tests, const std::string& source) {
    return testenv::run(testenv::krun_bin(), {"ltp", "build", "--arch", "arm64", "--tests", tests, "--cache-dir",
                                              (dir / "cache").string(), "--parameters", "LTP_SOURCE=" + source});
  };
  auto unknown = build("ltp-no_such_suite", release.string());
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("E: LTP 20260529 has no runtest file 'no_such_suite'"), std::string::npos) << unknown.err;
  EXPECT_NE(unknown.err.find("smoketest"), std::string::npos) << unknown.err;

  // The release's file name with other bytes: not the release.
  fs::create_directories(dir / "tampered");
  fs::copy_file(release, dir / "tampered/ltp-20260529.tar.xz");
  {
    std::fstream f(dir / "tampered/ltp-20260529.tar.xz", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100000);
    f.put('\x42');
  }
  auto tampered = build("ltp-smoke", (dir / "tampered/ltp-20260529.tar.xz").string());
  EXPECT_EQ(tampered.exit_code, 2);
  EXPECT_NE(tampered.err.find("is not LTP release 20260529"), std::string::npos) << tampered.err;

  testenv::write_file(dir / "corrupt.tar.xz", "not an archive at all");
  auto corrupt = build("ltp-smoke", (dir / "corrupt.tar.xz").string());
  EXPECT_EQ(corrupt.exit_code, 2);
  EXPECT_NE(corrupt.err.find("cannot be unpacked"), std::string::npos) << corrupt.err;

  auto not_ltp = build("kunit", release.string());
  EXPECT_EQ(not_ltp.exit_code, 2);
  EXPECT_NE(not_ltp.err.find("--tests takes LTP tests only"), std::string::npos) << not_ltp.err;

  for (auto* r : {&unknown, &tampered, &corrupt})
    EXPECT_EQ(std::count(r->err.begin(), r->err.end(), '\n'), 1) << r->err;  // one line
  // No entry, no scratch left behind.
  for (const auto& e : fs::directory_iterator(dir / "cache/ltp"))
    EXPECT_TRUE(e.path().filename() == "downloads" || e.path().filename() == "tmp" || e.path().extension() == ".lock")
        << e.path();
  if (fs::exists(dir / "cache/ltp/tmp")) {
    EXPECT_TRUE(fs::is_empty(dir / "cache/ltp/tmp"));
  }
}

}  // namespace
