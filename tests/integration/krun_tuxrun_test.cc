// krun as a drop-in for TuxRun, with the real krun binary and a FAKE qemu
// (a shell script standing in for qemu-system-x86_64): TuxRun's timeouts,
// its words after --, KVM chosen and given up for TCG, the network and the
// shared folder on qemu's command line, a build folder over HTTP, the
// YAML and HTML logs, TuxRun's `lava` suite, and --prompt.
#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <chrono>
#include <filesystem>

#include "common/json_file.h"
#include "tests/support/test_http_server.h"
#include "tests/integration/krun_harness.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const char* kConsole =
    "[    0.000000] Linux version 6.1.0 (fake)\n"
    "[    0.500000] Run /init as init process\n"
    "<<KRUN>> BOOT\n"
    "<<KRUN>> START command-1\n"
    "hello\n"
    "<<KRUN>> END command-1 0\n"
    "<<KRUN>> DONE\n"
    "[    1.000000] reboot: Restarting system\n";

nlohmann::json metadata_of(const testenv::TempDir& dir) { return kc::read_json_file(dir / "metadata.json"); }

std::vector<std::string> argv_of(const testenv::TempDir& dir) {
  return metadata_of(dir)["qemu"]["argv"].get<std::vector<std::string>>();
}

// The value after `flag` in argv, "" when absent.
std::string after(const std::vector<std::string>& argv, const std::string& flag) {
  auto it = std::find(argv.begin(), argv.end(), flag);
  return it == argv.end() || it + 1 == argv.end() ? "" : *(it + 1);
}

TEST(KrunTuxRun, TimeoutsAreMinutesUnlessGivenWithAUnitAndBadOnesAreNamed) {
  testenv::TempDir dir("krun-tuxrun-timeouts");
  auto r = krun_it::krun_with_fake_qemu(
      dir, kConsole, {"--timeouts", "boot=2", "silence=90s", "--timeouts", "commands=1h", "--metadata",
                      (dir / "metadata.json").string(), "--", "echo", "hello"});
  ASSERT_EQ(r.process.exit_code, 0) << r.process.err;
  auto t = metadata_of(dir)["timeouts"];
  EXPECT_EQ(t["boot"], 120);
  EXPECT_EQ(t["silence"], 90);
  EXPECT_EQ(t["deploy"], 15 * 60);
  EXPECT_EQ(t["run"], 120 + 3600 + 300);  // boot + the command's + 5 minutes
  // TuxRun's words after -- are one command.
  EXPECT_EQ(r.results["commands"].size(), 1u) << r.results.dump(2);
  EXPECT_EQ(r.results["commands"]["echo hello"]["result"], "pass") << r.results.dump(2);
  for (const auto& [bad, said] : std::vector<std::pair<std::string, std::string>>{
           {"boot=0", "--timeouts boot=0: must be more than zero"},
           {"boot=10000000000", "--timeouts boot=10000000000: too long"},
           {"kselftest-timers=ten", "--timeouts kselftest-timers=ten: not a duration"},
           {"bott=5", "--timeouts bott=5: unknown key"}}) {
    testenv::TempDir d("krun-tuxrun-timeouts");
    auto b = krun_it::krun_with_fake_qemu(d, kConsole, {"--timeouts", bad});
    EXPECT_EQ(b.process.exit_code, 2) << bad;
    EXPECT_NE(b.process.err.find("E: " + said), std::string::npos) << b.process.err;
  }
}

// A fake qemu that stands for this machine's paravirtual KVM: under -accel
// kvm the guest prints nothing; under TCG it boots.
fs::path kvm_less_qemu(const testenv::TempDir& dir) {
  testenv::write_file(dir / "console.txt", kConsole);
  fs::path qemu = dir / "fake-qemu-system-x86_64";
  testenv::write_file(qemu, "#!/bin/sh\n"
                            "if [ \"$1\" = --version ]; then echo 'QEMU emulator version 7.2.0 (fake)'; exit 0; fi\n"
                            // Like qemu, the pid goes to -pidfile (krun's deadlines signal it).
                            "prev=; for a in \"$@\"; do [ \"$prev\" = -pidfile ] && echo $$ > \"$a\"; prev=$a; done\n"
                            "for a in \"$@\"; do [ \"$a\" = kvm ] && exec sleep 120; done\n"
                            "cat '" + (dir / "console.txt").string() + "'\n");
  fs::permissions(qemu, fs::perms::owner_all);
  testenv::write_file(dir / "bzImage", "placeholder kernel");
  testenv::write_file(dir / "rootfs.cpio", testenv::empty_newc_cpio());
  return qemu;
}

