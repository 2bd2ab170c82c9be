// The whole chain as a user runs it: `git bisect run kbuild --bisect ...
// --results-hook 'krun --bisect --kbuild . ...'` over a real git history made
// from Debian's linux-source-6.1. One commit breaks the build (it must be
// skipped, exit 125), a later one fixes it, and one after that panics during
// boot (the first bad commit, found by krun's crash detector). Per-step and
// total times are printed and kept in <build>/chain-bisect/timings.txt.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const fs::path kTarball = "/usr/src/linux-source-6.1.tar.xz";

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// git with the speed-ups that are harmless for a scratch repository: no fsync,
// cheap compression, no automatic gc; fixed identity and dates so the
// history (and so the kernel's build timestamp) is the same on every run.
kc::ProcessResult git(const fs::path& repo, std::vector<std::string> args, int day = 1) {
  std::vector<std::string> a = {"-c", "core.fsync=none", "-c", "core.looseCompression=1", "-c", "gc.auto=0",
                                "-c", "user.name=Chain Test", "-c", "user.email=chain@example.org"};
  a.insert(a.end(), args.begin(), args.end());
  std::string date = "2024-01-" + std::string(day < 10 ? "0" : "") + std::to_string(day) + "T12:00:00+0000";
  return testenv::run(kc::find_program("git"), a, repo,
                      {{"GIT_AUTHOR_DATE", date}, {"GIT_COMMITTER_DATE", date}}, std::chrono::seconds(1800));
}

