#include "krun/cli/run_options.h"

#include <gtest/gtest.h>

#include "common/errors.h"

namespace krun {
namespace {

// The usage error's message, or "no error".
std::string message(const std::vector<std::string>& args) {
  try {
    parse_run_options(args);
  } catch (const kc::Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(RunOptions, TuxRunNamesAndCommands) {
  auto o = parse_run_options({"--device", "qemu-arm64", "--kernel", "https://x/Image.gz", "--overlay", "a.tar:/opt",
                              "--overlay", "b.tar", "--timeouts", "boot=30", "--timeouts", "silence=9",
                              "--parameters", "K=V=W", "--tuxmake", "out", "--bisect", "--", "uname -a",
                              "--", "cat /proc/version"});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->device, "qemu-arm64");
  EXPECT_EQ(o->kernel, "https://x/Image.gz");
  EXPECT_EQ(o->overlays, (std::vector<std::string>{"a.tar:/opt", "b.tar"}));
  EXPECT_EQ(o->timeouts.boot(), std::chrono::minutes(30));
  EXPECT_EQ(o->timeouts.silence(), std::chrono::minutes(9));
  EXPECT_EQ(o->parameters.at("K"), "V=W");
  EXPECT_EQ(o->kbuild_dir, "out");
  EXPECT_TRUE(o->bisect);
  EXPECT_EQ(o->runtime, "null");
  ASSERT_EQ(o->commands.size(), 2u);
  EXPECT_EQ(o->commands[0], "uname -a");
  EXPECT_EQ(o->commands[1], "cat /proc/version");
}

// Command lines from TuxRun's own documentation (README, docs/run-qemu.md,
// docs/outputs.md), with the command name changed: krun reads each with
// TuxRun's meaning.
std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::string w;
  char quote = 0;
  bool in_word = false;
  for (char c : line) {
    if (quote) {
      if (c == quote) quote = 0;
      else w += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ') {
      if (in_word) out.push_back(w);
      w.clear();
      in_word = false;
    } else {
      w += c;
      in_word = true;
    }
  }
  if (in_word) out.push_back(w);
  return out;
}

RunOptions tuxrun_line(const std::string& line) {
  std::vector<std::string> argv = words(line);
  EXPECT_EQ(argv.front(), "tuxrun");
  argv.erase(argv.begin());
  auto o = parse_run_options(argv);
  EXPECT_TRUE(o) << line;
  return o ? *o : RunOptions{};
}

using std::chrono::minutes;

TEST(RunOptions, TuxRunsDocumentedCommandLines) {
  RunOptions a = tuxrun_line("tuxrun --device qemu-arm64 --kernel /path/to/Image");
  EXPECT_EQ(a.device, "qemu-arm64");
  EXPECT_EQ(a.kernel, "/path/to/Image");
  EXPECT_EQ(a.timeouts.boot(), minutes(5));  // krun's default boot timeout

  RunOptions b = tuxrun_line(
      "tuxrun --device qemu-arm64 --kernel http://storage.tuxboot.com/buildroot/arm64/Image --modules modules.tar.xz");
  EXPECT_EQ(b.modules, "modules.tar.xz");
  EXPECT_EQ(b.modules_dir, "/");

  RunOptions c = tuxrun_line(
      "tuxrun --runtime podman --device qemu-arm64 --boot-args rw --tuxmake /home/anders/.cache/tuxmake/builds/1490 "
      "--rootfs https://storage.tuxboot.com/debian/bookworm/arm64/rootfs.ext4.xz "
      "--overlay file:///home/anders/.cache/tuxmake/builds/1490/kselftest.tar.xz "
      "--overlay file:///home/anders/src/tmp/custom-scripts.tar.xz --timeouts boot=60 "
      "--save-outputs --log-file - --timeouts commands=40 -- /custom-script.sh");
  EXPECT_EQ(c.runtime, "podman");
  EXPECT_EQ(c.boot_args, "rw");
  EXPECT_EQ(c.kbuild_dir, "/home/anders/.cache/tuxmake/builds/1490");
  EXPECT_EQ(c.overlays, (std::vector<std::string>{"file:///home/anders/.cache/tuxmake/builds/1490/kselftest.tar.xz",
                                                  "file:///home/anders/src/tmp/custom-scripts.tar.xz"}));
  EXPECT_EQ(c.timeouts.boot(), minutes(60));  // TuxRun's unit: minutes
  EXPECT_EQ(c.timeouts.test("command-1", "commands", "commands"), minutes(40));
  EXPECT_TRUE(c.save_outputs);
  EXPECT_EQ(c.log_file, "-");
  EXPECT_EQ(c.commands, std::vector<std::string>{"/custom-script.sh"});

  RunOptions d = tuxrun_line("tuxrun --device qemu-arm64 --kernel http://storage.tuxboot.com/buildroot/arm64/Image "
                             "--boot-args \"initcall_debug\"");
  EXPECT_EQ(d.boot_args, "initcall_debug");

  RunOptions e = tuxrun_line(
      "tuxrun --device qemu-arm64 --kernel http://storage.tuxboot.com/buildroot/arm64/Image --tests ltp-smoke");
  EXPECT_EQ(e.tests, std::vector<std::string>{"ltp-smoke"});

  RunOptions f = tuxrun_line(
      "tuxrun --device qemu-arm64 --kernel http://storage.tuxboot.com/buildroot/arm64/Image -- cat /proc/cpuinfo");
  EXPECT_EQ(f.commands, std::vector<std::string>{"cat /proc/cpuinfo"});

  RunOptions g = tuxrun_line("tuxrun --device qemu-armv5 --tests ltp-smoke --timeouts deploy=10 boot=12 ltp-smoke=32");
  EXPECT_EQ(g.timeouts.deploy(), minutes(10));
  EXPECT_EQ(g.timeouts.boot(), minutes(12));
  EXPECT_EQ(g.timeouts.test("ltp-smoke", "ltp", "ltp-<name>"), minutes(32));

  RunOptions h = tuxrun_line("tuxrun --tuxbuild https://builds.tuxbuild.com/2J6AqnBvH9T4pYMcGkqBGy2Ecv3/");
  EXPECT_EQ(h.tuxbuild, "https://builds.tuxbuild.com/2J6AqnBvH9T4pYMcGkqBGy2Ecv3/");

  RunOptions i = tuxrun_line("tuxrun --device qemu-arm64 --shared /home/user/shared");
  ASSERT_TRUE(i.shared);
  EXPECT_EQ(i.shared->host, "/home/user/shared");
  EXPECT_EQ(i.shared->guest, "/mnt/tuxrun");

  RunOptions j = tuxrun_line("tuxrun --device qemu-armv5 --log-file-html logs.html --log-file-text logs.txt");
  EXPECT_EQ(j.log_file_html, "logs.html");
  EXPECT_EQ(j.log_file, "logs.txt");
  EXPECT_EQ(tuxrun_line("tuxrun --device qemu-armv5 --log-file-yaml logs.yaml").log_file_yaml, "logs.yaml");
  EXPECT_EQ(tuxrun_line("tuxrun --device qemu-armv5 --results results.json").results, "results.json");

  RunOptions k = tuxrun_line("tuxrun --device qemu-mips32el --save-outputs --cache-dir /abs/path --log-file -");
  EXPECT_EQ(k.cache_dir, "/abs/path");

  RunOptions l = tuxrun_line("tuxrun --device qemu-x86_64 --enable-kvm --enable-network --prompt 'root@.*#'");
  EXPECT_EQ(l.kvm, KvmChoice::On);
  EXPECT_TRUE(l.enable_network);
  EXPECT_EQ(l.prompt, "root@.*#");
}

TEST(RunOptions, TwoArgumentOverlaysModulesAndShared) {
  auto o = parse_run_options({"--overlay", "https://h/a.tar.gz", "/opt/a", "--overlay", "b.tar", "--modules",
                              "m.tar.xz", "/usr", "--shared", "--tests", "kunit"});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->overlays, (std::vector<std::string>{"https://h/a.tar.gz:/opt/a", "b.tar"}));
  EXPECT_EQ(o->modules, "m.tar.xz");
  EXPECT_EQ(o->modules_dir, "/usr");
  ASSERT_TRUE(o->shared);
  EXPECT_TRUE(o->shared->host.empty());  // the run's output folder
  EXPECT_EQ(o->tests, std::vector<std::string>{"kunit"});
  auto p = parse_run_options({"--shared", "/srv/x", "/mnt/x", "--parameters", "MODULES_PATH=/lib2", "--modules", "m"});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->shared->guest, "/mnt/x");
  EXPECT_EQ(p->modules_dir, "/lib2");
  EXPECT_NE(message({"--overlay", "a", "opt"}).find("must be absolute"), std::string::npos);
  EXPECT_NE(message({"--overlay", "a", "/b", "/c"}).find("--overlay takes URL [PATH]"), std::string::npos);
  EXPECT_NE(message({"--shared", "a", "b", "c"}), "no error");
  EXPECT_NE(message({"--enable-kvm", "--disable-kvm"}).find("exclude each other"), std::string::npos);
  EXPECT_NE(message({"--tuxbuild", "/local/dir"}).find("not an http(s) URL"), std::string::npos);
  EXPECT_NE(message({"--timeouts", "boot=-1"}).find("--timeouts boot=-1"), std::string::npos);
  EXPECT_NE(message({"--timeouts", "bogus=1"}).find("unknown key"), std::string::npos);
  EXPECT_NE(message({"--prompt", "(unclosed"}).find("--prompt"), std::string::npos);
}

