#include "common/process.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "common/signals.h"

namespace kc {
namespace {

using namespace std::chrono_literals;

ProcessOptions sh(const std::string& script) {
  ProcessOptions o;
  o.argv = {"sh", "-c", script};
  return o;
}

// Running or sleeping; a killed orphan may linger as a zombie until init
// reaps it, which is not "alive".
bool pid_alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, comm, state;
  if (!(stat >> pid_field >> comm >> state)) return false;
  return state != "Z" && state != "X";
}

TEST(ProcessTest, CapturesOutputAndExitCode) {
  auto r = run_process(sh("echo out; echo err >&2; exit 3"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.describe(), "exited with 3");
}

// A descriptor this process holds open without close-on-exec (as one
// inherited from flock(1) would be) does not reach the child.
TEST(ProcessTest, OnlyStdioReachesTheChild) {
  int fd = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(fd, 0);
  ASSERT_GE(::dup2(fd, 42), 0);
  auto r = run_process(sh("[ -e /proc/self/fd/42 ] && echo leaked; [ -e /proc/self/fd/1 ] && echo stdout"));
  ::close(42);
  ::close(fd);
  EXPECT_EQ(r.out, "stdout\n");
  // An exec failure is still reported as such (the report pipe survives until exec).
  ProcessOptions missing;
  missing.argv = {"/nonexistent/program"};
  EXPECT_TRUE(run_process(missing).spawn_failed);
}

TEST(ProcessTest, ArgvIsNotInterpretedByAShell) {
  ProcessOptions o;
  o.argv = {"printf", "%s|", "a b", "$(echo no)", ";x"};
  auto r = run_process(o);
  EXPECT_EQ(r.out, "a b|$(echo no)|;x|");
}

TEST(ProcessTest, StreamsChunksToCallbacks) {
  ProcessOptions o = sh("echo one; echo two >&2; echo three");
  std::string out, err;
  o.on_stdout = [&](std::string_view c) { out.append(c); return true; };
  o.on_stderr = [&](std::string_view c) { err.append(c); return true; };
  auto r = run_process(o);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(out, "one\nthree\n");
  EXPECT_EQ(err, "two\n");
  EXPECT_TRUE(r.out.empty());
}

TEST(ProcessTest, MergeStderrIntoStdout) {
  ProcessOptions o = sh("echo a; echo b >&2");
  o.merge_stderr = true;
  auto r = run_process(o);
  EXPECT_EQ(r.out, "a\nb\n");
}

TEST(ProcessTest, EnvironmentCwdAndStdin) {
  ProcessOptions o = sh("echo \"$FOO:$(pwd):$(cat)\"; test -z \"$HOME\"");
  o.env = {{"FOO", "bar"}};
  o.unset_env = {"HOME"};
  o.cwd = "/tmp";
  o.stdin_data = "input";
  auto r = run_process(o);
  EXPECT_EQ(r.out, "bar:/tmp:input\n");
  EXPECT_EQ(r.exit_code, 0);
}

TEST(ProcessTest, MissingProgramIsASpawnFailure) {
  ProcessOptions o;
  o.argv = {"definitely-not-a-program-xyz"};
  auto r = run_process(o);
  EXPECT_TRUE(r.spawn_failed);
  EXPECT_NE(r.err.find("definitely-not-a-program-xyz"), std::string::npos);
}

// The timeout must kill the whole process group, grandchildren included.
TEST(ProcessTest, TimeoutKillsTheWholeGroup) {
  auto pidfile = std::filesystem::temp_directory_path() / ("kc-grandchild-" + std::to_string(getpid()));
  ProcessOptions o = sh("sleep 30 & echo $! > " + pidfile.string() + "; wait");
  o.timeout = 500ms;
  o.kill_grace = 200ms;
  auto start = std::chrono::steady_clock::now();
  auto r = run_process(o);
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  std::ifstream in(pidfile);
  pid_t grandchild = 0;
  in >> grandchild;
  ASSERT_GT(grandchild, 0);
  usleep(100 * 1000);
  EXPECT_FALSE(pid_alive(grandchild)) << "grandchild " << grandchild << " survived";
  std::filesystem::remove(pidfile);
}

TEST(ProcessTest, IdleTimeoutFiresOnSilence) {
  ProcessOptions o = sh("echo hello; sleep 30");
  o.idle_timeout = 300ms;
  o.kill_grace = 100ms;
  std::string out;
  o.on_stdout = [&](std::string_view c) { out.append(c); return true; };
  auto r = run_process(o);
  EXPECT_TRUE(r.idle_timed_out);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(out, "hello\n");
}

TEST(ProcessTest, CallbackCanStopTheProcess) {
  ProcessOptions o = sh("echo first; echo END; sleep 30; echo never");
  std::string out;
  o.on_stdout = [&](std::string_view c) {
    out.append(c);
    return out.find("END") == std::string::npos;
  };
  auto r = run_process(o);
  EXPECT_TRUE(r.stopped);
  EXPECT_EQ(out.find("never"), std::string::npos);
  EXPECT_LT(r.seconds, 10);
}

TEST(ProcessTest, LeaderExitingWhileGrandchildHoldsPipeDoesNotHang) {
  ProcessOptions o = sh("(sleep 30) & echo done");
  auto r = run_process(o);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "done\n");
  EXPECT_LT(r.seconds, 5);
}

TEST(ProcessTest, SigtermIsForwardedAndReported) {
  signals::install();
  signals::reset();
  std::thread killer([] {
    std::this_thread::sleep_for(300ms);
    ::kill(getpid(), SIGTERM);
  });
  ProcessOptions o = sh("trap 'echo got-term; exit 143' TERM; sleep 30 & wait");
  o.kill_grace = 2s;
  auto r = run_process(o);
  killer.join();
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(signals::received(), SIGTERM);
  EXPECT_LT(r.seconds, 5);
  signals::reset();
}

// A tool killed with SIGKILL cannot stop its children; they are told to
// stop with it, by a SIGTERM they can clean up on (a kbuild under a killed
// test harness removes its container).
TEST(ProcessTest, ChildIsTerminatedWhenTheToolIsKilledAndCanCleanUp) {
  std::filesystem::path pidfile =
      std::filesystem::temp_directory_path() / ("kc-pdeathsig-" + std::to_string(getpid()));
  std::filesystem::path cleaned = pidfile.string() + ".cleaned";
  std::filesystem::remove(pidfile);
  std::filesystem::remove(cleaned);
  pid_t tool = fork();
  ASSERT_GE(tool, 0);
  if (tool == 0) {  // the "tool": runs a long child, then is killed
    ProcessOptions o = sh("trap 'kill $sleeper; echo cleaned > \"" + cleaned.string() + "\"; exit 0' TERM; " +
                          "sleep 300 & sleeper=$!; echo $$ > '" + pidfile.string() + ".tmp' && mv '" +
                          pidfile.string() + ".tmp' '" + pidfile.string() + "'; wait $sleeper");
    run_process(o);
    _exit(0);
  }
  for (int i = 0; i < 100 && !std::filesystem::exists(pidfile); ++i) std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(std::filesystem::exists(pidfile));
  pid_t child = 0;
  std::ifstream(pidfile) >> child;
  ASSERT_GT(child, 0);
  EXPECT_TRUE(pid_alive(child));
  ::kill(tool, SIGKILL);
  ::waitpid(tool, nullptr, 0);
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = !pid_alive(child);
    if (!gone) std::this_thread::sleep_for(50ms);
  }
  EXPECT_TRUE(gone) << "the child outlived its killed parent";
  EXPECT_TRUE(std::filesystem::exists(cleaned)) << "the child was not given the chance to clean up";
  if (!gone) ::kill(child, SIGKILL);
  std::filesystem::remove(cleaned);
  std::filesystem::remove(pidfile);
}

