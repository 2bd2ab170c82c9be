// Bad input and faults (issue 2's list): each gives one E: line, the
// documented exit code, and loses nothing already written.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <thread>

#include "common/process.h"
#include "tests/integration/kbuild_harness.h"

namespace {

namespace fs = std::filesystem;
using kbuild_it::kbuild;
using kbuild_it::null_build;
using testenv::TempDir;

void expect_error(const kbuild_it::Run& r, int code, const std::string& words) {
  EXPECT_EQ(r.code(), code) << r.result.err;
  EXPECT_EQ(r.error_lines(), 1) << r.result.err;
  EXPECT_NE(r.result.err.find(words), std::string::npos) << r.result.err;
}

TEST(KbuildErrors, NotAKernelTree) {
  TempDir home;
  fs::create_directories(home / "empty");
  auto r = kbuild(home, {"-C", (home / "empty").string(), "-r", "null", "-a", "x86_64", "-o", (home / "out").string()});
  expect_error(r, 1, "is not a Linux kernel tree");
  EXPECT_FALSE(fs::exists(home / "out"));  // nothing created on bad input
}

TEST(KbuildErrors, UnknownArchToolchainTargetWrapper) {
  TempDir home;
  expect_error(kbuild(home, null_build(home, {"-a", "vax"})), 1, "unknown architecture 'vax'");
  expect_error(kbuild(home, null_build(home, {"-t", "icc"})), 1, "unknown toolchain 'icc'");
  expect_error(kbuild(home, null_build(home, {"firmware"})), 1, "unknown target 'firmware'");
  expect_error(kbuild(home, null_build(home, {"-w", "icecream"})), 1, "unknown wrapper 'icecream'");
  expect_error(kbuild(home, null_build(home, {"-r", "lxc"})), 1, "--runtime: lxc not in {podman,docker,null}");
}

TEST(KbuildErrors, UnsupportedArchToolchainCombination) {
  TempDir home;
  expect_error(kbuild(home, null_build(home, {"-a", "sh", "-t", "clang-16"})), 1,
               "toolchain clang-16 does not support architecture sh");
}

// A pair that builds but is known not to boot is built (the user may want to
// see exactly that), with a W: line naming the toolchain to use instead. The
// fake tree has no sh config, so both builds fail at config, equally.
TEST(KbuildErrors, KnownMiscompileIsWarnedNotRefused) {
  TempDir home;
  auto bad = kbuild(home, null_build(home, {"-a", "sh", "-t", "gcc-12"}));
  EXPECT_NE(bad.result.err.find("W: gcc-12 on sh: gcc 12 miscompiles the zImage loader"), std::string::npos)
      << bad.result.err;
  EXPECT_NE(bad.result.err.find("use --toolchain gcc-14"), std::string::npos) << bad.result.err;
  EXPECT_TRUE(fs::exists(home / "out/build.log"));  // the build went on
  TempDir home14;
  auto good = kbuild(home14, null_build(home14, {"-a", "sh", "-t", "gcc-14"}));
  EXPECT_EQ(good.result.err.find("miscompiles"), std::string::npos) << good.result.err;
  EXPECT_EQ(good.code(), bad.code());
}

TEST(KbuildErrors, KconfigUrlThatDoesNotExist) {
  TempDir home;
  fs::create_directories(home / "www");
  testenv::write_file(home / "www/ok.config", "CONFIG_OK=y\n");
  // A local HTTP server on a free port (port 0: the kernel picks one, the
  // server prints it).
  int port = 0;
  int pipefd[2];
  ASSERT_EQ(pipe(pipefd), 0);
  pid_t server = fork();
  if (server == 0) {
    dup2(pipefd[1], 1);
    close(pipefd[0]);
    setpgid(0, 0);
    execlp("python3", "python3", "-c",
           "import http.server,socketserver,sys,os\n"
           "os.chdir(sys.argv[1])\n"
           "h=http.server.SimpleHTTPRequestHandler\n"
           "h.log_message=lambda *a: None\n"
           "s=socketserver.TCPServer(('127.0.0.1',0),h)\n"
           "print(s.server_address[1],flush=True)\n"
           // The test closes its end of the pipe after reading the port.
           "os.dup2(os.open(os.devnull,os.O_WRONLY),1)\n"
           "s.serve_forever()\n",
           (home / "www").c_str(), (char*)nullptr);
    _exit(127);
  }
  close(pipefd[1]);
  // Read the whole "<port>\n" line before closing the pipe.
  char buf[32] = {0};
  ssize_t n = 0;
  while (n < static_cast<ssize_t>(sizeof buf - 1) && (n == 0 || buf[n - 1] != '\n')) {
    ssize_t got = read(pipefd[0], buf + n, sizeof buf - 1 - n);
    if (got <= 0) break;
    n += got;
  }
  close(pipefd[0]);
  REQUIRE_OR_SKIP(n > 0, "python3 http.server could not start");
  port = std::atoi(buf);
  std::string base = "http://127.0.0.1:" + std::to_string(port);

  auto ok = kbuild(home, null_build(home, {"-K", base + "/ok.config", "config"}));
  EXPECT_EQ(ok.code(), 0) << ok.result.err;
  EXPECT_NE(testenv::read_file(ok.out / "config").find("CONFIG_OK=y"), std::string::npos);

  TempDir home2;
  auto missing = kbuild(home2, null_build(home2, {"-K", base + "/missing.config", "config"}));
  expect_error(missing, 3, "missing.config");
  auto missing_base = kbuild(home2, null_build(home2, {"-k", base + "/nope_defconfig", "config"}));
  expect_error(missing_base, 3, "nope_defconfig");
  kill(-server, SIGTERM);
  waitpid(server, nullptr, 0);

  auto file_url = kbuild(home2, null_build(home2, {"-K", "file:///nonexistent/frag.config", "config"}));
  expect_error(file_url, 1, "/nonexistent/frag.config");
}

TEST(KbuildErrors, MissingFragmentFileAndInvalidLine) {
  TempDir home;
  expect_error(kbuild(home, null_build(home, {"-K", "/nonexistent/frag.config"})), 1,
               "kconfig fragment file '/nonexistent/frag.config' not found");
  expect_error(kbuild(home, null_build(home, {"-K", "nosuch.config"})), 1, "'nosuch.config' not found");
  expect_error(kbuild(home, null_build(home, {"-K", "CONFIG_FOO"})), 1, "invalid -K 'CONFIG_FOO'");
  expect_error(kbuild(home, null_build(home, {"-K", "CONFIG_FOO is on"})), 1, "invalid -K");
}

TEST(KbuildErrors, MakeVariablesKbuildOwns) {
  TempDir home;
  for (const char* v : {"ARCH=arm", "O=/tmp/x", "CC=clang", "CROSS_COMPILE=foo-", "LLVM=1"})
    expect_error(kbuild(home, null_build(home, {v})), 1, "is set by kbuild itself");
}

TEST(KbuildErrors, PodmanNotInstalled) {
  TempDir home;
  fs::create_directories(home / "bin");
  auto r = kbuild(home, {"-C", kbuild_it::fake_kernel().string(), "-r", "podman", "-a", "x86_64", "-o",
                         (home / "out").string()},
                  {{"PATH", (home / "bin").string()}});
  expect_error(r, 3, "podman is not installed");
}

// Starts kbuild in the background, waits until the kernel target runs (the
// fake tree sleeps there), sends `sig`, and checks the aftermath.
void interrupt_mid_build(int sig, const std::string& podman_image = "") {
  TempDir home;
  fs::path out = home / "out";
  // A sleep length unique to this test so the leftover check below cannot see
  // another test's process.
  std::string sleep_for = std::to_string(60 + sig);
  auto args = null_build(home, {"config", "kernel", "modules", "FAKE_SLEEP=" + sleep_for});
  if (!podman_image.empty()) args.insert(args.end(), {"-r", "podman", "-i", podman_image});
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open((home / "stderr.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 2);
    setenv("XDG_CONFIG_HOME", (home / "config").c_str(), 1);
    setenv("XDG_CACHE_HOME", (home / "cache").c_str(), 1);
    std::vector<char*> argv;
    std::string bin = testenv::kbuild_bin().string();
    argv.push_back(bin.data());
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  bool running = false;
  for (int i = 0; i < 300 && !running; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (!fs::exists(out / "metadata.json")) continue;
    auto m = nlohmann::json::parse(testenv::read_file(out / "metadata.json"));
    running = m["results"]["targets"]["kernel"]["status"] == "RUNNING";
  }
  ASSERT_TRUE(running) << "kernel target never started";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto t0 = std::chrono::steady_clock::now();
  kill(pid, sig);
  int status = 0;
  waitpid(pid, &status, 0);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(took, 20.0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 128 + sig);
  auto m = nlohmann::json::parse(testenv::read_file(out / "metadata.json"));
  EXPECT_EQ(m["results"]["status"], "INTERRUPTED");
  EXPECT_EQ(m["results"]["interrupted"]["target"], "kernel");
  EXPECT_EQ(m["results"]["targets"]["kernel"]["status"], "INTERRUPTED");
  EXPECT_EQ(m["results"]["targets"]["config"]["status"], "PASS");
  EXPECT_TRUE(fs::exists(out / "config"));
  std::string err = testenv::read_file(home / "stderr.txt");
  int e_lines = 0;
  for (size_t p = err.find("E: "); p != std::string::npos; p = err.find("E: ", p + 1)) ++e_lines;
  EXPECT_EQ(e_lines, 1) << err;
  // The fake tree's sleep (a grandchild) is gone too.
  kc::ProcessOptions pg;
  pg.argv = {"pgrep", "-x", "-f", "sleep " + sleep_for};
  EXPECT_NE(kc::run_process(pg).exit_code, 0) << "a build process survived the signal";
  if (!podman_image.empty()) {
    // The build's container (named kbuild-<pid>-...) was removed.
    kc::ProcessOptions ps;
    ps.argv = {"podman", "ps", "-a", "--format", "{{.Names}}"};
    auto r = kc::run_process(ps);
    EXPECT_EQ(r.out.find("kbuild-" + std::to_string(pid) + "-"), std::string::npos) << r.out;
  }
}

TEST(KbuildErrors, SigtermMidBuild) { interrupt_mid_build(SIGTERM); }
TEST(KbuildErrors, SigintMidBuild) { interrupt_mid_build(SIGINT); }

TEST(KbuildErrors, SigtermMidBuildWithPodman) {
  std::string image = kbuild_it::local_build_image();
  REQUIRE_OR_SKIP(!image.empty(), "podman is needed for the kbuild/x86_64_gcc-12 image");
  interrupt_mid_build(SIGTERM, image);
}

}  // namespace
