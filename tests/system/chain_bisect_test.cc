// The whole chain as a user runs it: `git bisect run kbuild --bisect ...
// --results-hook 'krun --bisect --kbuild . ...'` over a real git history made
// from Debian's linux-source-6.1. One commit breaks the build (it must be
// skipped, exit 125), a later one fixes it, and one after that panics during
// boot (the first bad commit, found by krun's crash detector). A second
// history branches off the fixed commit: one commit adds a WARNING every
// boot prints from then on, the next one panics; plain --bisect blames the
// WARNING, `--bisect-on` with the panic's title finds the panic. Both
// histories share one build folder, so a step rebuilds only init/main.o.
// Per-step and total times are printed and kept in
// <build>/chain-bisect/timings.txt.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "common/file_lock.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

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
  std::string warns, panics_after_warn;  // the second history, on branch "noisy" from `fixed`
  std::map<std::string, std::string> subject;  // sha → subject
};

const char* kPanicAnchor = "\tdo_sysctl_args();\n\n\tif (ramdisk_execute_command) {";
const char* kInjectedPanic = "\tdo_sysctl_args();\n\tpanic(\"chain-bisect: injected boot regression\");\n\n"
                             "\tif (ramdisk_execute_command) {";
// How krun titles the injected panic (krun/console/report_start.cc).
const char* kPanicTitlePattern = "kernel panic: chain-bisect*";

// Builds the repository once per build tree (committing 70k files takes a
// while); a stamp file holds the commit ids.
History make_history(std::ostream& timings) {
  fs::path base = testenv::binary_dir() / "chain-bisect";
  History h;
  h.repo = base / "linux-git";
  fs::path stamp = base / "history.txt";
  if (fs::exists(stamp) && fs::exists(h.repo / ".git")) {
    std::istringstream in(testenv::read_file(stamp));
    in >> h.good >> h.broken >> h.fixed >> h.panics >> h.head >> h.warns >> h.panics_after_warn;
  }
  if (h.panics_after_warn.empty()) {  // no stamp, or one from before the second history
    fs::remove_all(h.repo);
    fs::create_directories(base);
    auto t = Clock::now();
    // A copy of the tree the system kernels are built from (the tarball
    // unpacked once per run), with its files' times: the bisect's build
    // folder starts from the shared x86_64 kernel's (seed_build_folder), and
    // make must see the files no commit touched as older than its objects.
    fs::path tmp = base / "linux-git.tmp";
    fs::remove_all(tmp);
    must(testenv::run(kc::find_program("cp"), {"-a", "--reflink=auto", testenv::linux_source_tree().string(),
                                               tmp.string()}, {}, {}, std::chrono::seconds(900)),
         "copying the kernel tree");
    fs::remove(tmp / ".unpacked");  // the shared tree's stamp, not part of the kernel
    fs::rename(tmp, h.repo);
    timings << "copy of linux-source-6.1: " << since(t) << " s\n";

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

    replace_once(h.repo / "init/main.c", kPanicAnchor, kInjectedPanic);
    h.panics = commit("init: panic before starting init", 5);

    testenv::write_file(h.repo / "Documentation/chain-notes.txt", "A second note.\n");
    h.head = commit("Documentation: extend the note", 6);

    // The second history: a WARNING on every boot, then the panic.
    must(git(h.repo, {"checkout", "-q", "-b", "noisy", h.fixed}), "git checkout");
    replace_once(h.repo / "init/main.c", kPanicAnchor,
                 "\tdo_sysctl_args();\n\tWARN(1, \"chain-bisect: an unrelated warning\\n\");\n\n"
                 "\tif (ramdisk_execute_command) {");
    h.warns = commit("init: warn on every boot", 7);
    replace_once(h.repo / "init/main.c", "an unrelated warning\\n\");\n",
                 "an unrelated warning\\n\");\n\tpanic(\"chain-bisect: injected boot regression\");\n");
    h.panics_after_warn = commit("init: panic before starting init, after the warning", 8);
    must(git(h.repo, {"checkout", "-q", "main"}), "git checkout main");
    timings << "make the history (total): " << since(t) << " s\n";
    testenv::write_file(stamp, h.good + " " + h.broken + " " + h.fixed + " " + h.panics + " " + h.head + " " +
                                   h.warns + " " + h.panics_after_warn + "\n");
  }
  for (const auto& sha : {h.good, h.broken, h.fixed, h.panics, h.head, h.warns, h.panics_after_warn})
    h.subject[sha] = trim(must(git(h.repo, {"log", "-1", "--format=%s", sha}), "git log"));
  return h;
}

