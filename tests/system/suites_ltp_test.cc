// LTP for real: krun builds LTP 20260529 (the release's tarball from
// ../shared/ltp, given as LTP_SOURCE) for the guest's userland in its build
// image, caches it, puts it into the `full` rootfs, boots the shared x86_64
// and arm64 kernels (built with ltp/kernel.config) and runs runtest/smoketest
// with krun's LTP runner: every case by name, with LTP's own verdict.
#include <gtest/gtest.h>

#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/json_file.h"
#include "tests/support/ltp_source.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

std::string shared_cache() { return testenv::krun_system_cache().string(); }

struct KrunRun {
  kc::ProcessResult process;
  nlohmann::json results, metadata;
  std::string console;
};

KrunRun krun(const testenv::TempDir& dir, std::vector<std::string> args) {
  std::vector<std::string> all = {"--cache-dir", shared_cache(), "--timeouts", "boot=300s",
                                  "--results", (dir / "results.json").string(),
                                  "--metadata", (dir / "metadata.json").string(),
                                  "--log-file", (dir / "console.log").string()};
  all.insert(all.end(), args.begin(), args.end());
  KrunRun r;
  r.process = testenv::run(testenv::krun_bin(), all, {}, testenv::ltp_env(), std::chrono::seconds(2400));
  if (fs::exists(dir / "results.json")) r.results = kc::read_json_file(dir / "results.json");
  if (fs::exists(dir / "metadata.json")) r.metadata = kc::read_json_file(dir / "metadata.json");
  if (fs::exists(dir / "console.log")) r.console = testenv::read_file(dir / "console.log");
  return r;
}

struct LtpDevice { const char* device; const char* kernel; };

class SuitesLtpSmoke : public ::testing::TestWithParam<LtpDevice> {};

TEST_P(SuitesLtpSmoke, SmoketestRunsForRealAndTheSecondRunBuildsNothing) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  REQUIRE_OR_SKIP(fs::exists(testenv::ltp_release_tarball()), testenv::ltp_release_tarball().string() + " is missing");
  const LtpDevice& c = GetParam();
  auto kernel = testenv::system_kernel(c.kernel);
  const std::vector<std::string> args = {"--device", c.device, "--kbuild", kernel.dir.string(), "--tests", "ltp-smoke",
                                         "--parameters", "LTP_SOURCE=" + testenv::ltp_release_tarball().string()};
  testenv::TempDir first("ltp-first");
  KrunRun r = krun(first, args);
  ASSERT_EQ(r.process.exit_code, 0) << r.process.err << "\n" << r.results.dump(2);
  const auto& smoke = r.results["ltp-smoke"];
  // Every test of runtest/smoketest by its tag, with LTP's verdict.
  for (const char* tag : {"access01", "chdir01", "fork01", "time01", "wait02", "write01", "stat04", "splice02",
                          "df01_sh", "shell_test01", "ping602", "macsec02"})
    ASSERT_TRUE(smoke.contains(tag)) << tag << "\n" << smoke.dump(2);
  // df01 formats a loop device with mke2fs and checks df against coreutils'
  // stat; ping602 and macsec02 need a network the guest does not have (TCONF).
  for (const char* tag : {"access01", "chdir01", "fork01", "time01", "wait02", "write01", "stat04", "splice02",
                          "df01_sh", "shell_test01"}) {
    EXPECT_EQ(smoke[tag]["result"], "pass") << tag << "\n" << smoke.dump(2);
    EXPECT_TRUE(smoke[tag]["duration"].is_number()) << tag;
    EXPECT_TRUE(smoke[tag]["lines"].is_array()) << tag;
  }
  EXPECT_EQ(r.metadata["ltp"]["version"], "20260529");
  EXPECT_TRUE(r.metadata["kconfig_check"]["ltp_missing"].empty()) << r.metadata["kconfig_check"].dump(2);
  // The real programs ran: their LTP library's own lines are on the console.
  EXPECT_NE(r.console.find("TINFO: LTP version: 20260529"), std::string::npos);
  EXPECT_NE(r.console.find("fork01.c:"), std::string::npos);

  testenv::TempDir second("ltp-second");
  KrunRun again = krun(second, args);
  ASSERT_EQ(again.process.exit_code, 0) << again.process.err;
  EXPECT_EQ(again.metadata["ltp"]["built"], false) << again.metadata["ltp"].dump(2);
  EXPECT_EQ(again.metadata["ltp"]["install"], r.metadata["ltp"]["install"]);
  EXPECT_NE(again.process.err.find("cached build"), std::string::npos) << again.process.err;
  EXPECT_EQ(again.process.err.find("configure done"), std::string::npos) << again.process.err;
}

