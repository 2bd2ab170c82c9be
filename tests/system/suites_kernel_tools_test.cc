// krun's suites that come from the kernel tree and Debian: every module
// loaded and unloaded (our out-of-tree module that oopses on load fails with
// the crash's title), RCU's torture test, perf test and cpupower with the
// tools kbuild's perf and cpupower targets built, and the kselftest
// collections an install really has listed by --list-tests. All on the
// shared x86_64 system kernel, which carries -K perf and -K rcutorture.
#include <gtest/gtest.h>

#include "common/json_file.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

std::string shared_cache() { return testenv::krun_system_cache().string(); }

struct KrunRun {
  kc::ProcessResult process;
  nlohmann::json results;
};

KrunRun krun(const testenv::TempDir& dir, std::vector<std::string> args) {
  std::vector<std::string> all = {"--cache-dir", shared_cache(), "--disable-kvm", "--results",
                                  (dir / "results.json").string()};
  all.insert(all.end(), args.begin(), args.end());
  KrunRun r;
  r.process = testenv::run(testenv::krun_bin(), all, {}, {}, std::chrono::minutes(30));
  if (fs::exists(dir / "results.json")) r.results = kc::read_json_file(dir / "results.json");
  return r;
}

// Runs `--tests SUITE` on the x86_64 system kernel with the tool kbuild's
// target of the same name built: its tarball goes to the guest as
// VARIABLE=tarball, as TuxRun's perf and cpupower tests take it.
KrunRun krun_with_kbuild_tool(const testenv::TempDir& dir, const std::string& tool, const std::string& variable,
                              std::vector<std::string> more_parameters = {}) {
  auto kernel = testenv::system_kernel("x86_64");
  auto built = testenv::system_kernel_rerun("x86_64", tool, {"config", tool});
  fs::path tarball = built / (tool + ".tar.xz");
  EXPECT_TRUE(fs::exists(tarball)) << tarball;
  std::vector<std::string> args = {"--kbuild", kernel.dir.string(), "--tests", tool,
                                   "--parameters", variable + "=" + tarball.string()};
  for (auto& p : more_parameters) args.insert(args.end(), {"--parameters", p});
  return krun(dir, args);
}

TEST(SuitesModules, EveryModuleLoadsAndUnloadsAndACrashFailsItsModule) {
  auto kernel = testenv::system_kernel("x86_64");
  auto out = testenv::system_kernel_rerun(
      "x86_64", "external-kunit",
      {"--external-module", (testenv::source_dir() / "tests/system/data/failing-kunit-module").string(), "config",
       "modules"});
  testenv::TempDir dir;
  KrunRun r = krun(dir, {"--device", "qemu-x86_64", "--kernel", kernel.kernel.string(), "--modules",
                     (out / "modules.tar.xz").string(), "--tests", "modules"});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;  // the oops
  const auto& modules = r.results["modules"];
  EXPECT_EQ(modules["kunit-test"]["result"], "pass") << modules.dump(2);
  EXPECT_EQ(modules["krun_selftest_kunit"]["result"], "pass") << modules.dump(2);
  EXPECT_EQ(modules["krun_oops_on_load"]["result"], "fail") << modules.dump(2);
  EXPECT_NE(modules["krun_oops_on_load"]["reason"].get<std::string>().find("crash: BUG: kernel NULL pointer "
                                                                            "dereference"),
            std::string::npos)
      << modules.dump(2);
  // TuxRun's MODULES_LIST: only those.
  testenv::TempDir one;
  KrunRun listed = krun(one, {"--device", "qemu-x86_64", "--kernel", kernel.kernel.string(), "--modules",
                          (out / "modules.tar.xz").string(), "--tests", "modules", "--parameters",
                          "MODULES_LIST=kunit-test"});
  EXPECT_EQ(listed.process.exit_code, 0) << listed.process.err;
  EXPECT_EQ(listed.results["modules"].size(), 1u) << listed.results.dump(2);
}

TEST(SuitesRcutorture, TheTortureTestsOwnEndLineDecides) {
  auto kernel = testenv::system_kernel("x86_64");
  testenv::TempDir dir;
  KrunRun r = krun(dir, {"--kbuild", kernel.dir.string(), "--tests", "rcutorture", "--parameters", "TORTURE_TIME=30"});
  EXPECT_EQ(r.process.exit_code, 0) << r.process.err << r.results.dump(2);
  const auto& cases = r.results["rcutorture"];
  for (const char* c : {"modprobe-rcutorture", "rcutorture-start", "rmmod-rcutorture", "rcutorture-end"})
    EXPECT_EQ(cases[c]["result"], "pass") << c << "\n" << cases.dump(2);
}

TEST(SuitesPerf, PerfTestWithThePerfKbuildBuilt) {
  testenv::TempDir dir;
  // A subset of perf test: all of it takes too long under TCG.
  KrunRun r = krun_with_kbuild_tool(dir, "perf", "PERF", {"PERF_TESTS=1 2 3 4 5 6 7"});
  ASSERT_TRUE(r.results.contains("perf")) << r.process.err << r.results.dump(2);
  const auto& cases = r.results["perf"];
  EXPECT_GE(cases.size(), 5u) << cases.dump(2);
  int passed = 0;
  for (const auto& [name, c] : cases.items()) {
    EXPECT_EQ(name.rfind("_", 0), 0u) << name;  // LKFT's names
    passed += c["result"] == "pass";
  }
  EXPECT_GE(passed, 1) << cases.dump(2);
}

TEST(SuitesCpupower, CpupowersCommandsRunWithTheToolKbuildBuilt) {
  testenv::TempDir dir;
  KrunRun r = krun_with_kbuild_tool(dir, "cpupower", "CPUPOWER");
  const auto& cases = r.results["cpupower"];
  ASSERT_EQ(cases.size(), 3u) << r.process.err << r.results.dump(2);
  EXPECT_EQ(cases["info"]["result"], "pass") << cases.dump(2);
}

TEST(KselftestCatalogue, ListTestsNamesTheCollectionsTheInstallHas) {
  auto kselftest = testenv::system_kselftest("x86_64", "size exec");
  auto r = testenv::run(testenv::krun_bin(), {"--list-tests", "--parameters", "KSELFTEST=" + kselftest.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("kselftest-size "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("kselftest-exec "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("kselftest-timers "), std::string::npos) << r.out;  // not built into this install
}

}  // namespace