std::string must(const kc::ProcessResult& r, const std::string& what) {
  if (r.exit_code != 0) throw std::runtime_error(what + " failed (" + r.describe() + "): " + r.err);
  return r.out;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

void replace_once(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = testenv::read_file(file);
  size_t at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("anchor not found in " + file.string() + ": " + from);
  text.replace(at, from.size(), to);
  testenv::write_file(file, text);
}

struct History {
  fs::path repo;
  std::string good, broken, fixed, panics, head;
  std::map<std::string, std::string> subject;  // sha → subject
};

const char* kPanicAnchor = "\tdo_sysctl_args();\n\n\tif (ramdisk_execute_command) {";

// Builds the repository once per build tree (committing 70k files takes a
// while); a stamp file holds the commit ids.
History make_history(std::ostream& timings) {
  fs::path base = testenv::binary_dir() / "chain-bisect";
  History h;
  h.repo = base / "linux-git";
  fs::path stamp = base / "history.txt";
  if (fs::exists(stamp) && fs::exists(h.repo / ".git")) {
    std::istringstream in(testenv::read_file(stamp));
    in >> h.good >> h.broken >> h.fixed >> h.panics >> h.head;
  } else {
    fs::remove_all(h.repo);
    fs::create_directories(base);
    auto t = Clock::now();
    fs::path tmp = base / "unpack.tmp";
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    must(testenv::run(kc::find_program("tar"), {"-xf", kTarball.string(), "-C", tmp.string()}, {}, {},
                      std::chrono::seconds(900)),
         "unpacking " + kTarball.string());
    fs::rename(tmp / "linux-source-6.1", h.repo);
    fs::remove_all(tmp);
    timings << "unpack linux-source-6.1: " << since(t) << " s\n";

    t = Clock::now();
    must(git(h.repo, {"init", "-q", "-b", "main"}), "git init");
    // Debian's .gitignore ignores every top-level entry: add by force (the
    // unpacked tree holds no build products).
    must(git(h.repo, {"add", "-f", "-A"}), "git add");
    timings << "git add (whole tree): " << since(t) << " s\n";
    auto t2 = Clock::now();
    must(git(h.repo, {"commit", "-q", "-m", "Linux 6.1 from Debian's linux-source-6.1"}), "git commit");
    timings << "git commit (whole tree): " << since(t2) << " s\n";
    auto commit = [&](const std::string& msg, int day) {
      must(git(h.repo, {"commit", "-q", "-a", "-m", msg}, day), "git commit " + msg);
      return trim(must(git(h.repo, {"rev-parse", "HEAD"}), "git rev-parse"));
    };
    h.good = trim(must(git(h.repo, {"rev-parse", "HEAD"}), "git rev-parse"));

    testenv::write_file(h.repo / "Documentation/chain-notes.txt", "A note that changes nothing built.\n");
    must(git(h.repo, {"add", "-f", "Documentation/chain-notes.txt"}), "git add");
    commit("Documentation: add a note", 2);

    const fs::path panic_c = h.repo / "kernel/panic.c";
    const std::string panic_c_text = testenv::read_file(panic_c);
    testenv::write_file(panic_c, panic_c_text + "\nint chain_bisect_broken = ;\n");
    h.broken = commit("kernel/panic: break the build", 3);

    testenv::write_file(panic_c, panic_c_text);
    h.fixed = commit("kernel/panic: fix the build", 4);

    replace_once(h.repo / "init/main.c", kPanicAnchor,
                 "\tdo_sysctl_args();\n\tpanic(\"chain-bisect: injected boot regression\");\n\n"
                 "\tif (ramdisk_execute_command) {");
    h.panics = commit("init: panic before starting init", 5);

    testenv::write_file(h.repo / "Documentation/chain-notes.txt", "A second note.\n");
    h.head = commit("Documentation: extend the note", 6);
    timings << "make the history (total): " << since(t) << " s\n";
    testenv::write_file(stamp, h.good + " " + h.broken + " " + h.fixed + " " + h.panics + " " + h.head + "\n");
  }
  for (const auto& sha : {h.good, h.broken, h.fixed, h.panics, h.head})
    h.subject[sha] = trim(must(git(h.repo, {"log", "-1", "--format=%s", sha}), "git log"));
  return h;
}

TEST(ChainBisect, GitBisectRunFindsTheCommitThatPanicsAndSkipsTheBrokenBuild) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  REQUIRE_OR_SKIP(!kc::find_program("git").empty(), "git is needed");
  REQUIRE_OR_SKIP(!kc::find_program("flock").empty(), "flock (util-linux) is needed");
  REQUIRE_OR_SKIP(!kc::find_program("qemu-system-x86_64").empty(), "qemu-system-x86_64 is needed");

  std::ostringstream timings;
  History h = make_history(timings);
  fs::path base = testenv::binary_dir() / "chain-bisect";
  fs::path steps = base / "steps.txt";
  fs::remove(steps);

  // Times each step; "$@" keeps the argv exactly as given.
  fs::path step_sh = base / "step.sh";
  testenv::write_file(step_sh,
                      "#!/bin/sh\n"
                      "start=$(date +%s.%N)\n"
                      "\"$@\"\n"
                      "rc=$?\n"
                      "echo \"$(git rev-parse HEAD) $rc $start $(date +%s.%N)\" >> \"$CHAIN_STEPS\"\n"
                      "exit $rc\n");
  fs::permissions(step_sh, fs::perms::owner_all);

  must(git(h.repo, {"bisect", "reset"}), "git bisect reset");
  must(git(h.repo, {"bisect", "start", h.head, h.good}), "git bisect start");

  // The same kconfig, ccache folder and wrapper as the shared x86_64 system
  // kernel (tests/support/system_kernels.cc), so the steps reuse its objects.
  std::string hook = "'" + testenv::krun_bin().string() + "' --bisect --kbuild . -q --cache-dir '" +
                     testenv::krun_system_cache().string() + "' --timeouts boot=300";
  std::vector<std::string> args = {testenv::kernel_build_lock_path().string(), "git", "bisect", "run", step_sh.string(),
                                   testenv::kbuild_bin().string(), "--bisect", "-C", ".",
                                   "-b", (base / "build").string(), "-o", (base / "out").string(),
                                   "-w", "ccache", "-e",
                                   "CCACHE_DIR=" + testenv::system_kernel_ccache_dir().string(),
                                   "--results-hook", hook};
  auto kargs = testenv::system_kernel_kbuild_args("x86_64");
  args.insert(args.end(), kargs.begin(), kargs.end());

  auto t = Clock::now();
  auto r = testenv::run(kc::find_program("flock"), args, h.repo, {{"CHAIN_STEPS", steps.string()}},
                        std::chrono::seconds(2300));
  double total = since(t);
  std::string bisect_log = git(h.repo, {"bisect", "log"}).out;
  git(h.repo, {"bisect", "reset"});

  timings << "git bisect run (total): " << total << " s\n";
  std::istringstream in(fs::exists(steps) ? testenv::read_file(steps) : "");
  std::string sha;
  int rc;
  double start, end;
  std::map<std::string, int> step_code;
  while (in >> sha >> rc >> start >> end) {
    step_code[sha] = rc;
    timings << "  step " << sha.substr(0, 12) << " (" << h.subject[sha] << "): exit " << rc << ", "
            << (end - start) << " s\n";
  }
  testenv::write_file(base / "timings.txt", timings.str());
  std::cout << timings.str();

  ASSERT_EQ(r.exit_code, 0) << r.describe() << "\n" << r.out << "\n" << r.err << "\n" << bisect_log;
  EXPECT_NE(r.out.find(h.panics + " is the first bad commit"), std::string::npos) << r.out << bisect_log;
  // git visits the build-breaking commit first (the midpoint): it must have
  // been skipped, never marked bad.
  ASSERT_TRUE(step_code.count(h.broken)) << "the broken commit was not tested:\n" << bisect_log;
  EXPECT_EQ(step_code[h.broken], 125);
  EXPECT_NE(bisect_log.find("# skip: [" + h.broken + "]"), std::string::npos) << bisect_log;
  EXPECT_EQ(bisect_log.find("# bad: [" + h.broken + "]"), std::string::npos) << bisect_log;
  EXPECT_EQ(step_code[h.panics], 1);  // krun found the panic
  if (step_code.count(h.fixed)) {
    EXPECT_EQ(step_code[h.fixed], 0);
  }
}

}  // namespace
