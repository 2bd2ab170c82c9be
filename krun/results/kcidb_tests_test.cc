#include "krun/results/kcidb_tests.h"

#include <gtest/gtest.h>

#include "common/atomic_file.h"
#include "common/scratch_folder.h"

namespace krun {
namespace {

namespace fs = std::filesystem;

TEST(KcidbTests, OneTestPerCaseAndPerCrashLinkedToKbuildsBuild) {
  kc::ScratchFolder dir(fs::temp_directory_path(), "kcidb-tests-test");
  kc::write_file_atomic(dir.path() / "console.log", "line1\nfork01 ran\nfork01 passed\nOops\n");
  nlohmann::json results = {
      {"boot", {{"boot", {{"result", "pass"}, {"duration", 1.5}}},
                {"kernel-messages", {{"result", "fail"},
                                     {"crashes", {{{"kind", "oops"}, {"title", "Oops in foo"}, {"first_line", 4},
                                                   {"last_line", 4}, {"excerpt", "Oops\n"}}}}}}}},
      {"ltp-smoke", {{"fork01", {{"result", "pass"}, {"duration", 0.1}, {"lines", {2, 3}}}},
                     {"macsec02", {{"result", "skip"}, {"reason", "TCONF"}}}}},
      {"commands", {{"uname -a", {{"result", "fail"}, {"reason", "not run: the guest stopped before this test"}}}}},
      {"kunit/example", {{"example_simple_test", {{"result", "pass"}}}}}};
  KcidbRun run;
  run.origin = "my_lab";
  run.build_id = "kbuild:build-abc";
  run.device = "qemu-arm64";
  run.qemu_version = "QEMU emulator version 7.2.0";
  run.console_log = dir.path() / "console.log";
  run.log_url = "file:///out/console.log";
  auto r = kcidb_test_report(results, run);
  EXPECT_FALSE(r.contains("builds"));  // kbuild's build is referenced, not repeated
  std::map<std::string, nlohmann::json> by_path;
  for (const auto& t : r["tests"]) {
    EXPECT_EQ(t["build_id"], "kbuild:build-abc");
    EXPECT_EQ(t["origin"], "my_lab");
    EXPECT_TRUE(t["id"].get<std::string>().starts_with("my_lab:run-"));
    by_path[t["path"]] = t;
  }
  EXPECT_EQ(by_path.at("boot")["status"], "PASS");
  EXPECT_EQ(by_path.at("boot.kernel-messages")["status"], "FAIL");
  EXPECT_EQ(by_path.at("ltp-smoke.fork01")["status"], "PASS");
  EXPECT_EQ(by_path.at("ltp-smoke.fork01")["log_excerpt"], "fork01 ran\nfork01 passed\n");
  EXPECT_EQ(by_path.at("ltp-smoke.macsec02")["status"], "SKIP");
  EXPECT_EQ(by_path.at("commands.uname_-a")["status"], "MISS");
  EXPECT_EQ(by_path.at("kunit.example.example_simple_test")["status"], "PASS");
  EXPECT_EQ(by_path.at("crash.oops.1")["status"], "FAIL");
  EXPECT_EQ(by_path.at("crash.oops.1")["comment"], "Oops in foo");
  EXPECT_EQ(by_path.at("boot")["environment"]["misc"]["device"], "qemu-arm64");
}

TEST(KcidbTests, WithoutKbuildTheReportDescribesTheKernelsBuild) {
  nlohmann::json results = {{"boot", {{"boot", {{"result", "unknown"}, {"reason", "qemu-failed"}}}}}};
  KcidbRun run;
  run.kernel_sha256 = std::string(64, 'a');
  run.kernel_name = "bzImage";
  run.kernel_url = "file:///k/bzImage";
  run.arch = "x86_64";
  auto r = kcidb_test_report(results, run);
  ASSERT_EQ(r["builds"].size(), 1u);
  EXPECT_EQ(r["builds"][0]["id"], "krun:kernel-" + std::string(24, 'a'));
  EXPECT_EQ(r["builds"][0]["checkout_id"], r["checkouts"][0]["id"]);
  EXPECT_EQ(r["tests"][0]["build_id"], r["builds"][0]["id"]);
  EXPECT_EQ(r["tests"][0]["status"], "MISS");  // qemu never ran the test
}

}  // namespace
}  // namespace krun