kc::ProcessResult krun_kvm(const testenv::TempDir& dir, const fs::path& cache, std::vector<std::string> extra,
                           const std::string& device = "qemu-x86_64") {
  std::vector<std::string> args = {"-q", "--device", device, "--qemu-binary", (dir / "fake-qemu-system-x86_64").string(),
                                   "--kernel", (dir / "bzImage").string(), "--rootfs", (dir / "rootfs.cpio").string(),
                                   "--cache-dir", cache.string(), "--metadata", (dir / "metadata.json").string(),
                                   "--timeouts", "boot=60s"};
  args.insert(args.end(), extra.begin(), extra.end());
  // A file stands in for /dev/kvm (it opens, as this kind of host's
  // paravirtual one does), so the test is the same on a machine without one.
  const fs::path kvm = dir / "fake-dev-kvm";
  if (!fs::exists(kvm)) testenv::write_file(kvm, "");
  return testenv::run(testenv::krun_bin(), args, {}, {{"KRUN_KVM_DEVICE", kvm.string()}},
                      std::chrono::seconds(120));
}


// By default KVM is tried where it may work, given up for TCG within
// seconds when the guest stays silent, and that is remembered until the
// host reboots; --enable-kvm makes each of these an error said at once.
TEST(KrunTuxRun, KvmThatCannotRunTheGuestFallsBackToTcgOnceAndFailsFastWhenAskedFor) {
  testenv::TempDir dir("krun-tuxrun-kvm");
  kvm_less_qemu(dir);
  const fs::path cache = dir / "cache";

  auto t0 = Clock::now();
  auto first = krun_kvm(dir, cache, {});
  double first_s = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("W: KVM cannot run this guest here (under KVM the guest printed nothing within 15 s); "
                           "booting again with TCG"),
            std::string::npos)
      << first.err;
  EXPECT_LT(first_s, 40);  // not the boot timeout
  auto meta = metadata_of(dir);
  EXPECT_EQ(meta["accelerator"]["name"], "tcg");
  EXPECT_NE(meta["accelerator"]["kvm_failed"].get<std::string>().find("printed nothing"), std::string::npos);
  EXPECT_EQ(after(meta["qemu"]["argv"].get<std::vector<std::string>>(), "-accel"), "tcg");

  t0 = Clock::now();
  auto second = krun_kvm(dir, cache, {});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 10);  // no second watched boot
  EXPECT_NE(second.err.find("W: accelerator TCG: KVM could not run a guest on this host earlier since it booted"),
            std::string::npos)
      << second.err;

  auto asked = krun_kvm(dir, cache, {"--enable-kvm"});
  EXPECT_EQ(asked.exit_code, 2);
  EXPECT_NE(asked.err.find("E: --enable-kvm: KVM could not run a guest on this host earlier"), std::string::npos)
      << asked.err;

  t0 = Clock::now();
  auto fresh = krun_kvm(dir, dir / "fresh-cache", {"--enable-kvm"});
  EXPECT_EQ(fresh.exit_code, 2);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 40);
  EXPECT_NE(fresh.err.find("E: --enable-kvm: KVM cannot run this guest here (under KVM the guest printed nothing "
                           "within 15 s)"),
            std::string::npos)
      << fresh.err;

  auto off = krun_kvm(dir, dir / "off-cache", {"--disable-kvm"});
  EXPECT_EQ(off.exit_code, 0) << off.err;
  EXPECT_EQ(after(argv_of(dir), "-accel"), "tcg");
  EXPECT_EQ(metadata_of(dir)["accelerator"]["why"], "TCG: --disable-kvm");
}

// No KVM device at all: krun never tries KVM, and --enable-kvm says why.
TEST(KrunTuxRun, WithoutAKvmDeviceTheBootIsTcgAndEnableKvmSaysWhy) {
  testenv::TempDir dir("krun-tuxrun-no-kvm");
  kvm_less_qemu(dir);
  const std::map<std::string, std::string> env = {{"KRUN_KVM_DEVICE", (dir / "no-such-kvm").string()}};
  auto args = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = {"-q", "--device", "qemu-x86_64", "--qemu-binary",
                                  (dir / "fake-qemu-system-x86_64").string(), "--kernel", (dir / "bzImage").string(),
                                  "--rootfs", (dir / "rootfs.cpio").string(), "--cache-dir", (dir / "cache").string(),
                                  "--metadata", (dir / "metadata.json").string(), "--timeouts", "boot=60s"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  auto plain = testenv::run(testenv::krun_bin(), args({}), {}, env, std::chrono::seconds(120));
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(metadata_of(dir)["accelerator"]["name"], "tcg");
  EXPECT_EQ(after(argv_of(dir), "-accel"), "tcg");
  auto asked = testenv::run(testenv::krun_bin(), args({"--enable-kvm"}), {}, env, std::chrono::seconds(120));
  EXPECT_EQ(asked.exit_code, 2);
  EXPECT_NE(asked.err.find("E: --enable-kvm: " + (dir / "no-such-kvm").string() + " cannot be used (No such file"),
            std::string::npos)
      << asked.err;
}

TEST(KrunTuxRun, KvmForAForeignArchIsAUsageError) {
  testenv::TempDir dir("krun-tuxrun-kvm-arch");
  kvm_less_qemu(dir);
  auto r = krun_kvm(dir, dir / "cache", {"--enable-kvm"}, "qemu-armv7");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("E: --enable-kvm: qemu-armv7 is always emulated"), std::string::npos) << r.err;
}

