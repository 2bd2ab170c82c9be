#pragma once
// The pinned LTP release and the test-name → runtest-file table, as data
// (ltp/release.yaml in krun's data folder).
#include <filesystem>
#include <map>
#include <string>

namespace krun::ltp {

struct LtpRelease {
  std::filesystem::path file;
  std::string version;  // "20260529"
  std::string url;      // where the release tarball is downloaded from
  std::string sha256;   // of that tarball
  std::map<std::string, std::string> runtest_names;  // "ltp-smoke" → "smoketest"
  // The tarball's file name in the URL ("ltp-20260529.tar.xz").
  std::string file_name() const;
};

// <krun data>/ltp: release.yaml and the guest runner.
std::filesystem::path ltp_data_dir();

// Throws kc::Error(Infrastructure) naming the file for a malformed one.
LtpRelease load_ltp_release(const std::filesystem::path& file);
LtpRelease load_ltp_release();  // from ltp_data_dir()

// The runtest file an `ltp-<name>` test runs: the table's entry, else <name>.
std::string runtest_for(const std::map<std::string, std::string>& runtest_names, const std::string& test_name);

}  // namespace krun::ltp
