// The real krun binary with a FAKE qemu that replays a different recorded
// console on each boot: --repeat tells a flaky case from a broken one,
// --bisect-on decides on the named case, crash or boot only, and `krun
// compare` reads the results.json files the runs wrote.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/json_file.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

const char* kBoot =
    "[    0.000000] Linux version 6.1.0 (fake)\n"
    "[    0.500000] KrunResult /init as init process\n"
    "<<KRUN>> BOOT\n";
const char* kWarning =
    "[    0.600000] ------------[ cut here ]------------\n"
    "[    0.600001] WARNING: CPU: 0 PID: 1 at lib/noisy.c:12 always_noisy+0x1c/0x40\n"
    "[    0.600002] Modules linked in:\n"
    "[    0.600003] RIP: 0010:always_noisy+0x1c/0x40\n"
    "[    0.600004] Call Trace:\n"
    "[    0.600005]  <TASK>\n"
    "[    0.600006]  kernel_init+0x20/0x120\n"
    "[    0.600007]  </TASK>\n"
    "[    0.600008] ---[ end trace 0000000000000000 ]---\n";

// The two guest commands ("uname -a", "check") with check's exit code.
std::string commands(int check_exit) {
  return "<<KRUN>> START command-1\nLinux fake 6.1.0 x86_64\n<<KRUN>> END command-1 0\n"
         "<<KRUN>> START command-2\n<<KRUN>> END command-2 " + std::to_string(check_exit) + "\n"
         "<<KRUN>> DONE\n[    1.000000] reboot: Restarting system\n";
}

struct KrunResult {
  kc::ProcessResult process;
  nlohmann::json results, metadata;
};

// Boot k (1, 2, ...) prints consoles[k-1] (the last one once they run out).
KrunResult krun_boots(const testenv::TempDir& dir, const std::vector<std::string>& consoles, std::vector<std::string> extra,
               const std::string& name = "run") {
  fs::path qemu = dir / "fake-qemu-system-x86_64";
  for (size_t i = 0; i < consoles.size(); ++i)
    testenv::write_file(dir / ("console-" + std::to_string(i + 1) + ".txt"), consoles[i]);
  testenv::write_file(dir / "boots", "0\n");
  // Counts its boots in a file; argv never reaches a shell string.
  testenv::write_file(qemu, "#!/bin/sh\n"
                            "if [ \"$1\" = --version ]; then echo 'QEMU emulator version 7.2.0 (fake)'; exit 0; fi\n"
                            "d='" + dir.path().string() + "'\n"
                            "n=$(( $(cat \"$d/boots\") + 1 )); echo $n > \"$d/boots\"\n"
                            "f=\"$d/console-$n.txt\"; [ -f \"$f\" ] || f=\"$d/console-" + std::to_string(consoles.size()) + ".txt\"\n"
                            "cat \"$f\"\n");
  fs::permissions(qemu, fs::perms::owner_all);
  testenv::write_file(dir / "bzImage", "placeholder kernel");
  testenv::write_file(dir / "rootfs.cpio", testenv::empty_newc_cpio());
  fs::path results = dir / (name + ".results.json"), metadata = dir / (name + ".metadata.json");
  std::vector<std::string> args = {"-q", "--device", "qemu-x86_64", "--qemu-binary", qemu.string(),
                                   "--kernel", (dir / "bzImage").string(),
                                   "--rootfs", (dir / "rootfs.cpio").string(), "--cache-dir", (dir / "cache").string(),
                                   "--results", results.string(), "--metadata", metadata.string(),
                                   "--timeouts", "boot=20s"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"--", "uname -a", "check"});
  KrunResult r;
  r.process = testenv::run(testenv::krun_bin(), args, {}, {}, std::chrono::seconds(60));
  if (fs::exists(results)) r.results = kc::read_json_file(results);
  if (fs::exists(metadata)) r.metadata = kc::read_json_file(metadata);
  return r;
}

