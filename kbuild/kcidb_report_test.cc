#include "kbuild/kcidb_report.h"

#include <gtest/gtest.h>

#include "common/atomic_file.h"
#include "common/scratch_folder.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

nlohmann::json sample_metadata(const std::string& status) {
  return {{"build", {{"target_arch", "arm64"}, {"toolchain", "gcc-12"}, {"kconfig", "tinyconfig"},
                     {"kconfig_add", {"CONFIG_X=y"}}, {"source_dir", "/src/linux"},
                     {"reproducer_cmdline", {"kbuild", "-a", "arm64", "-t", "gcc-12"}}}},
          {"git", {{"git_commit", "0123456789abcdef0123456789abcdef01234567"}, {"git_describe", "v6.1-3-g0123456"},
                   {"git_branch", "master"}, {"git_url", "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git"}}},
          {"compiler", {{"version_full", "aarch64-linux-gnu-gcc-12 (Debian 12.2.0-14) 12.2.0"}}},
          {"results", {{"status", status}, {"duration", {{"total", 61.5}}}, {"errors", 1}, {"warnings", 0},
                       {"artifacts", {{"kernel", {"Image.gz"}}, {"config", {"config"}}, {"log", {"build.log"}}}}}}};
}

TEST(KcidbReport, CheckoutAndBuildFromMetadata) {
  kc::ScratchFolder out(fs::temp_directory_path(), "kcidb-report-test");
  for (const char* f : {"Image.gz", "config", "build.log"}) kc::write_file_atomic(out.path() / f, "x\n");
  nlohmann::json m = sample_metadata("PASS");
  auto start = std::chrono::system_clock::time_point(std::chrono::seconds(1764622800));
  m["kcidb"] = kcidb_ids(m, "my_lab", start);
  EXPECT_EQ(m["kcidb"]["checkout_id"], "my_lab:0123456789abcdef0123456789abcdef01234567");
  EXPECT_TRUE(m["kcidb"]["build_id"].get<std::string>().starts_with("my_lab:build-"));
  // Another start is another build of the same checkout.
  auto later = kcidb_ids(m, "my_lab", start + std::chrono::seconds(5));
  EXPECT_EQ(later["checkout_id"], m["kcidb"]["checkout_id"]);
  EXPECT_NE(later["build_id"], m["kcidb"]["build_id"]);

  auto r = kcidb_build_report(m, out.path(), "");
  const auto& c = r["checkouts"][0];
  EXPECT_EQ(c["git_commit_hash"], "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(c["git_commit_name"], "v6.1-3-g0123456");
  EXPECT_EQ(c["git_repository_branch"], "master");
  EXPECT_TRUE(c["git_repository_url"].get<std::string>().starts_with("https://"));
  const auto& b = r["builds"][0];
  EXPECT_EQ(b["id"], m["kcidb"]["build_id"]);
  EXPECT_EQ(b["checkout_id"], c["id"]);
  EXPECT_EQ(b["architecture"], "arm64");
  EXPECT_EQ(b["status"], "PASS");
  EXPECT_EQ(b["duration"], 61.5);
  EXPECT_EQ(b["start_time"], "2025-12-01T21:00:00.000000+00:00");
  EXPECT_EQ(b["log_url"], "file://" + (out.path() / "build.log").string());
  EXPECT_EQ(b["config_url"], "file://" + (out.path() / "config").string());
  EXPECT_EQ(b["output_files"].size(), 3u);
  EXPECT_FALSE(b.contains("log_excerpt"));

  auto published = kcidb_build_report(m, out.path(), "https://ci.example/builds/42");
  EXPECT_EQ(published["builds"][0]["log_url"], "https://ci.example/builds/42/build.log");
}

TEST(KcidbReport, AFailedBuildCarriesTheEndOfItsLogAndNoGitIsFine) {
  kc::ScratchFolder out(fs::temp_directory_path(), "kcidb-report-test");
  kc::write_file_atomic(out.path() / "build.log", "make: *** [Makefile:1] Error 2\n");
  nlohmann::json m = sample_metadata("FAIL");
  m["git"] = nlohmann::json::object();
  m["kcidb"] = kcidb_ids(m, "kbuild", std::chrono::system_clock::now());
  EXPECT_TRUE(m["kcidb"]["checkout_id"].get<std::string>().starts_with("kbuild:src-"));
  auto r = kcidb_build_report(m, out.path(), "");
  EXPECT_EQ(r["builds"][0]["status"], "FAIL");
  EXPECT_NE(r["builds"][0]["log_excerpt"].get<std::string>().find("Error 2"), std::string::npos);
  EXPECT_FALSE(r["checkouts"][0].contains("git_commit_hash"));
  m["results"]["status"] = "INTERRUPTED";
  EXPECT_EQ(kcidb_build_report(m, out.path(), "")["builds"][0]["status"], "ERROR");
}

}  // namespace
}  // namespace kbuild