TEST(RunOptions, QemuRunsOnTheHostOrInEitherEnginesContainer) {
  EXPECT_EQ(parse_run_options({})->runtime, "null");
  EXPECT_EQ(parse_run_options({"--runtime", "podman"})->runtime, "podman");
  EXPECT_EQ(parse_run_options({"--runtime", "docker"})->runtime, "docker");
}

TEST(RunOptions, BadSyntaxIsUsageError) {
  EXPECT_THROW(parse_run_options({"--timeouts", "boot"}), kc::Error);
  EXPECT_THROW(parse_run_options({"--runtime", "lxc"}), kc::Error);
  EXPECT_THROW(parse_run_options({"--no-such-option"}), kc::Error);
}

TEST(RunOptions, LavaOptionsGoTogetherAndBasesAreUrls) {
  auto o = parse_run_options({"--lava-definition", "--lava-only", "--lava-url-base", "https://lab.example/jobs/1"});
  ASSERT_TRUE(o);
  EXPECT_TRUE(o->lava);
  EXPECT_TRUE(o->lava_definition.empty());  // the default file in the output folder
  EXPECT_EQ(o->lava_url_base, "https://lab.example/jobs/1");
  EXPECT_THROW(parse_run_options({"--lava-only"}), kc::Error);
  EXPECT_NE(message({"--lava-definition", "job.yaml", "--lava-url-base", "lab/artifacts"})
                .find("--lava-url-base lab/artifacts: not a URL"),
            std::string::npos);
  EXPECT_NE(message({"--kcidb", "k.json", "--kcidb-url-base", "/srv/logs"}).find("--kcidb-url-base /srv/logs: not a URL"),
            std::string::npos);  // the check both tools share (common/kcidb)
}

TEST(RunOptions, KbuildAliasAndTests) {
  auto o = parse_run_options({"--kbuild", "dir", "--tests", "a,b", "--tests", "c"});
  ASSERT_TRUE(o);
  EXPECT_EQ(o->kbuild_dir, "dir");
  EXPECT_EQ(o->tests, (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace krun