// The first step would otherwise build the whole kernel in a new folder:
// ccache makes its compiles cheap, not the make of a few thousand objects
// and the links. So the bisect's build folder starts as a copy of the shared
// x86_64 kernel's, which kbuild built with the same arguments from the same
// files at the same in-container paths (and the same kconfig inputs, so
// kbuild reuses its .config): make rebuilds what a commit changed, and what
// depends on the release string (a git tree's kernelrelease ends in "+").
void seed_build_folder(const fs::path& build, std::ostream& timings) {
  if (fs::exists(build)) return;
  testenv::system_kernel("x86_64");
  auto t = Clock::now();
  const fs::path shared = testenv::binary_dir() / "system-kernels" / "x86_64-build";
  const fs::path tmp = build.string() + ".tmp";
  fs::remove_all(tmp);
  kc::FileLock slot(testenv::kernel_build_lock_path(), "the machine's kernel build slot");
  must(testenv::run(kc::find_program("cp"), {"-a", "--reflink=auto", shared.string(), tmp.string()}, {}, {},
                    std::chrono::seconds(600)),
       "copying the x86_64 kernel's build folder");
  fs::rename(tmp, build);
  timings << "build folder from the shared x86_64 kernel's: " << since(t) << " s\n";
}

struct BisectRun {
  kc::ProcessResult result;
  std::string log;                      // git bisect log
  std::map<std::string, int> step_code;  // sha → the step's exit code
};

// `git bisect run kbuild ... --results-hook 'krun --bisect ...'` between
// `good` and `bad`, with krun_args added to the hook; each step timed.
BisectRun bisect_run(const History& h, const std::string& good, const std::string& bad,
                     const std::string& krun_args, const std::string& label, std::ostream& timings) {
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

  seed_build_folder(base / "build", timings);
  must(git(h.repo, {"bisect", "reset"}), "git bisect reset");
  must(git(h.repo, {"bisect", "start", bad, good}), "git bisect start");

  // The same kconfig, ccache folder and wrapper as the shared x86_64 system
  // kernel (tests/support/system_kernels.cc), so the steps reuse its objects.
  std::string hook = "'" + testenv::krun_bin().string() + "' --bisect --kbuild . -q --cache-dir '" +
                     testenv::krun_system_cache().string() + "' --timeouts boot=300s" + krun_args;
  std::vector<std::string> args = {testenv::kernel_build_lock_path().string(), "git", "bisect", "run", step_sh.string(),
                                   testenv::kbuild_bin().string(), "--bisect", "-C", ".",
                                   "-b", (base / "build").string(), "-o", (base / "out").string(),
                                   "-w", "ccache", "-e",
                                   "CCACHE_DIR=" + testenv::system_kernel_ccache_dir().string(),
                                   "--results-hook", hook};
  auto kargs = testenv::system_kernel_kbuild_args("x86_64");
  args.insert(args.end(), kargs.begin(), kargs.end());

  BisectRun out;
  auto t = Clock::now();
  out.result = testenv::run(kc::find_program("flock"), args, h.repo, {{"CHAIN_STEPS", steps.string()}},
                            std::chrono::seconds(2300));
  double total = since(t);
  out.log = git(h.repo, {"bisect", "log"}).out;
  git(h.repo, {"bisect", "reset"});

  timings << "git bisect run, " << label << " (total): " << total << " s\n";
  std::istringstream in(fs::exists(steps) ? testenv::read_file(steps) : "");
  std::string sha;
  int rc;
  double start, end;
  while (in >> sha >> rc >> start >> end) {
    out.step_code[sha] = rc;
    timings << "  step " << sha.substr(0, 12) << " (" << h.subject.at(sha) << "): exit " << rc << ", "
            << (end - start) << " s\n";
  }
  return out;
}

