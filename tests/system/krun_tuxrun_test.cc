// TuxRun's options on a real kernel and real QEMU: a host folder shared
// into the guest over virtio-9p, KVM tried and given up on this project's
// machines (whose /dev/kvm is a paravirtual KVM that cannot run a normal
// kernel) or failing fast under --enable-kvm, and an LTP run spread over
// shards whose union is the whole suite.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "common/json_file.h"
#include "tests/support/ltp_source.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string shared_cache() { return testenv::krun_system_cache().string(); }

TEST(KrunShared, TheGuestWritesIntoTheHostFolder) {
  auto kernel = testenv::system_kernel("x86_64");
  testenv::TempDir dir;
  fs::create_directories(dir / "share");
  testenv::write_file(dir / "share" / "from-host.txt", "written on the host\n");
  auto r = testenv::run(testenv::krun_bin(),
                        {"--cache-dir", shared_cache(), "--kbuild", kernel.dir.string(), "--disable-kvm", "--shared",
                         (dir / "share").string(), "--results", (dir / "results.json").string(), "--",
                         "cat /mnt/tuxrun/from-host.txt", "--",
                         "uname -r > /mnt/tuxrun/from-guest.txt && mkdir /mnt/tuxrun/made-in-guest"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = kc::read_json_file(dir / "results.json");
  EXPECT_EQ(j["commands"]["cat /mnt/tuxrun/from-host.txt"]["result"], "pass") << j.dump(2);
  ASSERT_TRUE(fs::exists(dir / "share" / "from-guest.txt")) << r.out;
  EXPECT_NE(testenv::read_file(dir / "share" / "from-guest.txt").find("6.1"), std::string::npos);
  EXPECT_TRUE(fs::is_directory(dir / "share" / "made-in-guest"));
  EXPECT_NE(r.out.find("written on the host"), std::string::npos) << r.out;
}


// On this machine KVM cannot run the guest, whether /dev/kvm opens (a
// paravirtual KVM that stops a normal kernel) or is not there at all: the
// default falls back to TCG and says why (the boot still passes);
// --enable-kvm ends within seconds with exit 2 instead of waiting out a boot
// timeout. Where KVM does run the kernel there is nothing to fall back from.
TEST(KrunKvm, AKvmThatCannotRunTheGuestCostsSecondsNotTheBootTimeout) {
  auto kernel = testenv::system_kernel("x86_64");
  const bool opens = testenv::kvm_device_opens();
  testenv::TempDir dir;
  fs::path cache = dir / "cache";  // no record of this host's KVM yet
  auto t0 = Clock::now();
  auto asked = testenv::run(testenv::krun_bin(), {"--cache-dir", cache.string(), "--kbuild", kernel.dir.string(),
                                                  "--enable-kvm", "--timeouts", "boot=10"});
  double asked_s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (asked.exit_code == 0) GTEST_SKIP() << "KVM runs a normal kernel here: nothing to fall back from";
  EXPECT_EQ(asked.exit_code, 2) << asked.err;
  EXPECT_NE(asked.err.find(opens ? "E: --enable-kvm: KVM cannot run this guest here"
                                 : "E: --enable-kvm: /dev/kvm cannot be used ("),
            std::string::npos)
      << asked.err;
  EXPECT_LT(asked_s, 120) << "more than a rootfs and a watched boot";  // the boot timeout was 10 minutes

  auto fallback = testenv::run(testenv::krun_bin(),
                               {"--cache-dir", shared_cache(), "--kbuild", kernel.dir.string(), "--metadata",
                                (dir / "metadata.json").string(), "--", "uname -m"});
  EXPECT_EQ(fallback.exit_code, 0) << fallback.err;
  auto meta = kc::read_json_file(dir / "metadata.json");
  EXPECT_EQ(meta["accelerator"]["name"], "tcg");
  // A KVM that failed is a warning; no KVM device at all is only said.
  if (opens)
    EXPECT_NE(fallback.err.find("W: "), std::string::npos) << fallback.err;
  else
    EXPECT_NE(meta["accelerator"]["why"].get<std::string>().find("/dev/kvm cannot be used"), std::string::npos)
        << meta["accelerator"].dump();
}

std::set<std::string> ltp_cases(const nlohmann::json& results) {
  std::set<std::string> names;
  if (results.contains("ltp-smoke"))
    for (const auto& [name, c] : results["ltp-smoke"].items()) names.insert(name);
  return names;
}

// TuxRun's SHARD_NUMBER/SHARD_INDEX over LTP's smoketest: two jobs of a CI
// matrix, each running its shard; together they ran every test once.
TEST(SuitesLtpShards, TheShardsOfASuiteTogetherRunItWhole) {
  REQUIRE_OR_SKIP(fs::exists(testenv::ltp_release_tarball()), testenv::ltp_release_tarball().string() + " is missing");
  auto kernel = testenv::system_kernel("x86_64");
  std::set<std::string> united;
  size_t total = 0;
  for (int index = 1; index <= 2; ++index) {
    testenv::TempDir dir;
    auto r = testenv::run(testenv::krun_bin(),
                          {"--cache-dir", shared_cache(), "--kbuild", kernel.dir.string(), "--disable-kvm", "--tests",
                           "ltp-smoke", "--parameters", "SHARD_NUMBER=2", "SHARD_INDEX=" + std::to_string(index),
                           "LTP_SOURCE=" + testenv::ltp_release_tarball().string(), "--results",
                           (dir / "results.json").string()},
                          {}, testenv::ltp_env(), std::chrono::minutes(30));
    ASSERT_TRUE(fs::exists(dir / "results.json")) << r.err;
    auto results = kc::read_json_file(dir / "results.json");
    auto cases = ltp_cases(results);
    EXPECT_FALSE(cases.empty()) << r.err;
    for (const auto& c : cases) EXPECT_TRUE(united.insert(c).second) << c << " ran in two shards";
    total += cases.size();
  }
  // The smoketest's tests, by name (runtest/smoketest of LTP 20260529).
  for (const char* name : {"access01", "chdir01", "fork01", "time01", "wait02", "write01", "stat04", "splice02",
                           "df01_sh", "shell_test01", "ping602", "macsec02"})
    EXPECT_TRUE(united.count(name)) << name << " ran in no shard";
  EXPECT_EQ(total, 12u);
}

}  // namespace