TEST(KrunRepeat, ACaseThatFailsInOneBootOfThreeIsFlaky) {
  testenv::TempDir dir("krun-repeat");
  std::vector<std::string> consoles = {std::string(kBoot) + commands(0), std::string(kBoot) + commands(1),
                                       std::string(kBoot) + commands(0)};
  KrunResult r = krun_boots(dir, consoles, {"--repeat", "3"});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
  EXPECT_EQ(testenv::read_file(dir / "boots"), "3\n");
  const auto& check = r.results["commands"]["check"];
  EXPECT_EQ(check["result"], "fail") << r.results.dump(2);
  EXPECT_EQ(check["flaky"], true);
  EXPECT_EQ(check["fails"], 1);
  EXPECT_EQ(check["runs"], 3);
  EXPECT_EQ(r.results["commands"]["uname -a"]["result"], "pass");
  EXPECT_EQ(r.results["commands"]["uname -a"]["fails"], 0);
  EXPECT_EQ(r.metadata["repeat"]["runs"], 3);
  EXPECT_EQ(r.metadata["repeat"]["exit_codes"], (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(r.metadata["repeat"]["console_logs"].size(), 3u);

  // Under --bisect a failure that is only flaky cannot decide...
  testenv::TempDir dir2("krun-repeat");
  KrunResult b = krun_boots(dir2, consoles, {"--repeat", "3", "--bisect"});
  EXPECT_EQ(b.process.exit_code, 125) << b.process.err;
  EXPECT_NE(b.process.err.find("W: bisect: cannot test (every failure is flaky"), std::string::npos) << b.process.err;
  // ...unless the user says flaky is bad.
  testenv::TempDir dir3("krun-repeat");
  KrunResult bad = krun_boots(dir3, consoles, {"--repeat", "3", "--bisect", "--bisect-flaky", "bad"});
  EXPECT_EQ(bad.process.exit_code, 1) << bad.process.err;
}

TEST(KrunRepeat, BrokenEveryTimeIsBad) {
  testenv::TempDir dir("krun-repeat");
  KrunResult r = krun_boots(dir, {std::string(kBoot) + commands(1)}, {"--repeat", "2", "--bisect-on", "commands/check"});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
  EXPECT_EQ(r.results["commands"]["check"]["fails"], 2);
  EXPECT_FALSE(r.results["commands"]["check"].contains("flaky"));
  EXPECT_EQ(r.metadata["bisect"]["exit_code"], 1);
  EXPECT_EQ(r.metadata["bisect"]["reason"], "commands/check failed");
}

TEST(KrunBisectOn, AnUnrelatedWarningDoesNotDecide) {
  std::string noisy_pass = std::string(kBoot) + kWarning + commands(0);
  testenv::TempDir plain_dir("krun-bisect-on");
  EXPECT_EQ(krun_boots(plain_dir, {noisy_pass}, {"--bisect"}).process.exit_code, 1) << "plain --bisect: the WARNING";

  testenv::TempDir dir("krun-bisect-on");
  KrunResult on_case = krun_boots(dir, {noisy_pass}, {"--bisect-on", "commands/check"});
  EXPECT_EQ(on_case.process.exit_code, 0) << on_case.process.err;
  EXPECT_EQ(on_case.results["boot"]["kernel-messages"]["crashes"][0]["title"], "WARNING in always_noisy")
      << "the WARNING is still reported";
  EXPECT_EQ(on_case.metadata["bisect"]["reason"], "commands/check passed");
  EXPECT_EQ(on_case.metadata["bisect"]["on"], std::vector<std::string>{"commands/check"});

  testenv::TempDir dir2("krun-bisect-on");
  EXPECT_EQ(krun_boots(dir2, {noisy_pass}, {"--bisect-on", "WARNING in always_*"}).process.exit_code, 1);
  testenv::TempDir dir3("krun-bisect-on");
  EXPECT_EQ(krun_boots(dir3, {noisy_pass}, {"--bisect-on", "kernel panic*"}).process.exit_code, 0);
  testenv::TempDir dir4("krun-bisect-on");
  EXPECT_EQ(krun_boots(dir4, {noisy_pass}, {"--bisect-on", "boot"}).process.exit_code, 0);
}

TEST(KrunBisectOn, ACaseThatNeverRanIsCannotTest) {
  // The guest panics before the commands.
  std::string panics = "[    0.000000] Linux version 6.1.0 (fake)\n"
                       "[    0.400000] Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n"
                       "[    0.400001] ---[ end Kernel panic - not syncing: VFS: Unable to mount root fs ]---\n";
  testenv::TempDir dir("krun-bisect-on");
  KrunResult r = krun_boots(dir, {panics}, {"--bisect-on", "commands/check"});
  EXPECT_EQ(r.process.exit_code, 125) << r.process.err;
  EXPECT_NE(r.process.err.find("W: bisect: cannot test (commands/check was not tested"), std::string::npos)
      << r.process.err;
  testenv::TempDir dir2("krun-bisect-on");
  EXPECT_EQ(krun_boots(dir2, {panics}, {"--bisect-on", "boot"}).process.exit_code, 1);
  testenv::TempDir dir3("krun-bisect-on");
  EXPECT_EQ(krun_boots(dir3, {panics}, {"--bisect-on", "KASAN*"}).process.exit_code, 125)
      << "the run stopped at the panic: a KASAN report cannot be ruled out";
}

TEST(KrunBisectOn, RegressionsAgainstABaseline) {
  testenv::TempDir dir("krun-bisect-on");
  KrunResult good = krun_boots(dir, {std::string(kBoot) + kWarning + commands(0)}, {}, "good");
  ASSERT_EQ(good.process.exit_code, 1) << "the WARNING: " << good.process.err;
  fs::path baseline = dir / "good.results.json";
  testenv::TempDir dir2("krun-bisect-on");
  KrunResult same = krun_boots(dir2, {std::string(kBoot) + kWarning + commands(0)},
                        {"--bisect-on", "regressions", "--baseline", baseline.string()});
  EXPECT_EQ(same.process.exit_code, 0) << "the same WARNING is no regression: " << same.process.err;
  testenv::TempDir dir3("krun-bisect-on");
  KrunResult worse = krun_boots(dir3, {std::string(kBoot) + kWarning + commands(1)},
                         {"--bisect-on", "regressions", "--baseline", baseline.string()});
  EXPECT_EQ(worse.process.exit_code, 1) << worse.process.err;
  EXPECT_NE(worse.metadata["bisect"]["reason"].get<std::string>().find("commands/check"), std::string::npos);

  // Usage: a baseline without `regressions`, `regressions` without a baseline, a missing baseline.
  testenv::TempDir dir4("krun-bisect-on");
  KrunResult lone = krun_boots(dir4, {std::string(kBoot) + commands(0)}, {"--baseline", baseline.string()});
  EXPECT_EQ(lone.process.exit_code, 2);
  EXPECT_NE(lone.process.err.find("--baseline goes with --bisect-on regressions"), std::string::npos) << lone.process.err;
  KrunResult missing = krun_boots(dir4, {std::string(kBoot) + commands(0)}, {"--bisect-on", "regressions"});
  EXPECT_EQ(missing.process.exit_code, 125) << missing.process.err;
  EXPECT_NE(missing.process.err.find("needs --baseline"), std::string::npos) << missing.process.err;
  KrunResult absent = krun_boots(dir4, {std::string(kBoot) + commands(0)},
                          {"--bisect-on", "regressions", "--baseline", (dir4 / "nope.json").string()});
  EXPECT_EQ(absent.process.exit_code, 125);
  EXPECT_NE(absent.process.err.find("nope.json"), std::string::npos) << absent.process.err;
  EXPECT_EQ(testenv::read_file(dir4 / "boots"), "0\n") << "bad input is found before the boot";
}

TEST(KrunCompare, TwoRealRunsTheirRegressionAndTheNewCrash) {
  testenv::TempDir dir("krun-compare");
  KrunResult base = krun_boots(dir, {std::string(kBoot) + commands(0)}, {}, "base");
  ASSERT_EQ(base.process.exit_code, 0) << base.process.err;
  KrunResult now = krun_boots(dir, {std::string(kBoot) + kWarning + commands(1)}, {}, "new");
  ASSERT_EQ(now.process.exit_code, 1);
  std::string b = (dir / "base.results.json").string(), n = (dir / "new.results.json").string();

  auto r = testenv::run(testenv::krun_bin(), {"compare", b, n, "--junit", (dir / "cmp.xml").string()}, {}, {},
                        std::chrono::seconds(30));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("regressions (1):\n  commands/check"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("new crashes (1):\n  WARNING in always_noisy"), std::string::npos) << r.out;
  std::string xml = testenv::read_file(dir / "cmp.xml");
  EXPECT_NE(xml.find("failures=\"2\""), std::string::npos) << xml;

  auto j = testenv::run(testenv::krun_bin(), {"compare", b, n, "--json", "-"}, {}, {}, std::chrono::seconds(30));
  EXPECT_EQ(j.exit_code, 1);
  nlohmann::json doc = nlohmann::json::parse(j.out);
  EXPECT_EQ(doc["regressions"][0]["name"], "commands/check");
  EXPECT_NE(j.err.find("regressions (1)"), std::string::npos) << "the table moves to stderr";

  auto same = testenv::run(testenv::krun_bin(), {"compare", n, n}, {}, {}, std::chrono::seconds(30));
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  // The skip list leaves the case out; the new crash still counts.
  testenv::write_file(dir / "skip.txt", "commands/check\n");
  auto skipped = testenv::run(testenv::krun_bin(), {"compare", b, n, "--skipfile", (dir / "skip.txt").string()}, {},
                              {}, std::chrono::seconds(30));
  EXPECT_EQ(skipped.exit_code, 1);
  EXPECT_EQ(skipped.out.find("regressions ("), std::string::npos) << skipped.out;

  auto bad = testenv::run(testenv::krun_bin(), {"compare", b, (dir / "nope").string()}, {}, {}, std::chrono::seconds(30));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("E: "), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("nope"), std::string::npos) << bad.err;
  testenv::write_file(dir / "broken.json", "{\"boot\": ");
  auto broken = testenv::run(testenv::krun_bin(), {"compare", b, (dir / "broken.json").string()}, {}, {},
                             std::chrono::seconds(30));
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find("broken.json is not valid JSON"), std::string::npos) << broken.err;
}

}  // namespace