void keep_timings(const std::ostringstream& timings) {
  fs::path file = testenv::binary_dir() / "chain-bisect" / "timings.txt";
  std::string before = fs::exists(file) ? testenv::read_file(file) : "";
  testenv::write_file(file, before + timings.str());
  std::cout << timings.str();
}

bool chain_tools_present() {
  return testenv::can_build_system_kernels() && !kc::find_program("git").empty() &&
         !kc::find_program("flock").empty() && !kc::find_program("qemu-system-x86_64").empty();
}

TEST(ChainBisect, GitBisectRunFindsTheCommitThatPanicsAndSkipsTheBrokenBuild) {
  REQUIRE_OR_SKIP(chain_tools_present(), "podman, linux-source-6.1, git, flock and qemu-system-x86_64 are needed");

  std::ostringstream timings;
  History h = make_history(timings);
  fs::remove(testenv::binary_dir() / "chain-bisect" / "timings.txt");
  BisectRun b = bisect_run(h, h.good, h.head, "", "panic after a broken build", timings);
  keep_timings(timings);

  ASSERT_EQ(b.result.exit_code, 0) << b.result.describe() << "\n" << b.result.out << "\n" << b.result.err << "\n" << b.log;
  EXPECT_NE(b.result.out.find(h.panics + " is the first bad commit"), std::string::npos) << b.result.out << b.log;
  // git visits the build-breaking commit first (the midpoint): it must have
  // been skipped, never marked bad.
  ASSERT_TRUE(b.step_code.count(h.broken)) << "the broken commit was not tested:\n" << b.log;
  EXPECT_EQ(b.step_code[h.broken], 125);
  EXPECT_NE(b.log.find("# skip: [" + h.broken + "]"), std::string::npos) << b.log;
  EXPECT_EQ(b.log.find("# bad: [" + h.broken + "]"), std::string::npos) << b.log;
  EXPECT_EQ(b.step_code[h.panics], 1);  // krun found the panic
  if (b.step_code.count(h.fixed)) {
    EXPECT_EQ(b.step_code[h.fixed], 0);
  }
}

// The second history: fixed → warns (a WARNING on every boot) → panics.
// git tests the one commit between the ends, `warns`: plain --bisect calls
// it bad (a crash was found), --bisect-on the panic's title calls it good.
TEST(ChainBisect, BisectOnThePanicsTitleIsNotMisledByAnUnrelatedWarning) {
  REQUIRE_OR_SKIP(chain_tools_present(), "podman, linux-source-6.1, git, flock and qemu-system-x86_64 are needed");

  std::ostringstream timings;
  History h = make_history(timings);
  BisectRun plain = bisect_run(h, h.fixed, h.panics_after_warn, "", "plain --bisect, warning then panic", timings);
  BisectRun on = bisect_run(h, h.fixed, h.panics_after_warn,
                            std::string(" --bisect-on '") + kPanicTitlePattern + "'",
                            "--bisect-on the panic, warning then panic", timings);
  keep_timings(timings);

  ASSERT_EQ(plain.result.exit_code, 0) << plain.result.describe() << "\n" << plain.result.out << "\n"
                                       << plain.result.err << "\n" << plain.log;
  EXPECT_NE(plain.result.out.find(h.warns + " is the first bad commit"), std::string::npos)
      << "plain --bisect blames the warning:\n" << plain.result.out << plain.log;
  EXPECT_EQ(plain.step_code[h.warns], 1);

  ASSERT_EQ(on.result.exit_code, 0) << on.result.describe() << "\n" << on.result.out << "\n" << on.result.err
                                    << "\n" << on.log;
  EXPECT_NE(on.result.out.find(h.panics_after_warn + " is the first bad commit"), std::string::npos)
      << "--bisect-on names the panic:\n" << on.result.out << on.log;
  EXPECT_EQ(on.step_code[h.warns], 0);
}

}  // namespace
