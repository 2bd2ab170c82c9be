#include "krun/ltp/ltp_release.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/atomic_file.h"
#include "common/errors.h"
#include "common/scratch_folder.h"

namespace krun::ltp {
namespace {

namespace fs = std::filesystem;

// The release krun downloads by default is the one the project's machines
// have a copy of (../shared/ltp, with its SHA256SUMS): same file name, same hash.
TEST(LtpRelease, TheShippedPinIsTheReleaseWithItsPublishedHash) {
  LtpRelease r = load_ltp_release(fs::path(KPROJECT_SOURCE_DIR) / "ltp/release.yaml");
  EXPECT_EQ(r.version, "20260529");
  EXPECT_EQ(r.url, "https://github.com/linux-test-project/ltp/releases/download/20260529/ltp-20260529.tar.xz");
  EXPECT_EQ(r.file_name(), "ltp-20260529.tar.xz");
  fs::path sums = fs::path(KPROJECT_SOURCE_DIR) / "../shared/ltp/SHA256SUMS";
  ASSERT_TRUE(fs::exists(sums)) << sums;
  EXPECT_NE(kc::read_file(sums).find(r.sha256 + "  " + r.file_name()), std::string::npos) << r.sha256;
}

TEST(LtpRelease, TuxRunNamesMapToRuntestFiles) {
  LtpRelease r = load_ltp_release(fs::path(KPROJECT_SOURCE_DIR) / "ltp/release.yaml");
  EXPECT_EQ(runtest_for(r.runtest_names, "ltp-smoke"), "smoketest");
  EXPECT_EQ(runtest_for(r.runtest_names, "ltp-syscalls"), "syscalls");
  EXPECT_EQ(runtest_for(r.runtest_names, "ltp-fs_bind"), "fs_bind");
}

TEST(LtpRelease, AMalformedPinIsAnErrorNamingTheFile) {
  kc::ScratchFolder dir(fs::temp_directory_path(), "ltp-release-test");
  for (const char* text : {"version: x\nurl: https://h/ltp.tar.xz\nsha256: abc\n",
                           "version: x\nurl: ftp://h/ltp.tar.xz\nsha256: " 
                           "b8e0c1455f717c041cd1ce24be80312563aaa7d54212f5f9958e1fc2b242d500\n",
                           "url: https://h/ltp.tar.xz\n"}) {
    kc::write_file_atomic(dir.path() / "release.yaml", text);
    try {
      load_ltp_release(dir.path() / "release.yaml");
      ADD_FAILURE() << text;
    } catch (const kc::Error& e) {
      EXPECT_NE(std::string(e.what()).find("release.yaml"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(load_ltp_release(dir.path() / "missing.yaml"), kc::Error);
}

}  // namespace
}  // namespace krun::ltp
