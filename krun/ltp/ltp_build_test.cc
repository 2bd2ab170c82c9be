// ensure_ltp_install with a FAKE step runner (no container, no compiler): the
// cache, the scratch-then-rename discipline, the errors, and which steps run.
#include "krun/ltp/ltp_build.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/archive.h"
#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/scratch_folder.h"
#include "common/sha256.h"

namespace krun::ltp {
namespace {

namespace fs = std::filesystem;

// A FAKE LTP source: the layout unpack_ltp_source and the index read.
fs::path fake_source_tarball(const fs::path& dir, const std::string& name = "fake-ltp.tar") {
  fs::path tree = dir / "tree";
  fs::path top = tree / "ltp-fake";
  kc::write_file_atomic(top / "configure.ac", "AC_INIT\n");
  kc::write_file_atomic(top / "configure", "#!/bin/sh\n");
  kc::write_file_atomic(top / "VERSION", "29991231\n");
  kc::write_file_atomic(top / "runtest/smoketest", "# fake\nt01 t01\nt02_64 t02_64\n");
  kc::write_file_atomic(top / "runtest/other", "t01 t01\n");
  kc::write_file_atomic(top / "testcases/kernel/syscalls/t/Makefile", "all:\n");
  kc::write_file_atomic(top / "testcases/kernel/syscalls/t/t01.c", "int main(void) { return 0; }\n");
  kc::write_file_atomic(top / "testcases/kernel/syscalls/t/t02.c", "int main(void) { return 0; }\n");
  kc::TarOptions o;
  o.compression = kc::Compression::None;
  kc::create_tar_from_dir(tree, dir / name, o);
  return dir / name;
}

// FAKE: records each step; "installs" a runtest file and a program like
// LTP's make install would; fails the phase it is told to.
struct FakeRunner : StepRunner {
  std::vector<BuildStep>* steps;
  std::string fail_phase;
  fs::path install;
  void start(const fs::path& source, const fs::path& install_dir, const fs::path& ccache) override {
    install = install_dir;
    EXPECT_TRUE(fs::exists(source / "configure.ac"));
    EXPECT_TRUE(fs::is_directory(ccache));
  }
  kc::ProcessResult run(const BuildStep& step, const kc::OutputCallback& out) override {
    steps->push_back(step);
    kc::ProcessResult r;
    r.exit_code = 0;
    if (step.phase == fail_phase) {
      out("t01.c:1: error: the fake compiler says no\n");
      r.exit_code = 2;
      return r;
    }
    if (step.phase == "install" && step.argv[2] == "runtest")
      kc::write_file_atomic(install / "opt/ltp/runtest/smoketest", "t01 t01\n");
    if (step.phase == "install" && step.argv[2] == "testcases/kernel/syscalls/t")
      kc::write_file_atomic(install / "opt/ltp/testcases/bin/t01", "#!/bin/sh\n");
    out("ok\n");
    return r;
  }
  void stop() override {}
};

struct Fixture {
  kc::ScratchFolder dir{fs::temp_directory_path(), "ltp-build-test"};
  std::vector<BuildStep> steps;
  int runners = 0;
  std::string fail_phase;
  StepRunnerFactory factory() {
    return [this](const LtpToolchain& tc) {
      ++runners;
      EXPECT_EQ(tc.image.name, "krun/ltp-build_arm64");
      auto r = std::make_unique<FakeRunner>();
      r->steps = &steps;
      r->fail_phase = fail_phase;
      return r;
    };
  }
  LtpBuildRequest request(const std::string& source) {
    LtpBuildRequest req;
    req.source = source;
    req.runtests = {"smoketest"};
    req.debian_arch = "arm64";
    req.cache_dir = dir.path() / "cache";
    req.jobs = 2;
    return req;
  }
  size_t leftovers() {
    fs::path tmp = dir.path() / "cache/ltp/tmp";
    return fs::exists(tmp) ? std::distance(fs::directory_iterator(tmp), fs::directory_iterator()) : 0;
  }
};

TEST(LtpBuild, BuildsOnceThenTheCacheAnswersWithoutABuild) {
  Fixture f;
  fs::path tarball = fake_source_tarball(f.dir.path());
  LtpInstall first = ensure_ltp_install(f.request(tarball.string()), f.factory());
  EXPECT_TRUE(first.built);
  EXPECT_EQ(first.version, "29991231");
  EXPECT_EQ(f.runners, 1);
  auto entries = kc::list_archive(first.archive);
  for (const char* e : {"runtest/smoketest", "testcases/bin/t01", "Version"})
    EXPECT_NE(std::find(entries.begin(), entries.end(), e), entries.end()) << e;
  // A cross build (arm64 on this machine's x86_64) of the one test folder
  // smoketest's two entries (t02_64 is built from t02.c) need.
  auto has = [&](std::vector<std::string> argv) {
    return std::any_of(f.steps.begin(), f.steps.end(), [&](const BuildStep& s) { return s.argv == argv; });
  };
  EXPECT_TRUE(has({"./configure", "--prefix=/opt/ltp", "--host=aarch64-linux-gnu"}));
  EXPECT_TRUE(has({"make", "-j2", "-C", "testcases/kernel/syscalls/t"}));
  EXPECT_FALSE(has({"make", "autotools"}));  // the tarball has configure
  EXPECT_TRUE(fs::exists(first.log));
  EXPECT_EQ(first.log.parent_path(), first.entry.parent_path());  // beside the entry
  EXPECT_EQ(f.leftovers(), 0u);

  LtpInstall second = ensure_ltp_install(f.request(tarball.string()), f.factory());
  EXPECT_FALSE(second.built);
  EXPECT_EQ(f.runners, 1);  // no runner was even made
  EXPECT_EQ(second.archive, first.archive);
  EXPECT_EQ(kc::sha256_file(second.archive), kc::sha256_file(first.archive));

  // Other runtest files are another entry.
  LtpBuildRequest other = f.request(tarball.string());
  other.runtests = {"other"};
  EXPECT_TRUE(ensure_ltp_install(other, f.factory()).built);
  EXPECT_EQ(f.runners, 2);
}

TEST(LtpBuild, AFailedStepIsNamedWithItsLogAndLeavesNoEntry) {
  Fixture f;
  f.fail_phase = "library";
  fs::path tarball = fake_source_tarball(f.dir.path());
  try {
    ensure_ltp_install(f.request(tarball.string()), f.factory());
    FAIL() << "the failing step passed";
  } catch (const kc::Error& e) {
    std::string m = e.what();
    EXPECT_EQ(e.kind(), kc::ErrorKind::Infrastructure);
    EXPECT_NE(m.find("LTP 29991231 for arm64 failed at library"), std::string::npos) << m;
    EXPECT_NE(m.find("the fake compiler says no"), std::string::npos) << m;
    EXPECT_NE(m.find(".log"), std::string::npos) << m;
  }
  EXPECT_EQ(f.leftovers(), 0u);
  size_t entries = 0, logs = 0;
  for (const auto& e : fs::directory_iterator(f.dir.path() / "cache/ltp")) {
    if (e.path().filename().string().starts_with("arm64-") && e.is_directory()) ++entries;
    if (e.path().extension() == ".log") ++logs;
  }
  EXPECT_EQ(entries, 0u);
  EXPECT_EQ(logs, 1u);
  // Nothing was cached: the next run builds again.
  f.fail_phase.clear();
  EXPECT_TRUE(ensure_ltp_install(f.request(tarball.string()), f.factory()).built);
}

TEST(LtpBuild, BadSourcesAndRuntestNamesAreClearErrors) {
  Fixture f;
  fs::path tarball = fake_source_tarball(f.dir.path());
  auto error_of = [&](LtpBuildRequest req) -> std::pair<kc::ErrorKind, std::string> {
    try {
      ensure_ltp_install(req, f.factory());
    } catch (const kc::Error& e) {
      return {e.kind(), e.what()};
    }
    return {kc::ErrorKind::Failure, "no error"};
  };
  LtpBuildRequest unknown = f.request(tarball.string());
  unknown.runtests = {"no_such_runtest"};
  auto [k1, m1] = error_of(unknown);
  EXPECT_EQ(k1, kc::ErrorKind::Usage);
  EXPECT_NE(m1.find("has no runtest file 'no_such_runtest'"), std::string::npos) << m1;
  EXPECT_NE(m1.find("other, smoketest"), std::string::npos) << m1;

  kc::write_file_atomic(f.dir.path() / "corrupt.tar.xz", "this is not an archive");
  auto [k2, m2] = error_of(f.request((f.dir.path() / "corrupt.tar.xz").string()));
  EXPECT_EQ(k2, kc::ErrorKind::Usage);
  EXPECT_NE(m2.find("cannot be unpacked"), std::string::npos) << m2;

  // Under the release's own file name, a tarball must be the release.
  fs::path fake_release = fake_source_tarball(f.dir.path(), "ltp-20260529.tar.xz");
  auto [k3, m3] = error_of(f.request(fake_release.string()));
  EXPECT_EQ(k3, kc::ErrorKind::Infrastructure);
  EXPECT_NE(m3.find("is not LTP release 20260529"), std::string::npos) << m3;

  auto [k4, m4] = error_of(f.request((f.dir.path() / "missing.tar.xz").string()));
  EXPECT_EQ(k4, kc::ErrorKind::Usage);
  EXPECT_NE(m4.find("no such file or folder"), std::string::npos) << m4;

  EXPECT_EQ(f.runners, 0);
  EXPECT_EQ(f.leftovers(), 0u);
}

TEST(LtpBuild, ATreeSourceIsCopiedAndAGitCheckoutGetsAutotools) {
  Fixture f;
  fake_source_tarball(f.dir.path());
  fs::path tree = f.dir.path() / "tree/ltp-fake";
  fs::remove(tree / "configure");  // what a git checkout looks like
  fs::create_directories(tree / ".git");
  kc::write_file_atomic(tree / ".git/HEAD", "ref: refs/heads/master\n");
  LtpInstall in = ensure_ltp_install(f.request(tree.string()), f.factory());
  EXPECT_TRUE(in.built);
  EXPECT_EQ(f.steps.front().argv, (std::vector<std::string>{"make", "autotools"}));
  EXPECT_FALSE(fs::exists(tree / "configure"));  // the user's tree is not written to
  // An edit to the tree is a new source.
  kc::write_file_atomic(tree / "runtest/smoketest", "t01 t01\n");
  EXPECT_TRUE(ensure_ltp_install(f.request(tree.string()), f.factory()).built);
  // .git is not part of the source's identity.
  kc::write_file_atomic(tree / ".git/HEAD", "ref: refs/heads/other\n");
  EXPECT_FALSE(ensure_ltp_install(f.request(tree.string()), f.factory()).built);
}

}  // namespace
}  // namespace krun::ltp
