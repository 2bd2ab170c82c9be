// kbuild → results hook → the real krun, end to end but without a kernel:
// the fake kernel tree builds a placeholder bzImage and krun boots it with a
// fake qemu (a shell script that replays a console). What is checked is the
// chain's contract: krun's verdict becomes kbuild's exit code, in plain mode
// (any hook failure → 2) and with --bisect on both (0 good, 1 bad, 125 skip)
// as `git bisect run` needs. kbuild's own hook codes are covered by
// kbuild_targets_test.cc (KbuildHooks.*).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "tests/integration/kbuild_harness.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;
using kbuild_it::kbuild;
using kbuild_it::null_build;
using testenv::TempDir;

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

// A qemu stand-in: answers --version like qemu, then prints `console` and
// exits with `code` (as qemu does after -no-reboot).
fs::path fake_qemu(const TempDir& home, const std::string& console, int code) {
  fs::path script = home / "fake-qemu-system-x86_64";
  testenv::write_file(home / "console.txt", console);
  testenv::write_file(script, "#!/bin/sh\n"
                              "if [ \"$1\" = --version ]; then echo 'QEMU emulator version 7.2.0 (fake)'; exit 0; fi\n"
                              "cat " + q(home / "console.txt") + "\n"
                              "exit " + std::to_string(code) + "\n");
  fs::permissions(script, fs::perms::owner_all);
  return script;
}

const char* kGoodBoot =
    "[    0.000000] Linux version 6.1.0 (fake)\n"
    "[    0.500000] Run /init as init process\n"
    "hello from the guest\n"
    "[    1.000000] reboot: Restarting system\n";

const char* kPanicBoot =
    "[    0.000000] Linux version 6.1.0 (fake)\n"
    "[    0.400000] Kernel panic - not syncing: chain-bisect: injected boot regression\n"
    "[    0.400001] CPU: 0 PID: 1 Comm: swapper Not tainted 6.1.0 #1\n"
    "[    0.400002] ---[ end Kernel panic - not syncing: chain-bisect: injected boot regression ]---\n";


// `krun --kbuild .` as kbuild's results hook, run in kbuild's output folder.
std::string krun_hook(const TempDir& home, const fs::path& qemu, bool bisect) {
  testenv::write_file(home / "rootfs.cpio", testenv::empty_newc_cpio());
  return q(testenv::krun_bin()) + (bisect ? " --bisect" : "") + " --kbuild . -q --qemu-binary " + q(qemu) +
         " --rootfs " + q(home / "rootfs.cpio") + " --cache-dir " + q(home / "krun-cache") +
         " --timeouts boot=20s --timeouts silence=20s";
}

struct Case {
  const char* console;
  int qemu_exit;
  int plain;   // kbuild's exit code without --bisect
  int bisect;  // with --bisect on both tools
};

TEST(ChainHooks, KrunVerdictBecomesKbuildExitCode) {
  const Case cases[] = {
      {kGoodBoot, 0, 0, 0},    // booted, no crash: good
      {kPanicBoot, 0, 2, 1},   // crash found: krun 1 → bad
      {"", 1, 2, 125},         // qemu failed to start: krun 2 (infrastructure) → skip
  };
  for (const auto& c : cases) {
    for (bool bisect : {false, true}) {
      SCOPED_TRACE(std::string(bisect ? "--bisect, " : "plain, ") + "console: " + c.console);
      TempDir home;
      fs::path qemu = fake_qemu(home, c.console, c.qemu_exit);
      std::vector<std::string> more;
      if (bisect) more.push_back("--bisect");
      more.insert(more.end(), {"--results-hook", krun_hook(home, qemu, bisect), "kernel"});
      auto r = kbuild(home, null_build(home, more));
      EXPECT_EQ(r.code(), bisect ? c.bisect : c.plain) << r.result.err;
      // krun ran in kbuild's output folder and left its results there.
      ASSERT_TRUE(fs::exists(r.out / "metadata.json"));
      EXPECT_EQ(r.metadata()["results"]["status"], "PASS") << "the build itself passed";
    }
  }
}

TEST(ChainHooks, KrunWritesResultsNextToTheBuild) {
  TempDir home;
  fs::path qemu = fake_qemu(home, kPanicBoot, 0);
  fs::path results = home / "krun-results.json";
  std::string hook = krun_hook(home, qemu, true) + " --results " + q(results);
  auto r = kbuild(home, null_build(home, {"--bisect", "--results-hook", hook, "kernel"}));
  ASSERT_EQ(r.code(), 1) << r.result.err;
  auto j = nlohmann::json::parse(testenv::read_file(results));
  EXPECT_EQ(j["boot"]["kernel-messages"]["result"], "fail") << j.dump(2);
  EXPECT_EQ(j["boot"]["kernel-messages"]["crashes"][0]["kind"], "panic") << j.dump(2);
}

TEST(ChainHooks, FirstFailingResultsHookStopsTheChain) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"--bisect", "--results-hook", "echo one > one.txt; exit 1",
                                          "--results-hook", "echo two > two.txt", "kernel"}));
  EXPECT_EQ(r.code(), 1) << r.result.err;
  EXPECT_TRUE(fs::exists(r.out / "one.txt"));
  EXPECT_FALSE(fs::exists(r.out / "two.txt")) << "a later hook ran after a failing one";

  TempDir home2;
  auto ok = kbuild(home2, null_build(home2, {"--results-hook", "echo one > one.txt", "--results-hook",
                                             "test -f one.txt && echo two > two.txt", "kernel"}));
  EXPECT_EQ(ok.code(), 0) << ok.result.err;
  EXPECT_EQ(testenv::read_file(ok.out / "two.txt"), "two\n") << "hooks run in order, in the output folder";
}

TEST(ChainHooks, BuildFailureSkipsTheHookAndTheCommit) {
  TempDir home;
  auto r = kbuild(home, null_build(home, {"--bisect", "--results-hook", "echo ran > hook-ran.txt; exit 1",
                                          "kernel", "FAKE_FAIL=kernel"}));
  EXPECT_EQ(r.code(), 125) << r.result.err;
  EXPECT_FALSE(fs::exists(r.out / "hook-ran.txt")) << "krun must not boot a kernel that did not build";
}

}  // namespace
