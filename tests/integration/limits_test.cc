// The bounds on what one input can make the tools hold or write
// (common/size_caps.h), with the real binaries: a guest that prints without
// end, a sparse-file bomb as an overlay, a disk that fills during a build.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/json_file.h"
#include "common/process.h"
#include "tests/integration/kbuild_harness.h"
#include "tests/integration/krun_harness.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

// 3 MB of console before a crash: with a 1 MiB cap, console.log stops at the
// cap and says so, and the crash past it is still found (the parsers read
// everything).
TEST(Limits, TheConsoleLogStopsAtItsCapAndTheParsersReadOn) {
  testenv::TempDir dir("limits-console");
  std::string noise;
  for (int i = 0; noise.size() < 3'000'000; ++i) noise += "[    1.000000] chatty driver line " + std::to_string(i) + "\n";
  std::string console = "[    0.000000] Linux version 6.1.0 (fake)\n[    0.500000] Run /init as init process\n"
                        "<<KRUN>> BOOT\n" + noise +
                        "[    2.000000] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
                        "[    2.000001] Oops: 0002 [#1] PREEMPT SMP\n"
                        "[    2.000002] RIP: 0010:fake_driver_probe+0x12/0x40\n"
                        "<<KRUN>> DONE\n[    3.000000] reboot: Restarting system\n";
  auto r = krun_it::krun_with_fake_qemu(dir, console, {"--log-file", (dir / "console.log").string(), "--metadata",
                                                       (dir / "metadata.json").string()},
                                        {{"KRUN_MAX_CONSOLE_LOG", "1M"}});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
  std::string log = testenv::read_file(dir / "console.log");
  EXPECT_LE(log.size(), (1u << 20) + 200);
  EXPECT_GE(log.size(), 1u << 20);
  EXPECT_NE(log.find("[krun: console log cut at 1 MiB; set KRUN_MAX_CONSOLE_LOG to keep more]"), std::string::npos);
  EXPECT_EQ(log.find("fake_driver_probe"), std::string::npos);
  EXPECT_NE(r.process.err.find("W: "), std::string::npos) << r.process.err;
  EXPECT_NE(r.process.err.find("reached 1 MiB"), std::string::npos) << r.process.err;
  EXPECT_NE(r.results.dump().find("NULL pointer dereference"), std::string::npos) << r.results.dump(2);
  EXPECT_EQ(kc::read_json_file(dir / "metadata.json")["console_log_capped_at"], 1 << 20);
}

// A tarball of a few KB holding a 50 GiB sparse file, given as --overlay:
// one E: line naming the archive, the cap and its variable, exit 2, and
// nothing unpacked.
TEST(Limits, ASparseBombOverlayIsAnInputErrorBeforeTheBoot) {
  testenv::TempDir dir("limits-overlay");
  fs::create_directories(dir / "src");
  {
    std::ofstream f(dir / "src" / "huge.img");
  }
  fs::resize_file(dir / "src" / "huge.img", 50ull << 30);
  auto tar = testenv::run("tar", {"--sparse", "-czf", (dir / "bomb.tar.gz").string(), "-C", (dir / "src").string(),
                                  "huge.img"});
  ASSERT_EQ(tar.exit_code, 0) << tar.err;
  fs::remove(dir / "src" / "huge.img");
  auto r = krun_it::krun_with_fake_qemu(dir, "never booted\n", {"--overlay", (dir / "bomb.tar.gz").string()});
  EXPECT_EQ(r.process.exit_code, 2) << r.process.err;
  EXPECT_NE(r.process.err.find("E: "), std::string::npos);
  EXPECT_NE(r.process.err.find("bomb.tar.gz: unpacks to more than 8 GiB"), std::string::npos) << r.process.err;
  EXPECT_NE(r.process.err.find("KRUN_MAX_UNPACKED_SIZE"), std::string::npos) << r.process.err;
  EXPECT_FALSE(fs::exists(dir / "results.json"));
}

// The output folder on a 2 MiB tmpfs, and a kernel target that fills it:
// the artifact copy fails, metadata.json cannot be written for a while, and
// kbuild still ends with a truthful metadata.json (the target FAILed, not
// RUNNING), written once its temporary build folder freed the space.
TEST(Limits, AFullDiskDuringTheBuildStillEndsWithTruthfulMetadata) {
  testenv::TempDir home("limits-disk");
  fs::create_directories(home / "mnt");
  // A private mount namespace: the tmpfs goes away with the command, so
  // metadata.json is copied out of it first. "$1" mount point, "$2" where
  // the copy goes, the rest the command.
  const std::string script =
      "mount -t tmpfs -o size=2m tmpfs \"$1\" || exit 99; mnt=$1 keep=$2; shift 2; "
      "\"$@\"; rc=$?; cp \"$mnt/out/metadata.json\" \"$keep\"; exit $rc";
  const std::string mnt = (home / "mnt").string(), keep = (home / "kept-metadata.json").string();
  auto probe = testenv::run("unshare", {"-m", "sh", "-c", script, "sh", mnt, keep, "true"});
  REQUIRE_OR_SKIP(probe.exit_code != 99, "cannot mount a tmpfs in a private mount namespace: " + probe.err);
  auto r = testenv::run("unshare",
                        {"-m", "sh", "-c", script, "sh", mnt, keep, testenv::kbuild_bin().string(), "-C",
                         kbuild_it::fake_kernel().string(), "-r", "null", "-a", "x86_64", "-o", mnt + "/out", "-q",
                         "FAKE_FILL=" + std::to_string(3 << 20), "config", "kernel"},
                        home.path(),
                        {{"XDG_CONFIG_HOME", (home / "config").string()},
                         {"XDG_CACHE_HOME", (home / "cache").string()}},
                        std::chrono::seconds(120));
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("W: "), std::string::npos) << r.err;  // the failed write was said
  ASSERT_TRUE(fs::exists(keep)) << r.err;
  nlohmann::json meta = kc::read_json_file(keep);
  EXPECT_EQ(meta["results"]["status"], "FAIL") << meta.dump(2);
  for (const auto& [name, target] : meta["results"]["targets"].items())
    EXPECT_NE(target["status"], "RUNNING") << name;
  EXPECT_EQ(meta["results"]["targets"]["kernel"]["status"], "FAIL") << meta.dump(2);
}

}  // namespace