TEST(KrunTuxRun, NetworkAndSharedFolderReachQemusCommandLine) {
  testenv::TempDir dir("krun-tuxrun-net");
  fs::create_directories(dir / "share");
  auto r = krun_it::krun_with_fake_qemu(dir, kConsole, {"--enable-network", "--shared", (dir / "share").string(),
                                                        "/mnt/x", "--metadata", (dir / "metadata.json").string()});
  ASSERT_EQ(r.process.exit_code, 0) << r.process.err;
  auto argv = argv_of(dir);
  EXPECT_EQ(after(argv, "-nic"), "user,model=virtio");
  EXPECT_EQ(after(argv, "-fsdev"),
            "local,id=krun-shared,security_model=mapped-xattr,path=" + (dir / "share").string());
  EXPECT_EQ(after(argv, "-device"), "virtio-9p-pci,fsdev=krun-shared,mount_tag=krun");
  EXPECT_EQ(metadata_of(dir)["shared"]["guest"], "/mnt/x");

  testenv::TempDir plain("krun-tuxrun-net");
  auto p = krun_it::krun_with_fake_qemu(plain, kConsole, {"--metadata", (plain / "metadata.json").string()});
  EXPECT_EQ(after(argv_of(plain), "-nic"), "none");  // no network unless asked, as TuxRun

  testenv::TempDir missing("krun-tuxrun-net");
  auto m = krun_it::krun_with_fake_qemu(missing, kConsole, {"--shared", (missing / "nope").string()});
  EXPECT_EQ(m.process.exit_code, 2);
  EXPECT_NE(m.process.err.find("/nope: no such folder; create it"), std::string::npos) << m.process.err;
}

// A kbuild output folder served over HTTP, as TuxSuite serves its builds.
TEST(KrunTuxRun, TuxbuildTakesTheKernelFromABuildFolderOverHttp) {
  testenv::TempDir dir("krun-tuxrun-tuxbuild");
  fs::create_directories(dir / "srv" / "build");
  testenv::write_file(dir / "srv" / "build" / "bzImage", "a kernel served over http");
  testenv::write_file(dir / "srv" / "build" / "metadata.json",
                      R"({"build": {"target_arch": "x86_64"}, "results": {"artifacts": {"kernel": ["bzImage"]}}})");
  kc::TestHttpServer server(dir / "srv");
  auto r = krun_it::krun_with_fake_qemu(dir, kConsole, {"--tuxbuild", server.url() + "/build/", "--metadata",
                                                        (dir / "metadata.json").string()});
  ASSERT_EQ(r.process.exit_code, 0) << r.process.err;
  auto meta = metadata_of(dir);
  EXPECT_EQ(meta["device"], "qemu-x86_64");  // from the build's arch
  EXPECT_EQ(meta["artifacts"][0]["role"], "kernel");
  EXPECT_NE(meta["artifacts"][0]["location"].get<std::string>().find(server.url() + "/build"), std::string::npos);
  EXPECT_EQ(testenv::read_file(meta["artifacts"][0]["path"].get<std::string>()), "a kernel served over http");

  auto bad = krun_it::krun_with_fake_qemu(dir, kConsole, {"--tuxbuild", server.url() + "/nothing-here"});
  EXPECT_EQ(bad.process.exit_code, 2);
  EXPECT_NE(bad.process.err.find("no build folder there"), std::string::npos) << bad.process.err;
}

