#pragma once
// LTP for the tests: the release tarball the project's machines have
// (../shared/ltp, the same file krun downloads by default), and where the
// compiler cache of the LTP builds lives: outside the build tree, so a fresh
// clone on a machine that ran the tests before starts warm. The LTP builds
// themselves are shared through the krun cache folder the system tests share.
#include <filesystem>
#include <map>
#include <string>

namespace testenv {

// <source>/../shared/ltp/ltp-20260529.tar.xz (whether or not it exists).
std::filesystem::path ltp_release_tarball();

// $KRUN_TEST_LTP_CCACHE_DIR, else <user cache>/krun/system-test-ltp-ccache.
std::filesystem::path ltp_ccache_dir();

// The environment a krun run gets in the tests: KRUN_LTP_CCACHE_DIR.
std::map<std::string, std::string> ltp_env();

}  // namespace testenv