INSTANTIATE_TEST_SUITE_P(Devices, SuitesLtpSmoke,
                         ::testing::Values(LtpDevice{"qemu-x86_64", "x86_64"}, LtpDevice{"qemu-arm64", "arm64"}),
                         testenv::device_test_name<LtpDevice>);

// A runtest file of our own over a prebuilt install (LTP=, here the one krun
// built, taken from its cache by `krun ltp build`): a real LTP program told
// to fail makes the run fail with that case, and a skip list keeps another
// from running at all.
TEST(SuitesLtpInstall, AFailingCaseFailsTheRunAndTheSkipListIsNotRun) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  REQUIRE_OR_SKIP(fs::exists(testenv::ltp_release_tarball()), testenv::ltp_release_tarball().string() + " is missing");
  auto kernel = testenv::system_kernel("x86_64");
  testenv::TempDir dir("ltp-install");
  auto built = testenv::run(testenv::krun_bin(),
                            {"ltp", "build", "--device", "qemu-x86_64", "--tests", "ltp-smoke", "--cache-dir",
                             shared_cache(), "--parameters", "LTP_SOURCE=" + testenv::ltp_release_tarball().string()},
                            {}, testenv::ltp_env(), std::chrono::seconds(2400));
  ASSERT_EQ(built.exit_code, 0) << built.err;
  fs::path install_tar = built.out.substr(0, built.out.find('\n'));
  ASSERT_TRUE(fs::exists(install_tar)) << built.out;
  kc::extract_archive(install_tar, dir / "ltp");
  kc::write_file_atomic(dir / "ltp/runtest/mustfail",
                        "# fork01 given an option it does not know: LTP's library says TBROK\n"
                        "fork01 fork01\n"
                        "bad_option fork01 -Z\n"
                        "access01 access01\n");
  kc::TarOptions to;
  kc::create_tar_from_dir(dir / "ltp", dir / "ltp-install.tar.xz", to);
  testenv::write_file(dir / "skip", "ltp-mustfail/access01\n");

  KrunRun r = krun(dir, {"--kbuild", kernel.dir.string(), "--tests", "ltp-mustfail", "--parameters",
                     "LTP=" + (dir / "ltp-install.tar.xz").string(), "--parameters", "SKIPFILE=" + (dir / "skip").string()});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
  const auto& cases = r.results["ltp-mustfail"];
  EXPECT_EQ(cases["fork01"]["result"], "pass") << cases.dump(2);
  EXPECT_EQ(cases["bad_option"]["result"], "fail") << cases.dump(2);
  EXPECT_EQ(cases["bad_option"]["reason"], "TBROK") << cases.dump(2);
  EXPECT_EQ(cases["access01"]["result"], "skip") << cases.dump(2);
  EXPECT_EQ(cases["access01"]["reason"], "in skip list");
  EXPECT_NE(r.console.find("krun: access01 is in the skip list; not run"), std::string::npos);
  EXPECT_EQ(r.console.find("access01.c:"), std::string::npos) << "access01 ran";
  EXPECT_FALSE(r.metadata["ltp"].contains("built"));  // nothing was built for a given install
}

}  // namespace
