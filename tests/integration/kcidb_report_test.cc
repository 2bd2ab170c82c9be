// KCIDB reports from the real binaries, checked against KCIDB's own schema
// (../shared/kcidb, python3-jsonschema): kbuild's checkout and build (a
// passing and a failing fake-tree build), krun's tests with a FAKE qemu (a
// case per result, a crash as a failing test, a skipped case) linked to
// kbuild's build through metadata.json, and the submission to a local HTTP
// server, which failing leaves the report written and exits 3 (kbuild) / 2 (krun).
#include <gtest/gtest.h>

#include "common/json_file.h"
#include "tests/support/test_http_server.h"
#include "tests/integration/kbuild_harness.h"
#include "tests/integration/krun_harness.h"
#include "tests/support/kcidb_schema.h"
#include "tests/support/test_env.h"

namespace {

namespace fs = std::filesystem;
using kbuild_it::kbuild;
using kbuild_it::null_build;

const char* kCrashConsole =
    "[    0.000000] Linux version 6.1.0 (fake)\n"
    "[    0.500000] Run /init as init process\n"
    "<<KRUN>> BOOT\n"
    "<<KRUN>> START command-1\n"
    "Linux fake 6.1.0 x86_64\n"
    "<<KRUN>> END command-1 0\n"
    "<<KRUN>> START command-2\n"
    "[    1.000000] ------------[ cut here ]------------\n"
    "[    1.000001] WARNING: CPU: 0 PID: 1 at kernel/fake.c:12 fake_function+0x10/0x20\n"
    "[    1.000002] Modules linked in:\n"
    "[    1.000003] ---[ end trace 0000000000000000 ]---\n"
    "<<KRUN>> END command-2 1\n"
    "<<KRUN>> DONE\n"
    "[    2.000000] reboot: Restarting system\n";

TEST(KcidbReport, KbuildWritesAValidCheckoutAndBuildAndRecordsTheBuildId) {
  testenv::TempDir home("kcidb");
  auto r = kbuild(home, null_build(home, {"--kcidb", (home / "kcidb.json").string(), "--kcidb-origin", "my_lab",
                                          "config", "kernel"}));
  ASSERT_EQ(r.code(), 0) << r.result.err;
  EXPECT_EQ(testenv::kcidb_schema_errors(home / "kcidb.json"), "");
  auto report = kc::read_json_file(home / "kcidb.json");
  auto m = r.metadata();
  EXPECT_EQ(report["builds"][0]["id"], m["kcidb"]["build_id"]);
  EXPECT_EQ(report["builds"][0]["status"], "PASS");
  EXPECT_EQ(report["builds"][0]["architecture"], "x86_64");
  EXPECT_EQ(report["checkouts"][0]["id"], m["kcidb"]["checkout_id"]);
  EXPECT_TRUE(m["kcidb"]["build_id"].get<std::string>().starts_with("my_lab:"));
}

TEST(KcidbReport, AFailedBuildIsAValidFailWithItsLogExcerpt) {
  testenv::TempDir home("kcidb");
  auto r = kbuild(home, null_build(home, {"--kcidb", (home / "kcidb.json").string(), "config", "kernel",
                                          "FAKE_FAIL=kernel"}));
  EXPECT_EQ(r.code(), 2) << r.result.err;
  EXPECT_EQ(testenv::kcidb_schema_errors(home / "kcidb.json"), "");
  auto b = kc::read_json_file(home / "kcidb.json")["builds"][0];
  EXPECT_EQ(b["status"], "FAIL");
  EXPECT_NE(b["log_excerpt"].get<std::string>().find("fake failure in kernel"), std::string::npos) << b.dump(2);
}

TEST(KcidbReport, BadOriginsAreUsageErrors) {
  testenv::TempDir home("kcidb");
  auto r = kbuild(home, null_build(home, {"--kcidb", (home / "k.json").string(), "--kcidb-origin", "My-Lab"}));
  EXPECT_EQ(r.code(), 1);
  EXPECT_NE(r.result.err.find("--kcidb-origin My-Lab"), std::string::npos) << r.result.err;
  auto k = testenv::run(testenv::krun_bin(), {"--kernel", "x", "--kcidb", "k.json", "--kcidb-origin", "a:b"});
  EXPECT_EQ(k.exit_code, 2);
  EXPECT_NE(k.err.find("--kcidb-origin a:b"), std::string::npos) << k.err;
}

TEST(KcidbReport, KrunTestsAreValidLinkedToKbuildsBuildWithTheCrashAsAFailingTest) {
  testenv::TempDir home("kcidb");
  auto b = kbuild(home, null_build(home, {"config", "kernel"}));
  ASSERT_EQ(b.code(), 0) << b.result.err;
  const std::string build_id = b.metadata()["kcidb"]["build_id"];
  testenv::write_file(home / "skip", "commands/uname -a\n");
  auto r = krun_it::krun_with_fake_qemu(
      home, kCrashConsole,
      {"--kbuild", (home / "out").string(), "--kcidb", (home / "tests.json").string(), "--log-file",
       (home / "console.log").string(), "--parameters", "SKIPFILE=" + (home / "skip").string(), "--", "uname -a",
       "false"});
  EXPECT_EQ(r.process.exit_code, 1) << r.process.err;  // the crash and the failed command
  EXPECT_EQ(testenv::kcidb_schema_errors(home / "tests.json"), "");
  auto report = kc::read_json_file(home / "tests.json");
  EXPECT_FALSE(report.contains("builds"));
  std::map<std::string, nlohmann::json> by_path;
  for (const auto& t : report["tests"]) {
    EXPECT_EQ(t["build_id"], build_id);
    by_path[t["path"]] = t;
  }
  EXPECT_EQ(by_path.at("boot")["status"], "PASS");
  EXPECT_EQ(by_path.at("commands.uname_-a")["status"], "SKIP");
  EXPECT_EQ(by_path.at("commands.false")["status"], "FAIL");
  EXPECT_EQ(by_path.at("crash.warning.1")["status"], "FAIL");
  EXPECT_NE(by_path.at("crash.warning.1")["comment"].get<std::string>().find("WARNING in fake_function"),
            std::string::npos)
      << by_path.at("crash.warning.1").dump(2);
  EXPECT_EQ(by_path.at("boot")["log_url"], "file://" + (home / "console.log").string());
}

TEST(KcidbReport, SubmissionRetriesThenFailsKeepingTheReport) {
  int calls = 0;
  kc::TestHttpServer server([&](const std::string&, const std::map<std::string, std::string>&) {
    ++calls;
    return kc::TestHttpServer::Response{500, "down", {}};
  });
  testenv::TempDir home("kcidb");
  auto r = kbuild(home, null_build(home, {"--kcidb", (home / "kcidb.json").string(), "--kcidb-submit",
                                          server.url() + "/submit", "config"}),
                  {{"KCIDB_TOKEN", "t0ken"}});
  EXPECT_EQ(r.code(), 3) << r.result.err;
  EXPECT_EQ(calls, 3);
  EXPECT_NE(r.result.err.find("KCIDB submission to " + server.url() + "/submit failed: HTTP 500"), std::string::npos)
      << r.result.err;
  EXPECT_EQ(testenv::kcidb_schema_errors(home / "kcidb.json"), "");
  EXPECT_EQ(r.metadata()["results"]["status"], "PASS");  // the build itself passed

  testenv::TempDir run("kcidb-krun");
  auto k = krun_it::krun_with_fake_qemu(run, kCrashConsole,
                                        {"--kcidb", (run / "tests.json").string(), "--kcidb-submit",
                                         "http://127.0.0.1:1/submit"});
  EXPECT_EQ(k.process.exit_code, 1) << k.process.err;  // the run's own verdict stays
  EXPECT_TRUE(fs::exists(run / "results.json"));
  EXPECT_EQ(testenv::kcidb_schema_errors(run / "tests.json"), "");
  EXPECT_NE(k.process.err.find("KCIDB submission to http://127.0.0.1:1/submit failed"), std::string::npos)
      << k.process.err;
}

TEST(KcidbReport, SubmissionReachesTheServer) {
  std::string body;
  kc::TestHttpServer server([&](const std::string&, const std::map<std::string, std::string>& h) {
    body = h.at(":body");
    return kc::TestHttpServer::Response{200, "{}", {}};
  });
  testenv::TempDir run("kcidb-krun");
  auto k = krun_it::krun_with_fake_qemu(run, kCrashConsole,
                                        {"--kcidb", (run / "tests.json").string(), "--kcidb-submit",
                                         server.url() + "/submit", "--", "uname -a"});
  EXPECT_EQ(k.process.exit_code, 1) << k.process.err;
  ASSERT_FALSE(body.empty());
  EXPECT_EQ(nlohmann::json::parse(body), kc::read_json_file(run / "tests.json"));
}

}  // namespace