const char* kCrashConsole =
    "[    0.000000] Linux version 6.1.0 (fake)\n"
    "[    0.500000] Run /init as init process\n"
    "<<KRUN>> BOOT\n"
    "<<KRUN>> START command-1\n"
    "[    1.000000] BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
    "[    1.000001] #PF: supervisor write access in kernel mode\n"
    "[    1.000002] Oops: 0002 [#1] PREEMPT SMP\n"
    "[    1.000003] RIP: 0010:fake_driver_probe+0x12/0x40\n"
    "[    1.000004] Call Trace:\n"
    "[    1.000005]  <TASK>\n"
    "[    1.000006]  really_probe+0x1a/0x30\n"
    "[    1.000007]  </TASK>\n"
    "<<KRUN>> END command-1 1\n"
    "<<KRUN>> DONE\n"
    "[    2.000000] reboot: Restarting system\n";

TEST(KrunTuxRun, YamlAndHtmlLogsAndTuxRunsLavaSuite) {
  testenv::TempDir dir("krun-tuxrun-logs");
  auto r = krun_it::krun_with_fake_qemu(dir, kCrashConsole, {"--log-file-yaml", (dir / "log.yaml").string(),
                                                             "--log-file-html", (dir / "log.html").string(),
                                                             "--", "modprobe fake_driver"});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;
  YAML::Node log = YAML::LoadFile((dir / "log.yaml").string());
  ASSERT_TRUE(log.IsSequence());
  bool saw_bug = false, saw_result = false;
  for (const auto& entry : log) {
    if (entry["lvl"].as<std::string>() == "target" &&
        entry["msg"].as<std::string>().find("BUG: kernel NULL pointer dereference") != std::string::npos)
      saw_bug = true;
    if (entry["lvl"].as<std::string>() == "results" && entry["msg"]["definition"].as<std::string>() == "commands" &&
        entry["msg"]["result"].as<std::string>() == "fail")
      saw_result = true;
  }
  EXPECT_TRUE(saw_bug);
  EXPECT_TRUE(saw_result);
  std::string html = testenv::read_file(dir / "log.html");
  EXPECT_NE(html.find("BUG: kernel NULL pointer dereference in fake_driver_probe"), std::string::npos);
  EXPECT_NE(html.find("modprobe fake_driver"), std::string::npos);
  // TuxRun's consumers judge a run by these.
  EXPECT_EQ(r.results["lava"]["login-action"]["result"], "pass") << r.results.dump(2);
  EXPECT_EQ(r.results["lava"]["kernel-messages"]["result"], "fail");
  EXPECT_EQ(r.results["lava"]["commands"]["result"], "fail");
  EXPECT_EQ(r.results["lava"]["job"]["result"], "pass");
  EXPECT_EQ(r.results["lava"]["execute-qemu"]["extra"]["job_arch"], "x86_64");
}

// A rootfs without krun's init: its shell prompt says it booted.
TEST(KrunTuxRun, PromptMarksTheBootOfAForeignRootfs) {
  const char* console =
      "[    0.000000] Linux version 6.1.0 (fake)\n"
      "Welcome to Buildroot\n"
      "buildroot login: root\n"
      "root@buildroot:~# \n";
  testenv::TempDir dir("krun-tuxrun-prompt");
  auto with = krun_it::krun_with_fake_qemu(dir, console, {"--prompt", "root@.*:~#"});
  EXPECT_EQ(with.results["boot"]["boot"]["result"], "pass") << with.process.err;
  testenv::TempDir other("krun-tuxrun-prompt");
  auto without = krun_it::krun_with_fake_qemu(other, console, {});
  EXPECT_NE(without.results["boot"]["boot"]["result"], "pass");
}

TEST(KrunTuxRun, ResultsToStandardOutput) {
  testenv::TempDir dir("krun-tuxrun-stdout");
  kvm_less_qemu(dir);
  auto r = krun_kvm(dir, dir / "cache", {"--disable-kvm", "--results", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto printed = nlohmann::json::parse(r.out);
  EXPECT_EQ(printed["boot"]["boot"]["result"], "pass");
}

// Hooks run in order and the first that fails stops the rest, as in TuxRun
// (and kbuild); the run's exit code says a hook failed.
TEST(KrunTuxRun, ResultsHooksStopAtTheFirstFailure) {
  testenv::TempDir dir("krun-tuxrun-hooks");
  auto r = krun_it::krun_with_fake_qemu(
      dir, kConsole,
      {"--results-hook", "echo one > '" + (dir / "one.txt").string() + "'; exit 3", "--results-hook",
       "echo two > '" + (dir / "two.txt").string() + "'"});
  EXPECT_EQ(r.process.exit_code, 2) << r.process.err;
  EXPECT_TRUE(fs::exists(dir / "one.txt"));
  EXPECT_FALSE(fs::exists(dir / "two.txt"));
  EXPECT_NE(r.process.err.find("the hooks after it did not run"), std::string::npos) << r.process.err;
}

}  // namespace