TEST(ProcessTest, ShellQuoting) {
  EXPECT_EQ(shell_quote("CONFIG_X=y"), "CONFIG_X=y");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("$(rm -rf /)"), "'$(rm -rf /)'");
}

TEST(ProcessTest, QuoteCommand) {
  EXPECT_EQ(quote_command({"make", "O=/b", "a b", "it's"}), "make O=/b 'a b' 'it'\\''s'");
}

TEST(ProcessTest, FindProgram) {
  EXPECT_FALSE(find_program("sh").empty());
  EXPECT_TRUE(find_program("no-such-program-xyz").empty());
}

}  // namespace
}  // namespace kc

TEST(ProcessTest, OwnerPidOnlyFromNamesOfOurForm) {
  EXPECT_EQ(kc::owner_pid_in_name("kbuild-1234-abcd", "kbuild"), 1234);
  EXPECT_EQ(kc::owner_pid_in_name("kbuild-99999999999999999999-x", "kbuild"), std::nullopt) << "too large: not a crash";
  EXPECT_EQ(kc::owner_pid_in_name("kbuild--x", "kbuild"), std::nullopt);
  EXPECT_EQ(kc::owner_pid_in_name("kbuild-12a-x", "kbuild"), std::nullopt);
  EXPECT_EQ(kc::owner_pid_in_name("kbuild-0-x", "kbuild"), std::nullopt);
  EXPECT_EQ(kc::owner_pid_in_name("kbuild-1234", "kbuild"), std::nullopt);
  EXPECT_EQ(kc::owner_pid_in_name("krun-1234-x", "kbuild"), std::nullopt);
  EXPECT_EQ(kc::owner_pid_in_name("kbuild-2147483648-x", "kbuild"), std::nullopt);
}
