// LAVA for real: krun writes the LAVA job of a run (--lava-definition,
// --lava-only), `krun lava dispatch` checks it against LAVA's own schema and
// runs it with Debian's lava-run (LAVA 2023.01) in the krun/lava_bookworm
// image, and `krun lava results` turns the job's log into results.json. On
// the shared x86_64 and arm64 kernels, LAVA reports the boot and each
// command case as krun's own run of the same inputs does; a kernel crash in
// the job's console gets krun's crash analysis.
#include <gtest/gtest.h>

#include "common/json_file.h"
#include "tests/support/system_kernels.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;

std::string shared_cache() { return testenv::krun_system_cache().string(); }

kc::ProcessResult krun(std::vector<std::string> args) {
  return testenv::run(testenv::krun_bin(), args, {}, {}, std::chrono::seconds(1200));
}

struct LavaCase { const char* device; const char* kernel; };

class LavaDispatch : public ::testing::TestWithParam<LavaCase> {};

TEST_P(LavaDispatch, TheJobRunsInLavaWithKrunsResults) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  const LavaCase& c = GetParam();
  auto kernel = testenv::system_kernel(c.kernel);
  testenv::TempDir dir("lava");
  const std::vector<std::string> commands = {"--", "uname -m", "false"};
  std::vector<std::string> job = {"-q", "--cache-dir", shared_cache(), "--device", c.device, "--kbuild",
                                  kernel.dir.string(), "--lava-definition", (dir / "job/job.yaml").string(),
                                  "--lava-only"};
  job.insert(job.end(), commands.begin(), commands.end());
  auto written = krun(job);
  ASSERT_EQ(written.exit_code, 0) << written.err;
  ASSERT_TRUE(fs::exists(dir / "job/job.yaml"));
  ASSERT_TRUE(fs::exists(dir / "job/job.device.yaml"));
  ASSERT_TRUE(fs::exists(dir / "job/job-rootfs.cpio.gz"));
  EXPECT_NE(testenv::read_file(dir / "job/job.yaml").find("file://" + (dir / "job").string()), std::string::npos);

  auto dispatched = krun({"lava", "dispatch", "--job", (dir / "job/job.yaml").string(), "--output",
                          (dir / "out").string()});
  ASSERT_EQ(dispatched.exit_code, 0) << dispatched.err;
  EXPECT_NE(dispatched.err.find("LAVA krun/command_1: pass"), std::string::npos) << dispatched.err;
  EXPECT_NE(dispatched.err.find("LAVA krun/command_2: fail"), std::string::npos) << dispatched.err;

  std::vector<std::string> parse = {"lava", "results", (dir / "out").string(), "--results",
                                    (dir / "lava-results.json").string()};
  parse.insert(parse.end(), commands.begin(), commands.end());
  auto parsed = krun(parse);
  EXPECT_EQ(parsed.exit_code, 1) << parsed.err;  // `false` fails
  auto lava = kc::read_json_file(dir / "lava-results.json");

  // krun's own run of the same inputs.
  std::vector<std::string> local = {"-q", "--cache-dir", shared_cache(), "--device", c.device, "--kbuild",
                                    kernel.dir.string(), "--results", (dir / "local-results.json").string()};
  local.insert(local.end(), commands.begin(), commands.end());
  auto ran = krun(local);
  EXPECT_EQ(ran.exit_code, 1) << ran.err;
  auto mine = kc::read_json_file(dir / "local-results.json");

  EXPECT_EQ(lava["boot"]["boot"]["result"], "pass") << lava.dump(2);
  EXPECT_EQ(lava["boot"]["boot"]["result"], mine["boot"]["boot"]["result"]);
  for (const char* cmd : {"uname -m", "false"})
    EXPECT_EQ(lava["commands"][cmd]["result"], mine["commands"][cmd]["result"]) << cmd << "\n" << lava.dump(2);
  EXPECT_EQ(lava["commands"]["uname -m"]["result"], "pass");
  EXPECT_EQ(lava["commands"]["false"]["result"], "fail");
  // LAVA's own verdicts, from its monitor on krun's markers.
  EXPECT_EQ(lava["krun"]["command_1"]["result"], "pass");
  EXPECT_EQ(lava["krun"]["command_2"]["result"], "fail");
  EXPECT_EQ(lava["lava"]["job"]["result"], "pass");
}

INSTANTIATE_TEST_SUITE_P(Devices, LavaDispatch,
                         ::testing::Values(LavaCase{"qemu-x86_64", "x86_64"}, LavaCase{"qemu-arm64", "arm64"}),
                         testenv::device_test_name<LavaCase>);

// A kernel that crashes under LAVA: the job does not complete, and the
// job's log still gets krun's crash analysis (exit 1, the crash's title).
TEST(LavaDispatch, ACrashInTheJobsConsoleIsFound) {
  REQUIRE_OR_SKIP(testenv::can_build_system_kernels(), "podman and linux-source-6.1 are needed");
  auto kernel = testenv::system_kernel("x86_64");
  testenv::TempDir dir("lava-crash");
  auto written = krun({"-q", "--cache-dir", shared_cache(), "--kbuild", kernel.dir.string(), "--lava-definition",
                       (dir / "job.yaml").string(), "--lava-only", "--timeouts", "boot=60s", "--",
                       "echo c > /proc/sysrq-trigger"});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  auto dispatched = krun({"lava", "dispatch", "--job", (dir / "job.yaml").string(), "--output", (dir / "out").string()});
  EXPECT_EQ(dispatched.exit_code, 2) << dispatched.err;  // the guest died before <<KRUN>> DONE
  EXPECT_TRUE(fs::exists(dir / "out/output.yaml"));
  auto parsed = krun({"lava", "results", (dir / "out").string(), "--results", (dir / "r.json").string(), "--",
                      "echo c > /proc/sysrq-trigger"});
  EXPECT_EQ(parsed.exit_code, 1) << parsed.err;
  auto r = kc::read_json_file(dir / "r.json");
  EXPECT_EQ(r["boot"]["kernel-messages"]["result"], "fail") << r.dump(2);
  ASSERT_FALSE(r["boot"]["kernel-messages"]["crashes"].empty());
  EXPECT_NE(r["boot"]["kernel-messages"]["crashes"][0]["title"].get<std::string>().find("sysrq"), std::string::npos)
      << r["boot"]["kernel-messages"].dump(2);
}

}  // namespace
